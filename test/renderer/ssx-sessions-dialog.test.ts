import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { SsxAdmin, SsxSession } from '../../preload/contract';
import SsxSessionsDialog from '../../renderer/src/components/ssx/SsxSessionsDialog.vue';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { useSsxSessionStore } from '../../renderer/src/stores/ssx-session';
import { useConfirmationStore } from '../../renderer/src/stores/confirmation';
import { fail, installFakeApi, summary, type Handlers } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
}));

const sessions: SsxSession[] = [
  {
    id: 's-1',
    createdAt: '2030-01-01T08:00:00Z',
    expiresAt: '2030-01-01T16:00:00Z',
    current: true,
  },
  {
    id: 's-2',
    createdAt: '2030-01-01T07:00:00Z',
    expiresAt: '2030-01-01T15:00:00Z',
    userAgent: 'curl/8.5',
    ip: '10.0.0.7',
    current: false,
  },
];

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

const all = (id: string) => [
  ...document.body.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`),
];

async function openFor(
  admin: SsxAdmin,
  environment: 'staging' | 'production' = 'staging',
  revoke: Handlers['ssx:revoke'] = () => ({ revoked: true }),
) {
  const conn = summary({
    id: 'c-ssx',
    name: 'Secure X',
    environment,
    kind: 'sentinel-secure-x',
    authScheme: 'SsxSession',
    session: { admin, expiresAt: '2030-01-01T16:00:00Z', remembered: false },
  });
  const fake = installFakeApi({
    'connections:list': () => [conn],
    'ssx:me': () => admin,
    'ssx:sessions': () => sessions,
    'ssx:revoke': revoke,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  await useConnectionsStore().load();
  wrapper = mount(SsxSessionsDialog, { global: { plugins: [pinia] }, attachTo: document.body });
  useSsxSessionStore().openSessions('c-ssx');
  await flushPromises();
  return fake;
}

describe('SsxSessionsDialog', () => {
  it('lists sessions with the current one marked, and shows roles and permissions', async () => {
    await openFor({
      id: 'a',
      username: 'audrey',
      role: 'auditor',
      roles: ['auditor'],
      permissions: ['sessions:read'],
    });
    const rows = all('ssx-session-row');
    expect(rows.map((r) => [r.dataset.sessionId, r.dataset.current])).toEqual([
      ['s-1', 'true'],
      ['s-2', 'false'],
    ]);
    expect(all('ssx-permissions')[0]?.textContent).toContain('sessions:read');
    // Revoke needs sessions:revoke, which an auditor lacks: shown, but disabled.
    const revoke = all('ssx-revoke');
    expect(revoke).toHaveLength(1);
    expect((revoke[0] as HTMLButtonElement).disabled).toBe(true);
    expect(all('ssx-sign-out')).toHaveLength(1);
  });

  it('lets an admin with sessions:revoke end another session after confirming', async () => {
    const fake = await openFor({
      id: 'a',
      username: 'otto',
      role: 'operator',
      roles: ['operator'],
      permissions: ['sessions:read', 'sessions:revoke'],
    });
    const revoke = all('ssx-revoke')[0] as HTMLButtonElement;
    expect(revoke.disabled).toBe(false);
    revoke.click();
    await flushPromises();
    expect(fake.inputsOf('ssx:revoke')).toHaveLength(0);
    (all('ssx-revoke-confirm')[0] as HTMLButtonElement).click();
    await flushPromises();
    expect(fake.inputsOf('ssx:revoke')).toEqual([{ connectionId: 'c-ssx', sessionId: 's-2' }]);
  });

  it('on production, main asks for the typed name; Cancel sends nothing more', async () => {
    const operator: SsxAdmin = {
      id: 'a',
      username: 'otto',
      role: 'operator',
      roles: ['operator'],
      permissions: ['sessions:read', 'sessions:revoke'],
    };
    const ask = {
      token: 'tok-1',
      connectionName: 'Secure X',
      environment: 'production',
      method: 'POST',
      url: 'https://ssx.example.com/api/admin/sessions/s-2/revoke',
      destructive: true,
      reason: 'Type the name.',
    };
    const fake = await openFor(operator, 'production', ({ confirmation }) => {
      if (!confirmation) throw fail('confirmation_required', 'Confirm.', ask);
      return { revoked: true };
    });
    const confirmation = useConfirmationStore();
    (all('ssx-revoke')[0] as HTMLButtonElement).click();
    await flushPromises();
    expect(confirmation.pending?.url).toBe(ask.url);
    confirmation.cancel();
    await flushPromises();
    expect(fake.inputsOf('ssx:revoke')).toHaveLength(1);

    (all('ssx-revoke')[0] as HTMLButtonElement).click();
    await flushPromises();
    confirmation.typedName = 'Secure X';
    expect(confirmation.confirm()).toBe(true);
    await flushPromises();
    expect(fake.inputsOf('ssx:revoke').at(-1)).toEqual({
      connectionId: 'c-ssx',
      sessionId: 's-2',
      confirmation: { token: 'tok-1', typedName: 'Secure X' },
    });
  });
});
