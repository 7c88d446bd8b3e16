import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { ConnectionSummary, HttpResponse } from '../../preload/contract';
import { setApiTransport } from '../../renderer/src/api/client';
import type { Transport } from '../../renderer/src/api/transport';
import { requestTemplates } from '../../renderer/src/explorer/templates';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { useExplorerStore } from '../../renderer/src/stores/explorer';

const demo: ConnectionSummary = {
  id: 'demo-sentinelone',
  name: 'SentinelOne demo tenant',
  kind: 'sentinelone',
  environment: 'demo',
  baseUrl: 'http://127.0.0.1:4712/web/api/v2.1/',
  authScheme: 'ApiToken',
  secret: { present: true },
  secrets: [],
  readOnly: false,
  demo: true,
  running: true,
};

const ok: HttpResponse = {
  requestId: 'x',
  method: 'GET',
  url: 'http://127.0.0.1:4712/web/api/v2.1/threats',
  status: 200,
  statusText: 'OK',
  httpVersion: '1.1',
  headers: [],
  body: { kind: 'empty' },
  size: 0,
  timings: { dns: null, connect: 1, tls: null, firstByte: 2, download: 1, total: 4 },
  redirects: [],
  credentialsAttached: true,
};

let invoke: ReturnType<typeof vi.fn>;

beforeEach(async () => {
  invoke = vi.fn(async (channel: string) => {
    if (channel === 'connections:list') return { ok: true, value: [demo] };
    if (channel === 'http:send') return { ok: true, value: ok };
    return { ok: false, error: { code: 'connection_refused', message: 'Nothing listens there.' } };
  });
  const transport: Transport = {
    kind: 'electron',
    invoke: invoke as unknown as Transport['invoke'],
    subscribe: () => () => {},
  };
  setApiTransport(transport);
  setActivePinia(createPinia());
  await useConnectionsStore().load();
  invoke.mockClear();
});

describe('explorer store', () => {
  it('does not call the api for an invalid JSON body and sets the body error', async () => {
    const explorer = useExplorerStore();
    explorer.draft.method = 'POST';
    explorer.draft.path = 'threats/mitigate/quarantine';
    explorer.setBody('{"filter": {"ids": ["1"],}}');
    await explorer.send();
    expect(invoke).not.toHaveBeenCalled();
    expect(explorer.bodyError).toMatch(
      /^Body is not valid JSON: Unexpected token '}' after a trailing comma at line 1 column 26$/,
    );
    expect(explorer.inFlightId).toBeNull();
  });

  it('sends a valid draft to http:send on the selected connection', async () => {
    const explorer = useExplorerStore();
    explorer.loadTemplate(requestTemplates[0]!);
    await explorer.send();
    expect(invoke).toHaveBeenCalledTimes(1);
    const [channel, input] = invoke.mock.calls[0] as [string, Record<string, unknown>];
    expect(channel).toBe('http:send');
    expect(input).toMatchObject({
      connectionId: 'demo-sentinelone',
      method: 'GET',
      path: 'threats?resolved=false&limit=100',
      query: [],
      body: { kind: 'none' },
    });
    expect(String(input.requestId)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(explorer.response?.status).toBe(200);
    expect(explorer.error).toBeNull();
  });

  it('keeps the draft and shows main’s error when the send fails', async () => {
    invoke.mockImplementationOnce(async () => ({
      ok: false,
      error: { code: 'connection_refused', message: 'Nothing listens on 127.0.0.1:4712.' },
    }));
    const explorer = useExplorerStore();
    explorer.draft.path = 'agents?limit=5';
    await explorer.send();
    expect(explorer.error).toEqual({
      code: 'connection_refused',
      message: 'Nothing listens on 127.0.0.1:4712.',
    });
    expect(explorer.response).toBeNull();
    expect(explorer.draft.path).toBe('agents?limit=5');
  });

  it('validates the body after the operator pauses typing', async () => {
    vi.useFakeTimers();
    const explorer = useExplorerStore();
    explorer.setBody('{"a": }');
    expect(explorer.bodyError).toBeNull();
    await vi.advanceTimersByTimeAsync(400);
    expect(explorer.bodyError).toMatch(/line 1 column 7/);
    explorer.setBody('{"a": 1}');
    await vi.advanceTimersByTimeAsync(400);
    expect(explorer.bodyError).toBeNull();
    vi.useRealTimers();
  });
});
