import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { VariableInfo } from '../../preload/contract';
import VariablesPanel from '../../renderer/src/components/variables/VariablesPanel.vue';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { useTabsStore } from '../../renderer/src/stores/tabs';
import { displayValue, useVariablesStore } from '../../renderer/src/stores/variables';
import { demoConnection, fail, installFakeApi, type Handlers } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
  confirmAction: vi.fn(async () => true),
}));

const SECRET = 'sk_live_9f8e7d6c5b';

const listed: VariableInfo[] = [
  { name: 'threatLimit', scope: 'global', secret: false, value: '25' },
  {
    name: 'token2',
    scope: { connectionId: 'demo-sentinelone' },
    secret: true,
    storage: 'keychain',
    fingerprint: '1a2b3c4d',
  },
  {
    name: 'colKey',
    scope: { collectionId: 'col-0123456789abcdef' },
    secret: true,
    storage: 'session',
    fingerprint: null,
  },
];

function setup(handlers: Handlers = {}) {
  const fake = installFakeApi({
    'connections:list': () => [demoConnection],
    'variables:list': () => listed,
    'variables:set': (input) =>
      input.secret
        ? {
            name: input.name,
            scope: input.scope,
            secret: true,
            storage: input.storage ?? 'keychain',
            fingerprint: 'feedbeef',
          }
        : { name: input.name, scope: input.scope, secret: false, value: input.value },
    'variables:delete': () => ({ deleted: true }),
    ...handlers,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  return { fake, pinia };
}

const keychainDown = () => {
  throw fail(
    'keychain_unavailable',
    'The keychain is locked. Unlock it or keep the value for this session.',
  );
};

/** The keychain fails the first save; the retry (session storage) succeeds. */
function keychainOnceThenSession(): NonNullable<Handlers['variables:set']> {
  let first = true;
  return (input) => {
    if (first) {
      first = false;
      keychainDown();
    }
    return {
      name: input.name,
      scope: input.scope,
      secret: true,
      storage: input.storage ?? 'keychain',
      fingerprint: 'feedbeef',
    };
  };
}

describe('variables store', () => {
  it('lists the three scopes for the connection and collection it is given', async () => {
    const { fake } = setup();
    const store = useVariablesStore();
    await store.load({ connectionId: 'demo-sentinelone', collectionId: 'col-0123456789abcdef' });
    expect(fake.inputsOf('variables:list')).toEqual([
      { connectionId: 'demo-sentinelone', collectionId: 'col-0123456789abcdef' },
    ]);
    expect(store.global.map((v) => v.name)).toEqual(['threatLimit']);
    expect(store.connection.map((v) => v.name)).toEqual(['token2']);
    expect(store.collection.map((v) => v.name)).toEqual(['colKey']);
    expect(displayValue(store.connection[0]!)).toBe('•••• 1a2b3c4d');
    expect(displayValue(store.collection[0]!)).toBe('•••• (keychain locked)');
  });

  it('saves a variable, replaces the listed one and bumps the revision for the preview', async () => {
    setup();
    const store = useVariablesStore();
    await store.load({});
    const before = store.revision;
    const out = await store.save({
      scope: 'global',
      name: 'threatLimit',
      value: '50',
      secret: false,
    });
    expect(out.status).toBe('saved');
    expect(store.global).toEqual([
      { name: 'threatLimit', scope: 'global', secret: false, value: '50' },
    ]);
    expect(store.revision).toBe(before + 1);
  });

  it('holds a secret outside reactive state when the keychain is down, then keeps it for the session', async () => {
    const { fake } = setup({ 'variables:set': keychainOnceThenSession() });
    const store = useVariablesStore();
    const scope = { connectionId: 'demo-sentinelone' };
    const out = await store.save({ scope, name: 'token2', value: SECRET, secret: true });
    expect(out.status).toBe('needs-choice');
    expect(store.offer).toMatchObject({ name: 'token2', scope });
    expect(JSON.stringify(store.$state)).not.toContain(SECRET);

    const saved = await store.keepForSession();
    expect(saved).toMatchObject({ name: 'token2', secret: true, storage: 'session' });
    expect(fake.inputsOf('variables:set').map((i) => i.storage)).toEqual(['keychain', 'session']);
    expect(store.offer).toBeNull();
  });

  it('drops the held secret when the operator declines the offer', async () => {
    const { fake } = setup({ 'variables:set': keychainDown });
    const store = useVariablesStore();
    await store.save({ scope: 'global', name: 'apiKey', value: SECRET, secret: true });
    store.dismissOffer();
    expect(await store.keepForSession()).toBeNull();
    expect(fake.inputsOf('variables:set')).toHaveLength(1);
  });

  it('deletes a variable and forgets it', async () => {
    const { fake } = setup();
    const store = useVariablesStore();
    await store.load({ connectionId: 'demo-sentinelone' });
    expect(await store.remove('global', 'threatLimit')).toBe(true);
    expect(fake.inputsOf('variables:delete')).toEqual([{ scope: 'global', name: 'threatLimit' }]);
    expect(store.global).toEqual([]);
  });
});

describe('VariablesPanel', () => {
  let wrapper: VueWrapper | null = null;

  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
    document.body.innerHTML = '';
  });

  const byTestId = <T extends HTMLElement = HTMLElement>(
    id: string,
    root: ParentNode = document.body,
  ) => root.querySelector<T>(`[data-testid="${id}"]`);

  async function type(id: string, text: string, root: ParentNode = document.body) {
    const input = byTestId<HTMLInputElement>(id, root)!;
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await flushPromises();
  }

  async function open(handlers: Handlers = {}, collectionId?: string) {
    const { fake, pinia } = setup(handlers);
    const connections = useConnectionsStore();
    await connections.load();
    connections.select('demo-sentinelone');
    const tabs = useTabsStore();
    tabs.active.connectionId = 'demo-sentinelone';
    if (collectionId) tabs.active.saved = { collectionId, path: 'a.yaml', snapshot: '' };
    wrapper = mount(VariablesPanel, {
      props: { show: true },
      global: { plugins: [pinia] },
      attachTo: document.body,
    });
    await flushPromises();
    return fake;
  }

  it('lists global, connection and collection variables; a secret only as mask and fingerprint', async () => {
    const fake = await open({}, 'col-0123456789abcdef');
    expect(fake.inputsOf('variables:list')).toEqual([
      { connectionId: 'demo-sentinelone', collectionId: 'col-0123456789abcdef' },
    ]);
    const connection = byTestId('variables-section-connection')!;
    expect(byTestId('variable-value', connection)?.textContent).toBe('•••• 1a2b3c4d');
    const collection = byTestId('variables-section-collection')!;
    expect(byTestId('variable-edit', collection)).toBeNull();
    expect(byTestId('variable-add', collection)).toBeNull();
    expect(byTestId('variable-session', collection)).not.toBeNull();
    expect(byTestId('variable-value', byTestId('variables-section-global')!)?.textContent).toBe(
      '25',
    );
  });

  it('sends a typed secret straight to main, clears the field and shows only the fingerprint', async () => {
    const fake = await open();
    const section = byTestId('variables-section-connection')!;
    byTestId<HTMLButtonElement>('variable-add', section)!.click();
    await flushPromises();
    (byTestId('variable-secret-toggle', section) as HTMLElement).click();
    await flushPromises();
    await type('variable-name-input', 'apiKey', section);
    await type('variable-value-input', SECRET, section);
    byTestId<HTMLButtonElement>('variable-save', section)!.click();
    await flushPromises();

    expect(fake.inputsOf('variables:set')).toEqual([
      {
        scope: { connectionId: 'demo-sentinelone' },
        name: 'apiKey',
        value: SECRET,
        secret: true,
        storage: 'keychain',
      },
    ]);
    expect(byTestId('variable-editor', section)).toBeNull();
    const row = section.querySelector('[data-name="apiKey"]')!;
    expect(row.textContent).toContain('•••• feedbeef');
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('offers "keep for this session only" when the keychain is unavailable, and retries with it', async () => {
    const fake = await open({ 'variables:set': keychainOnceThenSession() });
    const section = byTestId('variables-section-global')!;
    byTestId<HTMLButtonElement>('variable-add', section)!.click();
    await flushPromises();
    (byTestId('variable-secret-toggle', section) as HTMLElement).click();
    await flushPromises();
    await type('variable-name-input', 'apiKey', section);
    await type('variable-value-input', SECRET, section);
    byTestId<HTMLButtonElement>('variable-save', section)!.click();
    await flushPromises();

    expect(byTestId('variables-keychain-offer')?.textContent).toContain('The keychain is locked');
    expect(document.body.innerHTML).not.toContain(SECRET);
    byTestId<HTMLButtonElement>('variables-keep-session')!.click();
    await flushPromises();

    expect(fake.inputsOf('variables:set').map((i) => [i.name, i.value, i.storage])).toEqual([
      ['apiKey', SECRET, 'keychain'],
      ['apiKey', SECRET, 'session'],
    ]);
    expect(byTestId('variables-keychain-offer')).toBeNull();
    const row = section.querySelector('[data-name="apiKey"]')!;
    expect(byTestId('variable-session', row)).not.toBeNull();
  });

  it('edits a plain value in place and deletes after confirming', async () => {
    const fake = await open();
    const section = byTestId('variables-section-global')!;
    byTestId<HTMLButtonElement>('variable-edit', section)!.click();
    await flushPromises();
    expect(byTestId<HTMLInputElement>('variable-value-input', section)!.value).toBe('25');
    await type('variable-value-input', '100', section);
    byTestId<HTMLButtonElement>('variable-save', section)!.click();
    await flushPromises();
    expect(byTestId('variable-value', section)?.textContent).toBe('100');

    byTestId<HTMLButtonElement>('variable-delete', section)!.click();
    await flushPromises();
    expect(fake.inputsOf('variables:delete')).toEqual([{ scope: 'global', name: 'threatLimit' }]);
    expect(section.querySelector('[data-name="threatLimit"]')).toBeNull();
  });

  it('refuses a name main would reject before asking it', async () => {
    const fake = await open();
    const section = byTestId('variables-section-global')!;
    byTestId<HTMLButtonElement>('variable-add', section)!.click();
    await flushPromises();
    await type('variable-name-input', '1bad name', section);
    expect(byTestId('variable-name-problem', section)).not.toBeNull();
    expect(byTestId<HTMLButtonElement>('variable-save', section)!.disabled).toBe(true);
    expect(fake.inputsOf('variables:set')).toEqual([]);
  });
});
