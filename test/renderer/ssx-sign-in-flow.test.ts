import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SendInput } from '../../preload/contract';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { useSsxSessionStore } from '../../renderer/src/stores/ssx-session';
import { explorerOn as setup, settle } from './explorer-fixture';
import { fail, okResponse, type Handlers } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
}));

const admin = {
  id: 'a1',
  username: 'alice',
  role: 'operator',
  roles: ['operator'],
  permissions: ['sessions:read', 'sessions:revoke'],
};

describe('Secure X sign-in on auth_required', () => {
  beforeEach(() => localStorage.clear());

  function authThenOk() {
    let signedIn = false;
    return {
      'http:send': (input: SendInput) => {
        if (!signedIn) throw fail('auth_required', 'Sign in to Secure X first.');
        return okResponse({ requestId: input.requestId });
      },
      'ssx:login': () => {
        signedIn = true;
        return { admin, expiresAt: '2030-01-01T14:05:00.000Z' };
      },
    } satisfies Handlers;
  }

  it('opens sign-in, and after signing in re-sends the failed request exactly once', async () => {
    const { fake, explorer } = await setup(authThenOk(), 'c-ssx');
    const ssx = useSsxSessionStore();
    const sending = explorer.send();
    await settle();
    expect(ssx.signIn.open).toBe(true);
    expect(ssx.signIn.connectionId).toBe('c-ssx');

    const ok = await ssx.login({
      username: 'alice',
      password: 'pw',
      remember: false,
      savePassword: false,
    });
    expect(ok).toBe(true);
    await sending;
    const sends = fake.inputsOf('http:send');
    expect(sends).toHaveLength(2);
    expect(sends[1]).toEqual(sends[0]);
    expect(fake.inputsOf('ssx:login')).toEqual([
      {
        connectionId: 'c-ssx',
        username: 'alice',
        password: 'pw',
        remember: false,
        savePassword: false,
      },
    ]);
    expect(explorer.response?.status).toBe(200);
    expect(useConnectionsStore().byId('c-ssx')?.session?.admin.username).toBe('alice');
    expect(ssx.signIn.open).toBe(false);
  });

  it('keeps the dialog open with the server’s message when sign-in fails', async () => {
    const { fake, explorer } = await setup(
      {
        ...authThenOk(),
        'ssx:login': () => {
          throw fail(
            'auth_failed',
            'Account locked after 5 failed attempts; try again in 15 minutes.',
          );
        },
      },
      'c-ssx',
    );
    const ssx = useSsxSessionStore();
    const sending = explorer.send();
    await settle();
    await ssx.login({ username: 'alice', password: 'bad', remember: false, savePassword: false });
    expect(ssx.signIn.open).toBe(true);
    expect(ssx.signIn.error?.message).toMatch(/Account locked/);
    expect(fake.inputsOf('http:send')).toHaveLength(1);

    ssx.closeSignIn();
    await sending;
    expect(fake.inputsOf('http:send')).toHaveLength(1);
    expect(explorer.error?.code).toBe('auth_required');
  });

  it('does not loop when the retry is refused again', async () => {
    const { fake, explorer } = await setup(
      {
        'http:send': () => {
          throw fail('auth_required', 'Sign in to Secure X first.');
        },
        'ssx:login': () => ({ admin, expiresAt: '2030-01-01T14:05:00.000Z' }),
      },
      'c-ssx',
    );
    const ssx = useSsxSessionStore();
    const sending = explorer.send();
    await settle();
    await ssx.login({ username: 'alice', password: 'pw', remember: false, savePassword: false });
    await sending;
    expect(fake.inputsOf('http:send')).toHaveLength(2);
    expect(ssx.signIn.open).toBe(false);
    expect(explorer.error?.code).toBe('auth_required');
  });

  it('does not offer sign-in for connections that are not Secure X', async () => {
    const { explorer } = await setup(
      {
        'http:send': () => {
          throw fail('auth_required', 'No credential.');
        },
      },
      'c-prod',
    );
    await explorer.send();
    expect(useSsxSessionStore().signIn.open).toBe(false);
    expect(explorer.error?.code).toBe('auth_required');
  });
});
