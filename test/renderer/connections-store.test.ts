import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import {
  SELECTED_CONNECTION_KEY,
  useConnectionsStore,
} from '../../renderer/src/stores/connections';
import { useConnectionTestsStore } from '../../renderer/src/stores/connection-tests';
import { useSsxSessionStore } from '../../renderer/src/stores/ssx-session';
import { demoConnection, fail, installFakeApi, summary } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
}));

const own = summary({ id: 'c-own', name: 'Acme production' });
const ssx = summary({
  id: 'c-ssx',
  name: 'Secure X',
  kind: 'sentinel-secure-x',
  authScheme: 'SsxSession',
  session: {
    admin: {
      id: 'a',
      username: 'audrey',
      role: 'auditor',
      roles: ['auditor'],
      permissions: ['sessions:read'],
    },
    expiresAt: '2030-01-01T10:00:00Z',
    remembered: false,
  },
});

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

describe('connections store', () => {
  it('lists demo connections first', async () => {
    installFakeApi({ 'connections:list': () => [own, demoConnection, ssx] });
    const store = useConnectionsStore();
    await store.load();
    expect(store.ordered.map((c) => c.id)).toEqual(['demo-sentinelone', 'c-own', 'c-ssx']);
  });

  it('remembers the selected connection id in localStorage and restores it', async () => {
    installFakeApi({ 'connections:list': () => [own, demoConnection] });
    const store = useConnectionsStore();
    await store.load();
    expect(store.selectedId).toBe('demo-sentinelone');
    store.select('c-own');
    expect(localStorage.getItem(SELECTED_CONNECTION_KEY)).toBe('c-own');

    setActivePinia(createPinia());
    const again = useConnectionsStore();
    await again.load();
    expect(again.selectedId).toBe('c-own');
  });

  it('falls back to the demo tenant when the remembered connection is gone', async () => {
    localStorage.setItem(SELECTED_CONNECTION_KEY, 'c-deleted');
    installFakeApi({ 'connections:list': () => [own, demoConnection] });
    const store = useConnectionsStore();
    await store.load();
    expect(store.selectedId).toBe('demo-sentinelone');
  });

  it('deletes and drops the connection from the list', async () => {
    const fake = installFakeApi({
      'connections:list': () => [own, demoConnection],
      'connections:delete': () => ({ deleted: true, secretsDeleted: 1, secretsPending: 0 }),
    });
    const store = useConnectionsStore();
    await store.load();
    store.select('c-own');
    expect(await store.remove('c-own')).toBe(true);
    expect(fake.inputsOf('connections:delete')).toEqual([{ id: 'c-own' }]);
    expect(store.list.map((c) => c.id)).toEqual(['demo-sentinelone']);
    expect(store.selectedId).toBe('demo-sentinelone');
  });
});

describe('connection test', () => {
  it('keeps main’s diagnosis, or turns a failed call into a red card', async () => {
    installFakeApi({
      'connections:list': () => [own],
      'connections:test': ({ id }) => {
        if (id === 'c-own') {
          return {
            ok: true,
            code: 'ok',
            title: 'Connected',
            message: 'The token works.',
            status: 200,
            latencyMs: 42,
            tokenExpiry: { expiresAt: '2030-01-01', daysLeft: 9, warning: true },
          };
        }
        throw fail('unknown_connection', 'There is no connection "gone".');
      },
    });
    const tests = useConnectionTestsStore();
    expect((await tests.run('c-own')).tokenExpiry?.daysLeft).toBe(9);
    const bad = await tests.run('gone');
    expect(bad).toMatchObject({ ok: false, code: 'unknown_connection' });
    expect(tests.results.gone?.message).toMatch(/no connection/);
  });
});

describe('Secure X permissions', () => {
  it('allows an action only when the signed-in admin has the permission', async () => {
    installFakeApi({ 'connections:list': () => [ssx] });
    await useConnectionsStore().load();
    const store = useSsxSessionStore();
    expect(store.can('c-ssx', 'sessions:read')).toBe(true);
    expect(store.can('c-ssx', 'sessions:revoke')).toBe(false);
    expect(store.can('unknown', 'sessions:read')).toBe(false);
  });

  it('asks for sign-in when the server says the session ended, and shows it if declined', async () => {
    installFakeApi({
      'connections:list': () => [structuredClone(ssx)],
      'ssx:me': () => {
        throw fail('auth_required', 'The session expired.');
      },
    });
    const connections = useConnectionsStore();
    await connections.load();
    const store = useSsxSessionStore();
    const refreshing = store.refreshSessions('c-ssx');
    await flushPromises();
    expect(store.signIn).toMatchObject({ open: true, connectionId: 'c-ssx' });
    expect(connections.byId('c-ssx')?.session).toBeUndefined();
    store.closeSignIn();
    await refreshing;
    expect(store.sessionsError?.code).toBe('auth_required');
  });

  it('signs in and loads the sessions again after the session ended', async () => {
    const admin = structuredClone(ssx.session!.admin);
    let dead = true;
    const fake = installFakeApi({
      'connections:list': () => [structuredClone(ssx)],
      'ssx:me': () => {
        if (dead) throw fail('auth_required', 'The session was revoked.');
        return admin;
      },
      'ssx:sessions': () => [],
      'ssx:login': () => {
        dead = false;
        return { admin, expiresAt: '2030-01-01T10:00:00Z' };
      },
    });
    await useConnectionsStore().load();
    const store = useSsxSessionStore();
    const refreshing = store.refreshSessions('c-ssx');
    await flushPromises();
    const signedIn = await store.login({
      username: 'audrey',
      password: 'pw',
      remember: false,
      savePassword: false,
    });
    expect(store.signIn.error).toBeNull();
    expect(signedIn).toBe(true);
    await refreshing;
    expect(fake.inputsOf('ssx:me')).toHaveLength(2);
    expect(fake.inputsOf('ssx:sessions')).toHaveLength(1);
    expect(store.sessionsError).toBeNull();
  });
});
