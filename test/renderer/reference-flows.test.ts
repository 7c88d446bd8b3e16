import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Catalog, HttpResponse } from '../../preload/contract';
import { useAppStore } from '../../renderer/src/stores/app';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { useExplorerStore } from '../../renderer/src/stores/explorer';
import { demoConnection, installFakeApi, summary } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
}));

const catalog: Catalog = {
  product: 'sentinelone',
  version: 1,
  title: 'SentinelOne',
  baseUrl: 'https://{tenant}.sentinelone.net/web/api/v2.1',
  groups: [],
  endpoints: [
    {
      id: 'sentinelone.threats.mark-as-resolved',
      product: 'sentinelone',
      method: 'POST',
      path: '/threats/mark-as-resolved',
      group: 'threats',
      summary: 'Mark threats as resolved (v2.0 only)',
      description: '',
      params: [],
      flags: { mutating: true, destructive: false, protected: false },
      status: 'corrected',
      correction: {
        use: 'sentinelone.threats.set-incident-status',
        note: 'v2.1 has no mark-as-resolved; resolve with POST /threats/incident.',
      },
      documented: false,
    },
  ],
};

vi.mock('../../renderer/src/reference/loaders', () => ({
  loadCatalog: vi.fn(async () => catalog),
  loadIndex: vi.fn(),
  loadDocs: vi.fn(),
  loadSearchIndex: vi.fn(),
  loadOpenApi: vi.fn(),
}));

const ssx = summary({
  id: 'c-ssx',
  name: 'Secure X',
  kind: 'sentinel-secure-x',
  environment: 'staging',
  authScheme: 'SsxSession',
});

function notFound(url: string): HttpResponse {
  return {
    requestId: 'r',
    method: 'POST',
    url,
    status: 404,
    statusText: 'Not Found',
    httpVersion: '1.1',
    headers: [],
    body: { kind: 'text', text: '{"errors":[]}', contentType: 'application/json', json: {} },
    size: 13,
    timings: { dns: null, connect: null, tls: null, firstByte: 1, download: 1, total: 2 },
    redirects: [],
    credentialsAttached: true,
  };
}

beforeEach(() => {
  setActivePinia(createPinia());
  window.history.replaceState(null, '', '/');
});

describe('Try-it into the explorer', () => {
  it('switches to a connection of the endpoint’s product and fills the request', async () => {
    installFakeApi({ 'connections:list': () => [demoConnection, ssx] });
    const connections = useConnectionsStore();
    await connections.load();
    expect(connections.selectedId).toBe('demo-sentinelone');
    const explorer = useExplorerStore();
    const ok = explorer.tryIt({
      product: 'sentinel-secure-x',
      method: 'POST',
      path: 'api/devices/{device_id}/identity-review',
      params: [{ name: 'audience', value: '' }],
      body: '{"decision":"approve"}',
    });
    expect(ok).toBe(true);
    expect(connections.selectedId).toBe('c-ssx');
    expect(explorer.draft).toMatchObject({
      method: 'POST',
      path: 'api/devices/{device_id}/identity-review',
      bodyText: '{"decision":"approve"}',
    });
    expect(explorer.draft.params.map((p) => p.name)).toEqual(['audience', '']);
  });

  it('says no when there is no connection of that product', async () => {
    installFakeApi({ 'connections:list': () => [demoConnection] });
    await useConnectionsStore().load();
    expect(
      useExplorerStore().tryIt({
        product: 'sentinel-secure-x',
        method: 'GET',
        path: 'api/devices',
        params: [],
        body: '',
      }),
    ).toBe(false);
  });

  it('sends nothing while a {placeholder} is still in the path', async () => {
    const fake = installFakeApi({ 'connections:list': () => [demoConnection] });
    await useConnectionsStore().load();
    const explorer = useExplorerStore();
    explorer.draft.path = 'threats/{id}/timeline';
    await explorer.send();
    expect(explorer.error).toMatchObject({ code: 'invalid_url' });
    expect(explorer.error?.message).toContain('{id}');
    expect(fake.inputsOf('http:send')).toEqual([]);
  });
});

describe('catalog hints on 404/405', () => {
  it('explains a 404 on an endpoint the seed got wrong, with the endpoint to use', async () => {
    installFakeApi({
      'connections:list': () => [demoConnection],
      'http:send': () => notFound('http://127.0.0.1:4712/web/api/v2.1/threats/mark-as-resolved'),
    });
    await useConnectionsStore().load();
    const explorer = useExplorerStore();
    explorer.draft.method = 'POST';
    explorer.draft.path = 'threats/mark-as-resolved';
    await explorer.send();
    await flushPromises();
    expect(explorer.response?.status).toBe(404);
    expect(explorer.hint).toMatchObject({
      status: 'corrected',
      useId: 'sentinelone.threats.set-incident-status',
    });
  });
});

describe('the route', () => {
  it('reopens where main says the operator left off, and remembers each move', async () => {
    vi.useFakeTimers();
    const fake = installFakeApi({
      'app:info': () => ({
        name: 'x',
        version: '1',
        transport: 'browser-host',
        platform: 'linux',
        firstLaunch: false,
        canPickFiles: false,
      }),
      'app:problems': () => [],
      'connections:list': () => [demoConnection],
      'app:ui-state': () => ({ lastRoute: '#/docs/pagination' }),
      'app:set-ui-state': () => ({ saved: true }),
    });
    const app = useAppStore();
    await app.load();
    expect(app.route).toEqual({ view: 'reference', place: { kind: 'doc', id: 'pagination' } });
    await app.go({ view: 'audit' });
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.advanceTimersByTimeAsync(500);
    expect(app.view).toBe('audit');
    expect(fake.inputsOf('app:set-ui-state').at(-1)).toEqual({ lastRoute: '#/audit' });
    // The rail's "API reference" returns to the page the reader was on.
    await app.navigate('reference');
    expect(window.location.hash).toBe('#/docs/pagination');
    vi.useRealTimers();
  });
});
