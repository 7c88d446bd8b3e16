import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { requestHasBody } from '../sentinelone/body';
import { adminByUsername } from './admins';
import { createSsxApiApp } from './api-app';
import { DEFAULT_SESSION_TTL_SECONDS, SSX_API_PREFIX, SSX_CONTROL_PREFIX } from './constants';
import type { SsxContext } from './context';
import { createSsxControlApp } from './control-app';
import { errorResult, internalError, notFound, type ApiResult } from './errors';
import { SsxRequestLog } from './request-log';
import { SecureXState } from './state';
import type { SecureXDemo, SecureXDemoOptions } from './types';

/** Demo servers bind to loopback only: they accept well-known passwords. */
const HOST = '127.0.0.1';

/** How `createSessionFor` sessions show up in the sessions list. */
const OTHER_DEVICE = {
  userAgent: 'SentinelSecureX-Console/4.2 (another device)',
  ip: '192.0.2.44',
};

function send(res: ServerResponse, result: ApiResult): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(result.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(result.body),
    // Every response may carry a token or session data: never cache any of them.
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...result.headers,
  });
  res.end(result.body);
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

export async function startSecureXDemo(options: SecureXDemoOptions = {}): Promise<SecureXDemo> {
  const state = new SecureXState(
    options.now ?? Date.now,
    options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS,
  );
  const log = new SsxRequestLog();
  const api = createSsxApiApp({ catalog: options.catalog });
  const control = createSsxControlApp(log, () => state.reset());

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    // Split by hand: `new URL('//x', base)` would read `x` as a host.
    const pathname = q < 0 ? target : target.slice(0, q);
    const ctx: SsxContext = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: pathname,
      query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)),
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

  const port = await listen(server, options.port ?? 0);
  const origin = `http://${HOST}:${port}`;
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
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets would hold close() open until they time out; end them now.
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
