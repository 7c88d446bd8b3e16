import { vi } from 'vitest';
import type {
  AppErrorShape,
  ChannelInput,
  ChannelName,
  ChannelOutput,
  ConnectionSummary,
  HttpResponse,
} from '../../preload/contract';
import { setApiTransport } from '../../renderer/src/api/client';
import type { Transport } from '../../renderer/src/api/transport';

/** Thrown by a fake handler to answer with a failed envelope. */
export class Failure {
  constructor(readonly shape: AppErrorShape) {}
}

export function fail(code: AppErrorShape['code'], message: string, details?: unknown): Failure {
  return new Failure(details === undefined ? { code, message } : { code, message, details });
}

type Handler<C extends ChannelName> = (
  input: ChannelInput<C>,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
export type Handlers = { [C in ChannelName]?: Handler<C> };

/** A stand-in for main: records every call and answers from `handlers`. */
export function installFakeApi(handlers: Handlers) {
  const calls: { channel: ChannelName; input: unknown }[] = [];
  const invoke = vi.fn(async (channel: ChannelName, input: unknown) => {
    calls.push({ channel, input: structuredClone(input) });
    const handler = handlers[channel] as ((i: unknown) => unknown) | undefined;
    if (!handler) {
      return { ok: false, error: { code: 'unknown_channel', message: `no fake for ${channel}` } };
    }
    try {
      return { ok: true, value: await handler(input) };
    } catch (err) {
      if (err instanceof Failure) return { ok: false, error: err.shape };
      throw err;
    }
  });
  const transport: Transport = {
    kind: 'electron',
    invoke: invoke as unknown as Transport['invoke'],
    subscribe: () => () => {},
  };
  setApiTransport(transport);
  return {
    calls,
    invoke,
    inputsOf<C extends ChannelName>(channel: C): ChannelInput<C>[] {
      return calls.filter((c) => c.channel === channel).map((c) => c.input as ChannelInput<C>);
    },
    channels(): ChannelName[] {
      return calls.map((c) => c.channel);
    },
  };
}

export function summary(patch: Partial<ConnectionSummary> = {}): ConnectionSummary {
  return {
    id: 'c-1',
    name: 'Acme production',
    kind: 'sentinelone',
    environment: 'production',
    baseUrl: 'https://acme.sentinelone.net/web/api/v2.1',
    authScheme: 'ApiToken',
    secret: { present: false },
    secrets: [],
    demo: false,
    readOnly: false,
    ...patch,
  };
}

export const demoConnection = summary({
  id: 'demo-sentinelone',
  name: 'SentinelOne demo tenant',
  environment: 'demo',
  baseUrl: 'http://127.0.0.1:4712/web/api/v2.1',
  secret: { present: true },
  demo: true,
  running: true,
});

export function okResponse(patch: Partial<HttpResponse> = {}): HttpResponse {
  return {
    requestId: 'r',
    method: 'GET',
    url: 'https://acme.sentinelone.net/web/api/v2.1/threats',
    status: 200,
    statusText: 'OK',
    httpVersion: '1.1',
    headers: [],
    body: { kind: 'empty' },
    size: 0,
    timings: { dns: null, connect: 1, tls: null, firstByte: 2, download: 1, total: 4 },
    redirects: [],
    credentialsAttached: true,
    ...patch,
  };
}
