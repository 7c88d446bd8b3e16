import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { ConnectionConfig } from '../../preload/contract';
import { useConnectionEditorStore } from '../../renderer/src/stores/connection-editor';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { useSecretsStore } from '../../renderer/src/stores/secrets';
import { demoConnection, fail, installFakeApi, summary, type Handlers } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
}));

const TOKEN = 'eyJraWQiOiJ0ZXN0In0.secret-token-value';

const savedConfig: ConnectionConfig = {
  name: 'Acme production',
  kind: 'sentinelone',
  baseUrl: 'https://acme.sentinelone.net/web/api/v2.1',
  environment: 'production',
  readOnly: false,
  timeoutMs: 30_000,
  auth: { scheme: 'ApiToken', rememberSession: false },
  tls: { rejectUnauthorized: true },
  proxy: { mode: 'none' },
  rateLimits: [{ pathPrefix: '/threats', perSecond: 10, burst: 50 }],
};

function setup(overrides: Handlers = {}) {
  const fake = installFakeApi({
    'connections:list': () => [demoConnection],
    'connections:create': ({ config }) =>
      summary({ id: 'c-new', name: config.name, config: savedConfig }),
    'connections:update': ({ id }) => summary({ id, config: savedConfig }),
    'connections:presets': ({ tenant }) => ({
      baseUrl: tenant ? `https://${tenant}.sentinelone.net/web/api/v2.1` : '',
      rateLimits: [
        { pathPrefix: '/threats', perSecond: 10, burst: 50 },
        { pathPrefix: '/dv/init-query', perSecond: 1 / 60, burst: 1 },
      ],
    }),
    'secrets:keychain-status': () => ({ available: true }),
    'secrets:set': ({ kind, storage }) => ({
      kind,
      present: true,
      fingerprint: '1a2b3c4d',
      storage,
    }),
    ...overrides,
  });
  return fake;
}

async function newEditor() {
  setActivePinia(createPinia());
  await useConnectionsStore().load();
  const editor = useConnectionEditorStore();
  editor.openNew('sentinelone');
  editor.draft.name = 'Acme production';
  editor.draft.baseUrl = 'https://acme.sentinelone.net/web/api/v2.1';
  return editor;
}

describe('connection editor: saving and the secret', () => {
  let fake: ReturnType<typeof setup>;
  beforeEach(() => {
    fake = setup();
  });

  it('creates, then calls secrets:set once with the typed value and clears it', async () => {
    const editor = await newEditor();
    editor.secretValue = TOKEN;
    expect(await editor.save()).toBe(true);
    const order = fake.channels().filter((c) => c !== 'secrets:keychain-status');
    expect(order).toEqual([
      'connections:list',
      'connections:presets',
      'connections:create',
      'secrets:set',
    ]);
    expect(fake.inputsOf('secrets:set')).toEqual([
      { connectionId: 'c-new', kind: 'token', value: TOKEN, storage: 'keychain' },
    ]);
    expect(editor.secretValue).toBe('');
    expect(editor.editingId).toBe('c-new');
    // The fingerprint main returned is what the operator sees from now on.
    expect(useConnectionsStore().byId('c-new')?.secrets).toEqual([
      { kind: 'token', present: true, fingerprint: '1a2b3c4d', storage: 'keychain' },
    ]);
    // Main's config (with SentinelOne's default rate limits) replaces the form's.
    expect(editor.draft.rateLimits.map((r) => r.pathPrefix)).toEqual(['/threats']);
  });

  it('starts a SentinelOne connection on the default rate limits; an emptied table means no pacing', async () => {
    const editor = await newEditor();
    await flushPromises();
    expect(editor.draft.rateLimits.map((r) => r.pathPrefix)).toEqual([
      '/threats',
      '/dv/init-query',
    ]);
    editor.draft.rateLimits = [];
    await editor.save();
    expect(fake.inputsOf('connections:create')[0]!.config.rateLimits).toEqual([]);
    await editor.resetRateLimits();
    expect(editor.draft.rateLimits).toHaveLength(2);
  });

  it('never puts the secret in the config it sends', async () => {
    const editor = await newEditor();
    editor.secretValue = TOKEN;
    await editor.save();
    expect(JSON.stringify(fake.inputsOf('connections:create'))).not.toContain(TOKEN);
  });

  it('does not call secrets:set when nothing was typed (editing keeps the stored token)', async () => {
    const editor = await newEditor();
    await editor.save();
    expect(fake.inputsOf('secrets:set')).toHaveLength(0);
  });

  it('shows main’s invalid_connection messages next to the fields and sends no secret', async () => {
    fake = setup({
      'connections:create': () => {
        throw fail(
          'invalid_connection',
          'The connection cannot be saved: Base URL must use https.',
          [
            { path: ['baseUrl'], message: 'Base URL must use https' },
            { path: ['auth', 'username'], message: 'needs a user name' },
          ],
        );
      },
    });
    const editor = await newEditor();
    editor.secretValue = TOKEN;
    expect(await editor.save()).toBe(false);
    expect(editor.fieldErrors).toEqual({
      baseUrl: 'Base URL must use https',
      'auth.username': 'needs a user name',
    });
    expect(editor.formError?.code).toBe('invalid_connection');
    expect(fake.inputsOf('secrets:set')).toHaveLength(0);
    // Still typed, so a fixed form can be saved without typing the token again.
    expect(editor.secretValue).toBe(TOKEN);
  });

  it('checks required fields and https before any call', async () => {
    const editor = await newEditor();
    editor.draft.name = ' ';
    editor.draft.baseUrl = 'http://acme.example.com/api';
    fake.invoke.mockClear();
    expect(await editor.save()).toBe(false);
    expect(editor.fieldErrors.name).toMatch(/name/);
    expect(editor.fieldErrors.baseUrl).toMatch(/https/);
    expect(fake.invoke).not.toHaveBeenCalled();
  });

  it('fills the base URL from the SentinelOne tenant name', async () => {
    const editor = await newEditor();
    editor.draft.baseUrl = '';
    editor.tenant = 'globex';
    await editor.applyTenant();
    // The first call (tenant '') fetched the default rate limits when the editor opened.
    expect(fake.inputsOf('connections:presets')).toEqual([{ tenant: '' }, { tenant: 'globex' }]);
    expect(editor.draft.baseUrl).toBe('https://globex.sentinelone.net/web/api/v2.1');
  });
});

describe('connection editor: keychain unavailable', () => {
  const message = 'The keychain is locked (org.freedesktop.secrets did not answer).';

  it('offers session-only storage, and only re-sends when the operator chooses it', async () => {
    const fake = setup({
      'secrets:set': ({ kind, storage }) => {
        if (storage === 'keychain') throw fail('keychain_unavailable', message);
        return { kind, present: true, fingerprint: '1a2b3c4d', storage };
      },
    });
    const editor = await newEditor();
    const secrets = useSecretsStore();
    editor.secretValue = TOKEN;
    await editor.save();

    expect(editor.secretValue).toBe('');
    expect(secrets.offer).toEqual({ connectionId: 'c-new', kinds: ['token'], message });
    expect(secrets.keychain).toEqual({ available: false, message });
    expect(fake.inputsOf('secrets:set')).toHaveLength(1);

    const saved = await secrets.keepForSession();
    expect(fake.inputsOf('secrets:set')).toEqual([
      { connectionId: 'c-new', kind: 'token', value: TOKEN, storage: 'keychain' },
      { connectionId: 'c-new', kind: 'token', value: TOKEN, storage: 'session' },
    ]);
    expect(saved).toEqual([
      { kind: 'token', present: true, fingerprint: '1a2b3c4d', storage: 'session' },
    ]);
    expect(secrets.offer).toBeNull();
  });

  it('drops the held value when the operator declines', async () => {
    const fake = setup({
      'secrets:set': () => {
        throw fail('keychain_unavailable', message);
      },
    });
    const editor = await newEditor();
    const secrets = useSecretsStore();
    editor.secretValue = TOKEN;
    await editor.save();
    secrets.dismissOffer();
    expect(await secrets.keepForSession()).toEqual([]);
    expect(fake.inputsOf('secrets:set')).toHaveLength(1);
  });

  it('reports any other secrets:set failure in the form instead of swallowing it', async () => {
    setup({
      'secrets:set': () => {
        throw fail('internal', 'The secret store crashed.');
      },
    });
    const editor = await newEditor();
    editor.secretValue = TOKEN;
    await editor.save();
    expect(editor.formError?.message).toMatch(
      /saved, but the token was not stored: The secret store crashed/,
    );
    expect(useSecretsStore().offer).toBeNull();
  });
});
