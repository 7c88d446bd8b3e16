import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type {
  EventName,
  HistoryEntry,
  HistoryListInput,
  HistorySummary,
} from '../../preload/contract';
import { setApiTransport } from '../../renderer/src/api/client';
import type { Transport } from '../../renderer/src/api/transport';
import { downloadText } from '../../renderer/src/connections/download';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { draftFromHistory } from '../../renderer/src/components/history/reopen-draft';
import { useHistoryStore } from '../../renderer/src/stores/history';
import { useTabsStore } from '../../renderer/src/stores/tabs';
import { confirmAction, showInfo } from '../../renderer/src/theme/feedback';
import { fail, installFakeApi, okResponse, summary, type Handlers } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
  confirmAction: vi.fn(async () => true),
}));
vi.mock('../../renderer/src/connections/download', () => ({ downloadText: vi.fn() }));

const conn = summary({ id: 'c-1', name: 'Acme production' });

function row(seq: number, patch: Partial<HistorySummary> = {}): HistorySummary {
  return {
    id: `h${seq}-0000000${seq % 10}`,
    at: `2025-03-04T10:${String(seq).padStart(2, '0')}:00.000Z`,
    connectionId: 'c-1',
    connectionName: 'Acme production',
    environment: 'production',
    method: 'GET',
    url: `https://acme.sentinelone.net/web/api/v2.1/threats?n=${seq}`,
    status: 200,
    errorCode: null,
    size: 120,
    durationMs: 42,
    ...patch,
  };
}

function entry(patch: Partial<HistoryEntry> = {}): HistoryEntry {
  const r = okResponse({ status: 200, headers: [['content-type', 'application/json']] });
  return {
    id: 'h7-00000007',
    at: '2025-03-04T10:07:00.000Z',
    connectionId: 'c-1',
    connectionName: 'Acme production',
    environment: 'production',
    durationMs: 42,
    request: {
      method: 'POST',
      url: 'https://acme.sentinelone.net/web/api/v2.1/threats/mitigate/quarantine?limit=5',
      path: 'threats/mitigate/quarantine',
      query: [{ name: 'limit', value: '5', enabled: true }],
      headers: [{ name: 'X-Trace', value: 'abc', enabled: true }],
      body: { kind: 'json', text: '{"filter":{"ids":["1"]}}' },
    },
    response: {
      status: r.status,
      statusText: r.statusText,
      httpVersion: r.httpVersion,
      headers: r.headers,
      size: 10,
      timings: r.timings,
      redirects: [],
      credentialsAttached: true,
    },
    error: null,
    body: { kind: 'text', text: '{"data":[]}', contentType: 'application/json' },
    ...patch,
  };
}

/** The fake main with events: `emit` plays main pushing `history:added`. */
function setup(handlers: Handlers = {}) {
  const fake = installFakeApi({ 'connections:list': () => [conn], ...handlers });
  const listeners = new Map<EventName, ((p: unknown) => void)[]>();
  const transport: Transport = {
    kind: 'electron',
    invoke: fake.invoke as unknown as Transport['invoke'],
    subscribe: (event, listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (p: unknown) => void]);
      return () => {};
    },
  };
  setApiTransport(transport);
  setActivePinia(createPinia());
  const emit = (event: EventName, payload: unknown) =>
    listeners.get(event)?.forEach((l) => l(payload));
  return { fake, emit, history: useHistoryStore() };
}

beforeEach(() => vi.clearAllMocks());

describe('history store', () => {
  it('sends the filters to history:list and pages older with nextBefore', async () => {
    const pages: Record<string, { entries: HistorySummary[]; nextBefore: number | null }> = {
      first: { entries: [row(9), row(8)], nextBefore: 8 },
      older: { entries: [row(7)], nextBefore: null },
    };
    const { fake, history } = setup({
      'history:list': (q: HistoryListInput) => ({
        ...(q.before ? pages.older! : pages.first!),
        unreadableLines: 0,
      }),
    });
    history.setFilters({ connectionId: 'c-1', method: 'POST', statusClass: '4xx', text: ' quar ' });
    await vi.waitFor(() => expect(history.entries).toHaveLength(2));
    expect(fake.inputsOf('history:list')[0]).toEqual({
      limit: 50,
      connectionId: 'c-1',
      method: 'POST',
      statusClass: '4xx',
      text: 'quar',
    });
    expect(history.filtered).toBe(true);

    await history.loadOlder();
    expect(fake.inputsOf('history:list')[1]).toMatchObject({ before: 8, method: 'POST' });
    expect(history.entries.map((e) => e.id)).toEqual([row(9).id, row(8).id, row(7).id]);
    expect(history.nextBefore).toBeNull();
  });

  it('prepends a live send only when no filter leaves it out', async () => {
    const { emit, history } = setup({
      'history:list': () => ({ entries: [row(5)], nextBefore: null, unreadableLines: 0 }),
    });
    await history.load();
    emit('history:added', row(6));
    expect(history.entries.map((e) => e.id)).toEqual([row(6).id, row(5).id]);
    emit('history:added', row(6)); // the same send twice is shown once
    expect(history.entries).toHaveLength(2);

    history.filters.statusClass = '5xx';
    emit('history:added', row(7, { status: 200 }));
    emit('history:added', row(8, { status: 503 }));
    history.filters.statusClass = 'error';
    emit('history:added', row(9, { status: null, errorCode: 'network_error' }));
    history.filters = { connectionId: 'c-2', method: null, statusClass: null, text: '' };
    emit('history:added', row(10));
    expect(history.entries.map((e) => e.id)).toEqual([row(9).id, row(8).id, row(6).id, row(5).id]);
  });

  it('reads a body kept as a file a mebibyte at a time', async () => {
    const fileEntry = entry({
      body: {
        kind: 'file',
        fileId: 'h7-00000007.body',
        contentType: 'application/json',
        size: 3_000_000,
        preview: '{"data":[',
      },
    });
    const { fake, history } = setup({
      'history:get': () => ({ entry: fileEntry }),
      'history:body-chunk': ({ offset }) => ({
        text: offset === 0 ? 'first;' : 'second;',
        offset: offset ?? 0,
        nextOffset: offset === 0 ? 1_048_576 : null,
        size: 3_000_000,
      }),
    });
    await history.select(fileEntry.id);
    expect(history.fileBody?.text).toBe('first;');
    await history.loadMoreBody();
    expect(history.fileBody?.text).toBe('first;second;');
    expect(history.fileBody?.nextOffset).toBeNull();
    expect(fake.inputsOf('history:body-chunk')).toEqual([
      { fileId: 'h7-00000007.body', offset: 0, maxBytes: 1_048_576 },
      { fileId: 'h7-00000007.body', offset: 1_048_576, maxBytes: 1_048_576 },
    ]);
  });

  it('opens the kept request in a new tab as the explorer edits it', async () => {
    const { history } = setup();
    await useConnectionsStore().load();
    const { tabId, problems } = history.openInTab(entry());
    const tab = useTabsStore().active;
    expect(tab.id).toBe(tabId);
    expect(problems).toEqual([]);
    expect(tab.connectionId).toBe('c-1');
    expect(tab.draft.method).toBe('POST');
    expect(tab.draft.path).toBe('threats/mitigate/quarantine');
    expect(tab.draft.params.map((r) => [r.name, r.value, r.enabled])).toEqual([
      ['limit', '5', true],
      ['', '', true],
    ]);
    expect(tab.draft.headers.map((r) => [r.name, r.value])).toEqual([
      ['X-Trace', 'abc'],
      ['', ''],
    ]);
    expect(tab.draft.bodyText).toBe('{"filter":{"ids":["1"]}}');
  });

  it('turns redacted rows off and does not re-send until they are filled in', async () => {
    const { fake, history } = setup();
    await useConnectionsStore().load();
    const e = entry({
      request: {
        ...entry().request,
        headers: [{ name: 'X-Api-Key', value: '$REDACTED', enabled: true }],
      },
    });
    const { draft, problems } = draftFromHistory(e.request);
    expect(draft.headers[0]).toMatchObject({ name: 'X-Api-Key', enabled: false });
    expect(problems[0]).toContain('1 redacted value');
    expect(await history.resend(e)).toBe(false);
    expect(showInfo).toHaveBeenCalled();
    expect(fake.channels()).not.toContain('http:send');
  });

  it('clears only after the confirmation, with the chosen variant', async () => {
    const { fake, history } = setup({
      'history:clear': () => ({ removed: 3 }),
      'history:list': () => ({ entries: [], nextBefore: null, unreadableLines: 0 }),
    });
    await useConnectionsStore().load();
    vi.mocked(confirmAction).mockResolvedValueOnce(false);
    expect(await history.clear({ olderThanDays: 7 })).toBe(false);
    expect(fake.inputsOf('history:clear')).toEqual([]);

    expect(await history.clear({ olderThanDays: 7 })).toBe(true);
    expect(await history.clear({ connectionId: 'c-1' })).toBe(true);
    expect(await history.clear({ all: true })).toBe(true);
    expect(confirmAction).toHaveBeenCalledTimes(4);
    expect(vi.mocked(confirmAction).mock.calls[1]![0].content).toContain('older than 7 days');
    expect(vi.mocked(confirmAction).mock.calls[2]![0].content).toContain('Acme production');
    expect(fake.inputsOf('history:clear')).toEqual([
      { olderThanDays: 7 },
      { connectionId: 'c-1' },
      { all: true },
    ]);
  });

  it('exports the ticked sends as HAR and downloads history-<date>.har', async () => {
    const { fake, history } = setup({
      'history:list': () => ({
        entries: [row(3), row(2), row(1)],
        nextBefore: null,
        unreadableLines: 0,
      }),
      'history:export-har': ({ ids }) => ({ har: '{"log":{}}', entries: ids.length, missing: [] }),
    });
    await history.load();
    history.toggleChecked(row(3).id, true);
    history.toggleChecked(row(1).id, true);
    await history.exportHar();
    expect(fake.inputsOf('history:export-har')).toEqual([{ ids: [row(3).id, row(1).id] }]);
    expect(downloadText).toHaveBeenCalledWith(
      expect.stringMatching(/^history-\d{4}-\d{2}-\d{2}\.har$/),
      '{"log":{}}',
      'application/json',
    );
  });

  it('puts main’s settings refusals next to their fields', async () => {
    const { fake, history } = setup({
      'settings:get': () => ({
        history: { enabled: true, maxEntries: 5000, maxAgeDays: 30, maxBodyBytes: 262144 },
        explorer: {},
      }),
      'settings:update': () => {
        throw fail('invalid_input', 'Invalid input for settings:update', [
          { path: ['patch', 'history', 'maxEntries'], message: 'Number must be at most 100000' },
        ]);
      },
    });
    await history.loadSettings();
    expect(history.settings?.history.maxEntries).toBe(5000);
    expect(await history.saveSettings({ maxEntries: 200_000 })).toBe(false);
    expect(fake.inputsOf('settings:update')).toEqual([
      { patch: { history: { maxEntries: 200_000 } } },
    ]);
    expect(history.settingsErrors).toEqual({ maxEntries: 'Number must be at most 100000' });
  });
});
