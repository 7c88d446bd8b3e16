import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../preload/contract';
import { ApiError, createApiClient, pickTransport } from '../../renderer/src/api/client';
import {
  HOST_TOKEN_KEY,
  channelPath,
  createHostTransport,
  takeHostToken,
} from '../../renderer/src/api/host-transport';

const appInfo = {
  name: 'Sentinel Operator Console',
  version: '0.1.0',
  transport: 'electron' as const,
  platform: 'linux',
  firstLaunch: false,
};

/** Only what a test touches; the rest of the bridge is never called. */
function fakeBridge(channels: Record<string, unknown>, events: Record<string, unknown> = {}) {
  return { channels, events } as unknown as Bridge;
}

afterEach(() => {
  delete window.sentinel;
  window.sessionStorage.clear();
  vi.unstubAllGlobals();
});

describe('api client over the preload bridge', () => {
  it('unwraps ok envelopes', async () => {
    window.sentinel = fakeBridge({
      'app:info': vi.fn(async () => ({ ok: true, value: appInfo })),
    });
    const client = createApiClient(pickTransport());
    expect(client.transport).toBe('electron');
    await expect(client.call('app:info', {})).resolves.toEqual(appInfo);
  });

  it('throws ApiError with main’s code, message and details on failed envelopes', async () => {
    const failure = {
      ok: false,
      error: { code: 'connection_refused', message: 'Nothing listens on 127.0.0.1:1.', details: 1 },
    };
    window.sentinel = fakeBridge({ 'http:cancel': vi.fn(async () => failure) });
    const client = createApiClient(pickTransport());
    const err = await client.call('http:cancel', { requestId: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 'connection_refused',
      message: 'Nothing listens on 127.0.0.1:1.',
      details: 1,
    });
  });

  it('turns an IPC failure into an internal ApiError instead of an unhandled rejection', async () => {
    window.sentinel = fakeBridge({
      'demo:status': vi.fn(async () => Promise.reject(new Error('gone'))),
    });
    const client = createApiClient(pickTransport());
    await expect(client.call('demo:status', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('subscribes to events through the bridge and returns its unsubscribe', () => {
    const off = vi.fn();
    const subscribe = vi.fn(() => off);
    window.sentinel = fakeBridge({}, { 'demo:changed': subscribe });
    const client = createApiClient(pickTransport());
    const listener = vi.fn();
    const unsubscribe = client.on('demo:changed', listener);
    expect(subscribe).toHaveBeenCalledWith(listener);
    unsubscribe();
    expect(off).toHaveBeenCalled();
  });
});

describe('browser-host transport', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/?token=abc123&view=x#explorer');
  });

  it('moves the token from the URL into sessionStorage and strips it from the address bar', () => {
    expect(takeHostToken()).toBe('abc123');
    expect(window.sessionStorage.getItem(HOST_TOKEN_KEY)).toBe('abc123');
    expect(window.location.search).toBe('?view=x');
    expect(window.location.hash).toBe('#explorer');
    expect(window.location.pathname).toBe('/');
    // A reload has no token in the URL any more: it comes from sessionStorage.
    expect(takeHostToken()).toBe('abc123');
  });

  it('is picked when there is no bridge but a token', () => {
    expect(pickTransport()?.kind).toBe('browser-host');
  });

  it('is not picked without a token: calls say how to open the console', async () => {
    window.history.replaceState(null, '', '/');
    expect(pickTransport()).toBeNull();
    const client = createApiClient(null);
    await expect(client.call('app:info', {})).rejects.toThrow(/link `npm start` printed/);
  });

  it('posts to /api/invoke/<channel> with the token header and unwraps the envelope', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(JSON.stringify({ ok: true, value: { cancelled: true } }), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const client = createApiClient(createHostTransport('abc123'));
    await expect(client.call('http:cancel', { requestId: 'r1' })).resolves.toEqual({
      cancelled: true,
    });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/invoke/http:cancel');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({
      'X-Sentinel-Token': 'abc123',
      'Content-Type': 'application/json',
    });
    expect(JSON.parse(String(init.body))).toEqual({ requestId: 'r1' });
  });

  it('reads envelopes from 4xx answers too', async () => {
    const body = { ok: false, error: { code: 'forbidden_sender', message: 'Bad token.' } };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(body), { status: 401 })),
    );
    const client = createApiClient(createHostTransport('wrong'));
    await expect(client.call('app:info', {})).rejects.toMatchObject({
      code: 'forbidden_sender',
      message: 'Bad token.',
    });
  });

  it('says the local host is not reachable when fetch fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const client = createApiClient(createHostTransport('abc123'));
    const err = await client.call('app:info', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'internal' });
    expect((err as Error).message).toMatch(/local host is not reachable.*npm start/);
  });

  it('keeps channel names readable in the path', () => {
    expect(channelPath('connections:list')).toBe('/api/invoke/connections:list');
    expect(channelPath('a/b')).toBe('/api/invoke/a%2Fb');
  });

  it('delivers WebSocket event frames to listeners and reconnects after a drop', async () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    class FakeSocket {
      onopen: (() => void) | null = null;
      onmessage: ((m: { data: string }) => void) | null = null;
      onclose: (() => void) | null = null;
      constructor(readonly url: string) {
        sockets.push(this);
      }
      close() {}
    }
    const transport = createHostTransport('t 1', {
      WebSocket: FakeSocket as unknown as typeof WebSocket,
      location: { protocol: 'http:', host: '127.0.0.1:4711' },
      minDelayMs: 100,
    });
    const listener = vi.fn();
    transport.subscribe('demo:changed', listener);
    expect(sockets[0]?.url).toBe('ws://127.0.0.1:4711/api/events?token=t%201');
    const payload = {
      tenant: 'sentinelone',
      running: true,
      baseUrl: 'http://x',
      connectionId: 'd',
    };
    sockets[0]?.onmessage?.({ data: JSON.stringify({ event: 'demo:changed', payload }) });
    sockets[0]?.onmessage?.({ data: JSON.stringify({ event: 'http:progress', payload: {} }) });
    sockets[0]?.onmessage?.({ data: 'not json' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(payload);

    sockets[0]?.onclose?.();
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets).toHaveLength(2);
    transport.close();
    vi.useRealTimers();
  });
});
