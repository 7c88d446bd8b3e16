import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createApiApp } from './api-app';
import { requestHasBody } from './body';
import { DEFAULT_DEMO_NOW, DEFAULT_DEMO_SEED, DEMO_S1_TOKENS, S1_API_PREFIX } from './constants';
import { CONTROL_PREFIX, createControlApp } from './control-app';
import { ApiError, errorResult, type ApiResult } from './envelope';
import type { StreamedBody } from './fault-huge-body';
import { FaultSwitches } from './fault-switches';
import { DemoRateLimits } from './rate-limits';
import { RequestLog } from './request-log';
import type { ApiContext } from './router';
import { DemoState } from './state';
import type { SentinelOneDemo, SentinelOneDemoOptions } from './types';

/** Demo servers bind to loopback only: they accept well-known tokens. */
const HOST = '127.0.0.1';

function send(res: ServerResponse, result: ApiResult): void {
  if (res.headersSent || res.destroyed) return;
  if (result.drop === 'before-headers') {
    res.destroy();
    return;
  }
  if (result.stream) {
    sendStream(res, result.status, result.stream);
    return;
  }
  const body = Buffer.from(result.body, 'utf8');
  res.writeHead(result.status, {
    'Content-Type': 'application/json',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    ...result.headers,
  });
  if (result.drop === 'mid-body') {
    // Content-Length promises the whole body; the client sees the connection end short of it.
    res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.destroy());
    return;
  }
  res.end(body);
}

/** Writes a generated body with backpressure; a client that leaves stops the generator. */
function sendStream(res: ServerResponse, status: number, body: StreamedBody): void {
  res.writeHead(status, {
    'Content-Type': body.contentType,
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  });
  pipeline(Readable.from(body.chunks(), { objectMode: false }), res).catch(() => res.destroy());
}

/** Splits the request target by hand: `new URL('//x', base)` would treat `x` as a host. */
function splitTarget(target: string): { pathname: string; search: string } {
  const q = target.indexOf('?');
  return q < 0
    ? { pathname: target, search: '' }
    : { pathname: target.slice(0, q), search: target.slice(q + 1) };
}

function underPrefix(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: HOST }, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('The demo server did not report a TCP port.'));
        return;
      }
      resolve(address.port);
    });
  });
}

export async function startSentinelOneDemo(
  options: SentinelOneDemoOptions = {},
): Promise<SentinelOneDemo> {
  const state = new DemoState(
    options.seed ?? DEFAULT_DEMO_SEED,
    new Date(options.now ?? DEFAULT_DEMO_NOW),
  );
  const log = new RequestLog();
  const api = createApiApp({ catalog: options.catalog });
  const faults = new FaultSwitches(new Set(api.router.keys()));
  // Rate limits first, as a real console's gateway would refuse before anything else runs.
  const rateLimits = new DemoRateLimits(options.clock ?? Date.now);
  api.use(rateLimits.middleware());
  api.use(faults.middleware());
  const control = createControlApp({ log, reset: () => state.reset(), faults, rateLimits });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const { pathname, search } = splitTarget(req.url ?? '/');
    const isApi = underPrefix(pathname, S1_API_PREFIX);
    const ctx: ApiContext = {
      method,
      path: isApi ? pathname.slice(S1_API_PREFIX.length) || '/' : pathname,
      query: new URLSearchParams(search),
      headers: req.headers,
      req,
      state,
      hasBody: requestHasBody(req),
      role: null,
      route: null,
      params: {},
      body: undefined,
    };
    let result: ApiResult;
    if (isApi) result = await api.handle(ctx);
    else if (underPrefix(pathname, CONTROL_PREFIX)) result = await control(ctx);
    else {
      const detail = `Nothing here; the API lives under ${S1_API_PREFIX}.`;
      result = errorResult(new ApiError(404, detail));
    }
    if (isApi) {
      log.record({
        at: new Date().toISOString(),
        method,
        path: pathname,
        query: search,
        status: result.status,
        authorized: ctx.role !== null,
        hasBody: ctx.hasBody,
        ...(ctx.route?.source && { source: ctx.route.source }),
        ...(ctx.fault && { fault: ctx.fault.kind }),
        ...(ctx.fault?.delayedMs !== undefined && { delayedMs: ctx.fault.delayedMs }),
      });
    }
    send(res, result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const detail = err instanceof Error ? err.message : String(err);
      send(res, errorResult(new ApiError(500, `The demo server failed: ${detail.slice(0, 200)}`)));
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const port = await listen(server, options.port ?? 0);
  const origin = `http://${HOST}:${port}`;
  return {
    baseUrl: `${origin}${S1_API_PREFIX}`,
    origin,
    port,
    tokens: DEMO_S1_TOKENS,
    requestLog: () => log.list(),
    clearLog: () => {
      log.clear();
    },
    reset: () => state.reset(),
    setFaults: (rules) => {
      faults.set(rules);
    },
    faults: () => faults.list(),
    clearFaults: () => {
      faults.clear();
    },
    setRateLimits: (enabled) => {
      rateLimits.set(enabled);
    },
    rateLimits: () => ({ enabled: rateLimits.isEnabled, rules: rateLimits.rules }),
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets would hold close() open until they time out; end them now, and
        // release requests a latency fault is holding so no timer outlives the server.
        server.close(() => resolve());
        faults.close();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
