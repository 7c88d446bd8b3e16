import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { HistoryEntry, HistorySummary } from '../../preload/contract';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { useHistoryStore } from '../../renderer/src/stores/history';
import { useTabsStore } from '../../renderer/src/stores/tabs';
import { confirmAction } from '../../renderer/src/theme/feedback';
import HistoryView from '../../renderer/src/views/HistoryView.vue';
import { installFakeApi, summary, type Handlers } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
  confirmAction: vi.fn(async () => true),
}));
vi.mock('../../renderer/src/connections/download', () => ({ downloadText: vi.fn() }));

const conn = summary({ id: 'c-1', name: 'Acme production' });
let wrapper: VueWrapper | null = null;

function row(seq: number, patch: Partial<HistorySummary> = {}): HistorySummary {
  return {
    id: `h${seq}-0000000${seq}`,
    at: `2025-03-04T10:0${seq}:00.000Z`,
    connectionId: 'c-1',
    connectionName: 'Acme production',
    environment: 'production',
    method: 'GET',
    url: `https://acme.sentinelone.net/web/api/v2.1/agents/${seq}`,
    status: 200,
    errorCode: null,
    size: 2048,
    durationMs: 37,
    ...patch,
  };
}

function full(s: HistorySummary, patch: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: s.id,
    at: s.at,
    connectionId: s.connectionId,
    connectionName: s.connectionName,
    environment: s.environment,
    durationMs: s.durationMs,
    request: {
      method: s.method,
      url: s.url,
      path: s.url.replace('https://acme.sentinelone.net/web/api/v2.1/', ''),
      query: [{ name: 'fields', value: 'id', enabled: true }],
      headers: [{ name: 'Authorization', value: 'ApiToken $REDACTED', enabled: true }],
      body: { kind: 'none' },
    },
    response: {
      status: s.status ?? 0,
      statusText: 'OK',
      httpVersion: '1.1',
      headers: [['content-type', 'application/json']],
      size: s.size ?? 0,
      timings: { dns: 1, connect: 2, tls: null, firstByte: 30, download: 4, total: 37 },
      redirects: [],
      credentialsAttached: true,
    },
    error: null,
    body: { kind: 'text', text: '{"data":{"id":"1"}}', contentType: 'application/json' },
    ...patch,
  };
}

const rows = [
  row(3),
  row(2, { status: 404 }),
  row(1, { status: null, errorCode: 'network_error' }),
];

async function mountView(handlers: Handlers = {}) {
  const fake = installFakeApi({
    'connections:list': () => [conn],
    'history:list': () => ({ entries: rows, nextBefore: null, unreadableLines: 0 }),
    'history:get': ({ id }) => ({ entry: full(rows.find((r) => r.id === id)!) }),
    ...handlers,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  await useConnectionsStore().load();
  wrapper = mount(HistoryView, { global: { plugins: [pinia] }, attachTo: document.body });
  await flushPromises();
  return fake;
}

function byTestId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.body.querySelector<T>(`[data-testid="${id}"]`);
}

function key(name: string) {
  byTestId('history-table')!.dispatchEvent(
    new KeyboardEvent('keydown', { key: name, bubbles: true }),
  );
  return flushPromises();
}

beforeEach(() => {
  vi.clearAllMocks();
  window.location.hash = '#/history';
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

describe('HistoryView', () => {
  it('lists sends newest first with status badges and error codes', async () => {
    await mountView();
    const listed = wrapper!.findAll('[data-testid="history-row"]');
    expect(listed.map((r) => r.attributes('data-id'))).toEqual(rows.map((r) => r.id));
    const badges = wrapper!.findAll('[data-testid="history-status"]').map((b) => b.text());
    expect(badges).toEqual(['200', '404', 'network_error']);
    expect(listed[0]!.text()).toContain('2.0 KB');
    expect(listed[0]!.text()).toContain('production');
  });

  it('tells an empty history from a filter that matches nothing', async () => {
    await mountView({
      'history:list': () => ({ entries: [], nextBefore: null, unreadableLines: 0 }),
    });
    expect(byTestId('history-empty')).not.toBeNull();
    useHistoryStore().setFilters({ method: 'DELETE' });
    await flushPromises();
    expect(byTestId('history-empty')).toBeNull();
    expect(byTestId('history-no-match')).not.toBeNull();
  });

  it('moves the selection with the arrow keys and opens it in a new tab on Enter', async () => {
    const fake = await mountView();
    await key('ArrowDown');
    expect(byTestId('history-detail')?.dataset.id).toBe(rows[0]!.id);
    await key('ArrowDown');
    expect(byTestId('history-detail')?.dataset.id).toBe(rows[1]!.id);
    expect(byTestId('history-detail-status')?.textContent).toContain('404');
    await key('ArrowUp');
    await key('ArrowUp'); // stays on the first
    expect(useHistoryStore().selectedId).toBe(rows[0]!.id);
    expect(fake.inputsOf('history:get').map((i) => i.id)).toEqual([
      rows[0]!.id,
      rows[1]!.id,
      rows[0]!.id,
    ]);

    const before = useTabsStore().tabs.length;
    await key('Enter');
    const tabs = useTabsStore();
    expect(tabs.tabs).toHaveLength(before + 1);
    expect(tabs.active.draft.path).toBe('agents/3');
    expect(tabs.active.draft.params[0]).toMatchObject({
      name: 'fields',
      value: 'id',
      enabled: true,
    });
    // The redacted header comes back turned off, so "$REDACTED" is never sent as typed.
    expect(tabs.active.draft.headers[0]).toMatchObject({ name: 'Authorization', enabled: false });
    expect(window.location.hash).toBe('#/explorer');
  });

  it('asks before deleting on the Delete key, then removes the row', async () => {
    const fake = await mountView({ 'history:delete': () => ({ deleted: true }) });
    wrapper!.findAll('[data-testid="history-row"]')[1]!.trigger('click');
    await flushPromises();
    vi.mocked(confirmAction).mockResolvedValueOnce(false);
    await key('Delete');
    expect(fake.inputsOf('history:delete')).toEqual([]);
    await key('Delete');
    expect(confirmAction).toHaveBeenCalledTimes(2);
    expect(fake.inputsOf('history:delete')).toEqual([{ id: rows[1]!.id }]);
    expect(wrapper!.findAll('[data-testid="history-row"]')).toHaveLength(2);
  });

  it('clears sends older than N days only after the confirmation', async () => {
    const fake = await mountView({ 'history:clear': () => ({ removed: 2 }) });
    byTestId('history-clear')!.click();
    await flushPromises();
    const days = byTestId<HTMLInputElement>('history-clear-days')!;
    days.value = '7';
    days.dispatchEvent(new Event('input', { bubbles: true }));
    await flushPromises();
    byTestId('history-clear-confirm')!.click();
    await flushPromises();
    expect(confirmAction).toHaveBeenCalledTimes(1);
    expect(fake.inputsOf('history:clear')).toEqual([{ olderThanDays: 7 }]);
  });

  it('exports the ticked sends as HAR', async () => {
    const fake = await mountView({
      'history:export-har': ({ ids }) => ({ har: '{}', entries: ids.length, missing: [] }),
    });
    const exportButton = byTestId<HTMLButtonElement>('history-export-har')!;
    expect(exportButton.disabled).toBe(true);
    const checks = wrapper!.findAll('[data-testid="history-check"]');
    await checks[0]!.trigger('click');
    await checks[2]!.trigger('click');
    expect(exportButton.textContent).toContain('Export HAR (2)');
    exportButton.click();
    await flushPromises();
    expect(fake.inputsOf('history:export-har')).toEqual([{ ids: [rows[0]!.id, rows[2]!.id] }]);
  });

  it('shows a body file a chunk at a time with Load more', async () => {
    const fileEntry = full(rows[0]!, {
      body: {
        kind: 'file',
        fileId: `${rows[0]!.id}.body`,
        contentType: 'application/json',
        size: 2_500_000,
        preview: '[',
      },
    });
    const fake = await mountView({
      'history:get': () => ({ entry: fileEntry }),
      'history:body-chunk': ({ offset }) => ({
        text: `chunk@${offset};`,
        offset: offset ?? 0,
        nextOffset: offset === 0 ? 1_048_576 : null,
        size: 2_500_000,
      }),
    });
    await wrapper!.findAll('[data-testid="history-row"]')[0]!.trigger('click');
    await flushPromises();
    expect(byTestId('history-body-text')?.textContent).toBe('chunk@0;');
    byTestId('history-body-more')!.click();
    await flushPromises();
    expect(byTestId('history-body-text')?.textContent).toBe('chunk@0;chunk@1048576;');
    expect(byTestId('history-body-more')).toBeNull();
    expect(fake.inputsOf('history:body-chunk')).toHaveLength(2);
  });

  it('compares the selected send with the one picked next', async () => {
    const fake = await mountView({
      'history:get': ({ id, withBodyText }) => ({
        entry: full(rows.find((r) => r.id === id)!),
        ...(withBodyText ? { bodyText: { text: `{"id":"${id}"}`, truncated: false } } : {}),
      }),
    });
    await wrapper!.findAll('[data-testid="history-row"]')[0]!.trigger('click');
    await flushPromises();
    byTestId('history-compare')!.click();
    await flushPromises();
    expect(byTestId('history-compare-picking')).not.toBeNull();
    await wrapper!.findAll('[data-testid="history-row"]')[1]!.trigger('click');
    await flushPromises();
    expect(fake.inputsOf('history:get').filter((i) => i.withBodyText)).toEqual([
      { id: rows[0]!.id, withBodyText: true },
      { id: rows[1]!.id, withBodyText: true },
    ]);
    await expect.poll(() => byTestId('response-diff') !== null).toBe(true);
  });

  it('validates the settings next to the fields before saving', async () => {
    const fake = await mountView({
      'settings:get': () => ({
        history: { enabled: true, maxEntries: 5000, maxAgeDays: 30, maxBodyBytes: 262144 },
        explorer: {},
      }),
      'settings:update': ({ patch }) => ({
        history: {
          enabled: true,
          maxEntries: 5000,
          maxAgeDays: 30,
          maxBodyBytes: 0,
          ...patch.history,
        },
        explorer: {},
      }),
    });
    byTestId('history-settings-open')!.click();
    await flushPromises();
    const maxBody = byTestId<HTMLInputElement>('history-settings-maxBodyBytes')!;
    expect(maxBody.value).toBe('256');
    const maxAge = byTestId<HTMLInputElement>('history-settings-maxAgeDays')!;
    maxAge.value = '0';
    maxAge.dispatchEvent(new Event('input', { bubbles: true }));
    await flushPromises();
    byTestId('history-settings-save')!.click();
    await flushPromises();
    expect(byTestId('history-settings-error-maxAgeDays')?.textContent).toBe('Between 1 and 3,650');
    expect(fake.inputsOf('settings:update')).toEqual([]);

    maxAge.value = '14';
    maxAge.dispatchEvent(new Event('input', { bubbles: true }));
    await flushPromises();
    byTestId('history-settings-save')!.click();
    await flushPromises();
    expect(fake.inputsOf('settings:update')).toEqual([
      {
        patch: {
          history: { enabled: true, maxEntries: 5000, maxAgeDays: 14, maxBodyBytes: 262144 },
        },
      },
    ]);
  });
});
