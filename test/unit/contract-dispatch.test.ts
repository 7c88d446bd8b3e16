import { describe, expect, it, vi } from 'vitest';
import { channelNames, type ChannelName } from '../../preload/contract';
import { createDispatch, type Handlers } from '../../main/core/dispatch';
import { AppError } from '../../main/core/errors';

const ctx = { emit: vi.fn() };

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const fail = async () => {
    throw new Error('not used in this test');
  };
  const all = Object.fromEntries(channelNames.map((c) => [c, fail])) as unknown as Handlers;
  return { ...all, ...overrides };
}

describe('contract dispatch', () => {
  it('refuses unknown channels', async () => {
    const dispatch = createDispatch(handlersWith({}));
    expect(await dispatch('fs:read', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await dispatch('__proto__', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
  });

  it('refuses invalid input with the schema complaint and never calls the handler', async () => {
    const send = vi.fn();
    const dispatch = createDispatch(handlersWith({ 'http:send': send }));
    const result = await dispatch(
      'http:send',
      { requestId: 'r1', connectionId: 'demo-sentinelone', method: 'FETCH', path: 'threats' },
      ctx,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toMatch(/method/);
    }
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses unexpected extra fields (strict inputs)', async () => {
    const dispatch = createDispatch(handlersWith({ 'demo:start': vi.fn() }));
    const result = await dispatch('demo:start', { tenant: 'sentinelone', token: 'x' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a requestId that could be used as a path', async () => {
    const dispatch = createDispatch(handlersWith({}));
    const result = await dispatch(
      'http:send',
      { requestId: '../../etc/passwd', connectionId: 'c', method: 'GET', path: '' },
      ctx,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('applies defaults and passes parsed input to the handler', async () => {
    const send = vi.fn(async () => ({ cancelled: true }));
    const dispatch = createDispatch(handlersWith({ 'http:cancel': send }));
    expect(await dispatch('http:cancel', { requestId: 'abc' }, ctx)).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    expect(send).toHaveBeenCalledWith({ requestId: 'abc' }, ctx);
  });

  it('turns AppError into the error envelope and hides unexpected errors', async () => {
    const log = vi.fn();
    const dispatch = createDispatch(
      handlersWith({
        'demo:status': async () => {
          throw new AppError('demo_not_running', 'Start it first.');
        },
        'connections:list': async () => {
          throw new Error('secret internals');
        },
      }),
      log,
    );
    expect(await dispatch('demo:status', {}, ctx)).toEqual({
      ok: false,
      error: { code: 'demo_not_running', message: 'Start it first.' },
    });
    const hidden = await dispatch('connections:list', {}, ctx);
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('secret internals');
    expect(log).toHaveBeenCalled();
  });

  it('refuses an output that breaks the contract', async () => {
    const dispatch = createDispatch(
      handlersWith({ 'http:cancel': async () => ({ cancelled: 'yes' }) as never }),
    );
    expect(await dispatch('http:cancel', { requestId: 'a' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('lists every channel as domain:verb', () => {
    for (const name of channelNames as ChannelName[]) expect(name).toMatch(/^[a-z]+:[a-z-]+$/);
  });
});
