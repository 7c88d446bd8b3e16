import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import type { HttpPreview, VariableReference } from '../../preload/contract';
import RequestPreview from '../../renderer/src/components/RequestPreview.vue';
import { newRow } from '../../renderer/src/explorer/request-draft';
import {
  PREVIEW_DELAY_MS,
  useRequestPreviewStore,
} from '../../renderer/src/stores/request-preview';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { useTabsStore } from '../../renderer/src/stores/tabs';
import { useVariablesStore } from '../../renderer/src/stores/variables';
import { demoConnection, fail, installFakeApi, type Handlers } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
  confirmAction: vi.fn(async () => true),
}));

const BASE = 'http://127.0.0.1:4712/web/api/v2.1';

function ref(patch: Partial<VariableReference> & Pick<VariableReference, 'name' | 'field'>) {
  return { offset: 0, length: patch.name.length + 4, scope: null, secret: false, ...patch };
}

function preview(patch: Partial<HttpPreview> = {}): HttpPreview {
  return {
    method: 'GET',
    url: `${BASE}/threats?limit=25`,
    headers: [
      ['Accept', 'application/json'],
      ['User-Agent', 'SentinelOperatorConsole/1.0'],
    ],
    body: null,
    credentialHeader: { name: 'Authorization', value: 'ApiToken $S1_API_TOKEN' },
    references: [],
    unresolved: [],
    ...patch,
  };
}

/** Lets awaited calls and Vue's watchers run without advancing the (fake) clock. */
async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await nextTick();
}

async function setup(handlers: Handlers = {}) {
  const fake = installFakeApi({
    'connections:list': () => [demoConnection],
    'http:preview': () => preview(),
    ...handlers,
  });
  setActivePinia(createPinia());
  const connections = useConnectionsStore();
  await connections.load();
  connections.select('demo-sentinelone');
  const tabs = useTabsStore();
  tabs.active.connectionId = 'demo-sentinelone';
  const store = useRequestPreviewStore();
  await settle();
  return { fake, tabs, store, draft: tabs.active.draft };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('request preview store', () => {
  it('asks main once per pause in typing, with the spec Send would use', async () => {
    const { fake, draft } = await setup();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    fake.calls.length = 0;

    draft.path = ' threats';
    await settle();
    await vi.advanceTimersByTimeAsync(100);
    draft.path = ' threats?limit={{threatLimit}}';
    draft.params = [newRow('skip', '0'), { ...newRow('off', '1'), enabled: false }, newRow()];
    await settle();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS - 1);
    expect(fake.inputsOf('http:preview')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);

    expect(fake.inputsOf('http:preview')).toEqual([
      {
        connectionId: 'demo-sentinelone',
        method: 'GET',
        path: 'threats?limit={{threatLimit}}',
        query: [{ name: 'skip', value: '0', enabled: true }],
        headers: [],
        body: { kind: 'none' },
      },
    ]);
  });

  it('holds Send back for an undefined variable and says where it is', async () => {
    const { store, draft } = await setup({
      'http:preview': () =>
        preview({
          unresolved: ['threatLimit', 'site'],
          references: [
            ref({ name: 'threatLimit', field: 'path', offset: 14 }),
            ref({ name: 'site', field: 'header', row: 1, part: 'value' }),
            ref({ name: 'site', field: 'body', offset: 10 }),
            ref({ name: 'known', field: 'query', row: 0, part: 'value', scope: 'global' }),
          ],
        }),
    });
    draft.path = '  threats?limit={{threatLimit}}';
    draft.params = [newRow('limit', '{{known}}')];
    const h0 = newRow('Accept', 'application/json');
    const off = { ...newRow('X-Off', 'x'), enabled: false };
    const h1 = newRow('X-Site', '{{site}}');
    draft.headers = [h0, off, h1, newRow()];
    draft.bodyText = '{\n  "a": {{site}}\n}';
    await settle();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);

    expect(store.blockedReason).toBe(
      'Define {{threatLimit}} (path), {{site}} (header "X-Site", body line 2) before sending.',
    );
    expect(store.unresolvedIn('path')).toEqual(['threatLimit']);
    expect(store.unresolvedIn('header', h1.id)).toEqual(['site']);
    expect(store.unresolvedIn('header', h0.id)).toEqual([]);
    expect(store.unresolvedByRow('header')).toEqual({ [h1.id]: ['site'] });
    expect(store.unresolvedIn('query')).toEqual([]);
    // Offsets are in the draft's text: the two spaces trimmed off the path count.
    expect(store.markers.find((m) => m.field === 'path')?.offset).toBe(16);

    // The answer is for an older edit now: main decides at Send, the button stays enabled.
    draft.path = 'threats?limit=10';
    await settle();
    expect(store.blockedReason).toBeNull();
    expect(store.unresolvedIn('path')).toEqual(['threatLimit']);
  });

  it('never blocks Send when the preview itself fails', async () => {
    const { store, draft } = await setup({
      'http:preview': () => {
        throw fail('internal', 'The preview could not be built.');
      },
    });
    draft.path = 'threats?limit={{threatLimit}}';
    await settle();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(store.current?.error?.message).toBe('The preview could not be built.');
    expect(store.blockedReason).toBeNull();
  });

  it('previews a JSON body that is only valid once its variables are filled in', async () => {
    const { fake, draft } = await setup();
    draft.method = 'POST';
    draft.path = 'threats/mitigate/quarantine';
    draft.bodyText = '{"filter":{"limit":{{threatLimit}}}}';
    await settle();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(fake.inputsOf('http:preview').at(-1)?.body).toEqual({
      kind: 'json',
      text: '{"filter":{"limit":{{threatLimit}}}}',
    });
  });

  it('marks the fields a send refused with undefined_variable named', async () => {
    const { store, tabs } = await setup();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    tabs.active.draft.path = 'threats/{{threatId}}';
    await settle();
    // Sent before the next preview ran: main refuses and the explorer records the error.
    tabs.active.error = {
      code: 'undefined_variable',
      message: '{{threatId}} has no value…',
      details: {
        names: ['threatId'],
        references: [
          { name: 'threatId', field: 'path', offset: 8, length: 12, scope: null, secret: false },
        ],
      },
    };
    await settle();
    expect(store.unresolvedIn('path')).toEqual(['threatId']);
    expect(store.blockedReason).toBe('Define {{threatId}} (path) before sending.');
  });

  it('resolves again when a variable is defined', async () => {
    const { fake } = await setup();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    const before = fake.inputsOf('http:preview').length;
    useVariablesStore().revision += 1;
    await settle();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(fake.inputsOf('http:preview')).toHaveLength(before + 1);
  });

  it('passes the collection the lead wires in, as a plain object', async () => {
    const { fake, store } = await setup();
    store.setCollectionSource(() => ({
      id: 'col-0123456789abcdef',
      variables: { site: 'emea' },
      secretNames: ['colKey'],
    }));
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(fake.inputsOf('http:preview').at(-1)?.collection).toEqual({
      id: 'col-0123456789abcdef',
      variables: { site: 'emea' },
      secretNames: ['colKey'],
    });
  });
});

describe('RequestPreview', () => {
  let wrapper: VueWrapper | null = null;

  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
    document.body.innerHTML = '';
  });

  const byTestId = (id: string) =>
    document.body.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const allByTestId = (id: string) => [
    ...document.body.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`),
  ];

  async function open(answer: HttpPreview) {
    const { fake, tabs } = await setup({ 'http:preview': () => answer });
    tabs.active.draft.path = 'threats?limit={{threatLimit}}';
    tabs.active.draft.headers = [newRow('X-Key', '{{apiKey}}'), newRow()];
    await settle();
    wrapper = mount(RequestPreview, { props: { show: true }, attachTo: document.body });
    await settle();
    await vi.advanceTimersByTimeAsync(0);
    await settle();
    return fake;
  }

  it('shows the request as main will send it: URL, headers, the credential placeholder, masked secrets', async () => {
    const fake = await open(
      preview({
        method: 'POST',
        url: `${BASE}/threats?limit=25`,
        headers: [
          ['X-Key', '••••1a2b'],
          ['Content-Type', 'application/json'],
        ],
        body: '{"key":"••••1a2b"}',
        references: [
          ref({ name: 'threatLimit', field: 'path', scope: 'global' }),
          ref({
            name: 'apiKey',
            field: 'header',
            row: 0,
            part: 'value',
            scope: 'connection',
            secret: true,
          }),
        ],
      }),
    );
    // Opening asks at once rather than after the pause.
    expect(fake.inputsOf('http:preview').length).toBeGreaterThanOrEqual(1);
    expect(byTestId('preview-method')?.textContent).toBe('POST');
    expect(byTestId('preview-url')?.textContent).toBe(`${BASE}/threats?limit=25`);
    const headers = allByTestId('preview-header').map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()).join(': '),
    );
    expect(headers).toEqual(['X-Key: ••••1a2b', 'Content-Type: application/json']);
    expect(byTestId('preview-credential')?.textContent).toContain('ApiToken $S1_API_TOKEN');
    expect(byTestId('preview-body')?.textContent).toBe('{"key":"••••1a2b"}');
    expect(byTestId('preview-body')?.querySelector('.mask')?.textContent).toBe('••••1a2b');
    const used = allByTestId('preview-variable').map((li) =>
      li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(used).toEqual([
      '{{threatLimit}} from global',
      '{{apiKey}} from connection (secret, masked)',
    ]);
    expect(byTestId('preview-unresolved')).toBeNull();
  });

  it('lists undefined variables in red with the field they are in', async () => {
    await open(
      preview({
        unresolved: ['threatLimit', 'apiKey'],
        references: [
          ref({ name: 'threatLimit', field: 'path', offset: 14 }),
          ref({ name: 'apiKey', field: 'header', row: 0, part: 'value' }),
        ],
        problem: { code: 'invalid_url', message: 'The address is not valid yet.' },
      }),
    );
    const items = allByTestId('preview-unresolved-item').map((li) =>
      li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(items).toEqual(['{{threatLimit}} — path', '{{apiKey}} — header "X-Key"']);
    expect(byTestId('preview-unresolved')?.getAttribute('role')).toBe('alert');
    expect(byTestId('preview-problem')?.textContent).toContain('The address is not valid yet.');
  });
});
