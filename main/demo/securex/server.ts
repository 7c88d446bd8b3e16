import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SSX_ROUTE_RULES } from '../../core/ssx/route-permissions';
import {
  DEMO_HOST,
  listenOnLoopback,
  sendResult,
  splitTarget,
  underPrefix,
} from '../loopback-http';
import { requestHasBody } from '../sentinelone/body';
import { FaultSwitches } from '../sentinelone/fault-switches';
import { adminByUsername } from './admins';
import { createSsxApiApp } from './api-app';
import { DEFAULT_SESSION_TTL_SECONDS, SSX_API_PREFIX, SSX_CONTROL_PREFIX } from './constants';
import type { SsxContext } from './context';
import { createSsxControlApp } from './control-app';
import { errorResult, faultResult, internalError, notFound, type ApiResult } from './errors';
import { SsxRequestLog } from './request-log';
import { SecureXState } from './state';
import type { SecureXDemo, SecureXDemoOptions } from './types';

/** How `createSessionFor` sessions show up in the sessions list. */
const OTHER_DEVICE = {
  userAgent: 'SentinelSecureX-Console/4.2 (another device)',
  ip: '192.0.2.44',
};

/** Every response may carry a token or session data: never cache or sniff any of them. */
const SSX_HEADERS = { 'X-Content-Type-Options': 'nosniff' };

function send(res: ServerResponse, result: ApiResult): void {
  sendResult(res, result, SSX_HEADERS);
}

/** Fault rules name the route map's routes the way the demo router writes them (`:name`). */
const FAULT_ROUTES = SSX_ROUTE_RULES.map(
  (rule) => `${rule.method} ${rule.path.replace(/<(\w+)>/g, ':$1')}`,
);

export async function startSecureXDemo(options: SecureXDemoOptions = {}): Promise<SecureXDemo> {
  const state = new SecureXState(
    options.now ?? Date.now,
    options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS,
  );
  const log = new SsxRequestLog();
  const api = createSsxApiApp({ catalog: options.catalog });
  const faults = new FaultSwitches<SsxContext>({
    routes: FAULT_ROUTES,
    routeOf: (ctx) => (ctx.route ? `${ctx.route.method} ${ctx.route.pattern}` : undefined),
    error: faultResult,
  });
  api.use(faults.middleware());
  const control = createSsxControlApp({ log, reset: () => state.reset(), faults });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname, search } = splitTarget(req.url ?? '/');
    const ctx: SsxContext = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: pathname,
      query: new URLSearchParams(search),
      headers: req.headers,
      req,
      tenant: state,
      hasBody: requestHasBody(req),
      route: null,
      params: {},
      body: undefined,
      auth: null,
    };
    const isApi = underPrefix(pathname, SSX_API_PREFIX);
    let result: ApiResult;
    if (isApi) result = await api.handle(ctx);
    else if (underPrefix(pathname, SSX_CONTROL_PREFIX)) result = await control(ctx);
    else result = errorResult(notFound(`Nothing here; the API lives under ${SSX_API_PREFIX}/.`));
    if (isApi) log.recordRequest(ctx, result.status);
    send(res, result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, errorResult(internalError(err))));
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const port = await listenOnLoopback(server, options.port ?? 0);
  const origin = `http://${DEMO_HOST}:${port}`;
  return {
    baseUrl: origin,
    origin,
    port,
    requestLog: () => log.list(),
    clearLog: () => {
      log.clear();
    },
    reset: () => state.reset(),
    setSessionTtl: (seconds) => state.setSessionTtl(seconds),
    createSessionFor: async (username) => {
      const admin = adminByUsername(username);
      if (!admin) throw new Error(`No demo admin named "${username}".`);
      if (admin.locked) throw new Error(`The demo admin "${username}" is locked.`);
      const { token, session } = await state.issueSession(admin, OTHER_DEVICE);
      return { token, sessionId: session.id };
    },
    setFaults: (rules) => {
      faults.set(rules);
    },
    faults: () => faults.list(),
    clearFaults: () => {
      faults.clear();
    },
    faultRoutes: () => faults.routeNames(),
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
