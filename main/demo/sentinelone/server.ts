import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  DEMO_HOST,
  listenOnLoopback,
  sendResult as send,
  splitTarget,
  underPrefix,
} from '../loopback-http';
import { createApiApp } from './api-app';
import { requestHasBody } from './body';
import { DEFAULT_DEMO_NOW, DEFAULT_DEMO_SEED, DEMO_S1_TOKENS, S1_API_PREFIX } from './constants';
import { CONTROL_PREFIX, createControlApp } from './control-app';
import { ApiError, errorResult, type ApiResult } from './envelope';
import { FaultSwitches } from './fault-switches';
import { DemoRateLimits } from './rate-limits';
import { RequestLog } from './request-log';
import type { ApiContext } from './router';
import { DemoState } from './state';
import type { SentinelOneDemo, SentinelOneDemoOptions } from './types';

export async function startSentinelOneDemo(
  options: SentinelOneDemoOptions = {},
): Promise<SentinelOneDemo> {
  const state = new DemoState(
    options.seed ?? DEFAULT_DEMO_SEED,
    new Date(options.now ?? DEFAULT_DEMO_NOW),
  );
  const log = new RequestLog();
  const api = createApiApp({ catalog: options.catalog });
  const faults = new FaultSwitches<ApiContext>({
    routes: api.router.keys(),
    routeOf: (ctx) => ctx.route?.key,
    error: (status, message, headers) => errorResult(new ApiError(status, message, { headers })),
  });
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

  const port = await listenOnLoopback(server, options.port ?? 0);
  const origin = `http://${DEMO_HOST}:${port}`;
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
    faultRoutes: () => faults.routeNames(),
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
