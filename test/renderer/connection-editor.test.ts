import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ConnectionEditor from '../../renderer/src/components/connections/ConnectionEditor.vue';
import { useConnectionEditorStore } from '../../renderer/src/stores/connection-editor';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { fail, installFakeApi, summary, type Handlers } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
}));

const TOKEN = 'tok_live_5f3c9a';
let wrapper: VueWrapper | null = null;

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

function byTestId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.body.querySelector<T>(`[data-testid="${id}"]`);
}

async function type(id: string, text: string) {
  const input = byTestId<HTMLInputElement>(id)!;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await flushPromises();
}

async function openEditor(handlers: Handlers) {
  const fake = installFakeApi({
    'connections:list': () => [],
    'secrets:keychain-status': () => ({ available: true }),
    'connections:create': ({ config }) => summary({ id: 'c-new', name: config.name }),
    'secrets:set': ({ kind, storage }) => ({
      kind,
      present: true,
      fingerprint: '1a2b3c4d',
      storage,
    }),
    ...handlers,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  await useConnectionsStore().load();
  wrapper = mount(ConnectionEditor, { global: { plugins: [pinia] }, attachTo: document.body });
  useConnectionEditorStore().openNew('sentinelone');
  await flushPromises();
  return fake;
}

describe('ConnectionEditor secret input', () => {
  it('sends the typed token once after saving, then the input is empty for good', async () => {
    const fake = await openEditor({});
    await type('editor-name', 'Acme production');
    await type('editor-base-url', 'https://acme.sentinelone.net/web/api/v2.1');
    await type('editor-secret', TOKEN);
    expect(byTestId<HTMLInputElement>('editor-secret')!.value).toBe(TOKEN);

    byTestId<HTMLButtonElement>('editor-save')!.click();
    await flushPromises();

    expect(fake.inputsOf('secrets:set')).toEqual([
      { connectionId: 'c-new', kind: 'token', value: TOKEN, storage: 'keychain' },
    ]);
    expect(byTestId<HTMLInputElement>('editor-secret')!.value).toBe('');
    expect(useConnectionEditorStore().secretValue).toBe('');
    expect(byTestId('secret-status')?.textContent).toBe('Token in keychain · fp 1a2b3c4d');
    expect(document.body.innerHTML).not.toContain(TOKEN);
  });

  it('puts main’s field message next to the field', async () => {
    await openEditor({
      'connections:create': () => {
        throw fail('invalid_connection', 'The connection cannot be saved.', [
          { path: ['baseUrl'], message: 'Base URL must not contain ? or #' },
        ]);
      },
    });
    await type('editor-name', 'Acme');
    await type('editor-base-url', 'https://acme.sentinelone.net/web/api/v2.1?x=1');
    byTestId<HTMLButtonElement>('editor-save')!.click();
    await flushPromises();
    expect(byTestId('field-error-baseUrl')?.textContent).toBe('Base URL must not contain ? or #');
    expect(byTestId('editor-error')?.textContent).toContain('cannot be saved');
  });

  it('warns when the keychain is unavailable and offers session-only storage', async () => {
    await openEditor({
      'secrets:keychain-status': () => ({
        available: false,
        message: 'No Secret Service provider is running (install gnome-keyring or KWallet).',
      }),
    });
    const warning = byTestId('keychain-warning');
    expect(warning?.textContent).toContain('No Secret Service provider is running');
    byTestId<HTMLButtonElement>('keep-session-only')!.click();
    await flushPromises();
    expect(useConnectionEditorStore().secretStorage).toBe('session');
    expect(byTestId('keychain-warning')).toBeNull();
  });
});
