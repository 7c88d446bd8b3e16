import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfirmationRequest, SendInput } from '../../preload/contract';
import { useConfirmationStore } from '../../renderer/src/stores/confirmation';
import { explorerOn as setup, settle } from './explorer-fixture';
import { fail, okResponse } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
}));

const request: ConfirmationRequest = {
  token: 'tok-123',
  connectionName: 'Acme production',
  environment: 'production',
  method: 'POST',
  url: 'https://acme.sentinelone.net/web/api/v2.1/threats/mitigate/quarantine',
  body: '{"filter":{"ids":["1","2"]}}',
  targetCount: 2,
  destructive: false,
  reason: 'POST on a production connection changes live endpoints.',
};

function confirmingSend(req: ConfirmationRequest) {
  return (input: SendInput) => {
    if (!input.confirmation) throw fail('confirmation_required', 'Confirm first.', req);
    return okResponse({ requestId: input.requestId, method: 'POST' });
  };
}

describe('production confirmation', () => {
  beforeEach(() => localStorage.clear());

  it('opens the dialog with main’s request; Confirm re-sends the same request with the token', async () => {
    const { fake, explorer } = await setup({ 'http:send': confirmingSend(request) }, 'c-prod');
    const confirmation = useConfirmationStore();
    const sending = explorer.send();
    await settle();
    expect(confirmation.pending).toEqual(request);
    expect(fake.inputsOf('http:send')).toHaveLength(1);

    expect(confirmation.confirm()).toBe(true);
    await sending;
    const [first, second] = fake.inputsOf('http:send');
    expect(second).toEqual({ ...first, confirmation: { token: 'tok-123' } });
    expect(explorer.response?.status).toBe(200);
    expect(explorer.error).toBeNull();
    expect(confirmation.pending).toBeNull();
  });

  it('Cancel sends nothing more and says so', async () => {
    const { fake, explorer } = await setup({ 'http:send': confirmingSend(request) }, 'c-prod');
    const sending = explorer.send();
    await settle();
    useConfirmationStore().cancel();
    await sending;
    expect(fake.inputsOf('http:send')).toHaveLength(1);
    expect(explorer.error?.code).toBe('aborted');
    expect(explorer.error?.message).toMatch(/nothing reached the tenant/);
    expect(explorer.response).toBeNull();
  });

  it('a destructive request needs the connection name typed exactly', async () => {
    const destructive = { ...request, destructive: true };
    const { fake, explorer } = await setup({ 'http:send': confirmingSend(destructive) }, 'c-prod');
    const confirmation = useConfirmationStore();
    const sending = explorer.send();
    await settle();
    expect(confirmation.canConfirm).toBe(false);
    expect(confirmation.confirm()).toBe(false);
    confirmation.typedName = 'acme production';
    expect(confirmation.canConfirm).toBe(false);
    confirmation.typedName = 'Acme production ';
    expect(confirmation.canConfirm).toBe(false);
    confirmation.typedName = 'Acme production';
    expect(confirmation.confirm()).toBe(true);
    await sending;
    expect(fake.inputsOf('http:send')[1]?.confirmation).toEqual({
      token: 'tok-123',
      typedName: 'Acme production',
    });
  });

  it('shows a second refusal instead of asking again', async () => {
    const { fake, explorer } = await setup(
      {
        'http:send': () => {
          throw fail('confirmation_required', 'Confirm first.', request);
        },
      },
      'c-prod',
    );
    const sending = explorer.send();
    await settle();
    useConfirmationStore().confirm();
    await sending;
    expect(fake.inputsOf('http:send')).toHaveLength(2);
    expect(explorer.error?.code).toBe('confirmation_required');
    expect(useConfirmationStore().pending).toBeNull();
  });

  it('never confirms blind: details that are not a request show as an error', async () => {
    const { explorer } = await setup(
      {
        'http:send': () => {
          throw fail('confirmation_required', 'Confirm first.', { token: 'x' });
        },
      },
      'c-prod',
    );
    await explorer.send();
    expect(useConfirmationStore().pending).toBeNull();
    expect(explorer.error?.code).toBe('confirmation_required');
  });

  it('shows read_only like any other error', async () => {
    const { explorer } = await setup(
      {
        'http:send': () => {
          throw fail('read_only', 'This connection is read-only; POST is not sent.');
        },
      },
      'c-prod',
    );
    await explorer.send();
    expect(explorer.error).toEqual({
      code: 'read_only',
      message: 'This connection is read-only; POST is not sent.',
    });
  });
});
