import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Envelope, EventName } from '../../preload/contract';
import type { AppCore } from '../core/app-core';
import { buildContentSecurityPolicy } from '../window/content-security-policy';
import { serveStatic } from './static-files';

export interface BrowserHostOptions {
  core: AppCore;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; otherwise 32 random bytes per launch. */
  token?: string;
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface BrowserHost {
  origin: string;
  port: number;
  token: string;
  /** The URL to open: origin plus the access token. */
  url: string;
  close(): Promise<void>;
}

const TOKEN_HEADER = 'x-sentinel-token';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendEnvelope(res: ServerResponse, status: number, envelope: Envelope<unknown>): void {
  const body = JSON.stringify(envelope);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

function refuse(res: ServerResponse, status: number, message: string): void {
  sendEnvelope(res, status, { ok: false, error: { code: 'forbidden_sender', message } });
}

/**
 * Serves the built renderer and the same contract as Electron IPC, for
 * Chromium end-to-end tests and machines without the Electron runtime.
 * Loopback only; every API call needs the per-launch token and, from a
 * browser, our own Origin; the Host header must be ours (DNS rebinding).
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const sockets = new Set<WebSocket>();
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  const broadcast = (event: EventName, payload: unknown) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  };
  const ctx = { emit: broadcast };
  const unsubscribe = options.core.events.subscribe((event, payload) => broadcast(event, payload));

  const hostOk = (req: IncomingMessage) => allowedHosts().includes(req.headers.host ?? '');
  const originOk = (req: IncomingMessage) =>
    req.headers.origin === undefined || allowedOrigins().includes(req.headers.origin);

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBody) throw new Error('too large');
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    return text.trim() === '' ? {} : JSON.parse(text);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string) {
    const presented = req.headers[TOKEN_HEADER];
    if (typeof presented !== 'string' || !sameSecret(presented, token)) {
      return refuse(
        res,
        401,
        'Missing or wrong access token. Open the console through the link `npm start` printed.',
      );
    }
    if (!originOk(req)) return refuse(res, 403, 'Calls from other web pages are refused.');
    const match = /^\/api\/invoke\/([^/]+)$/.exec(path);
    if (!match || req.method !== 'POST') {
      return sendEnvelope(res, 404, {
        ok: false,
        error: { code: 'unknown_channel', message: 'Unknown API path.' },
      });
    }
    let input: unknown;
    try {
      input = await readJson(req);
    } catch {
      return sendEnvelope(res, 400, {
        ok: false,
        error: {
          code: 'invalid_input',
          message: 'The call body is not valid JSON (or larger than allowed).',
        },
      });
    }
    const channel = decodeURIComponent(match[1] ?? '');
    sendEnvelope(res, 200, await options.core.dispatch(channel, input, ctx));
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!hostOk(req)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' });
      res.end('Wrong Host header.');
      return;
    }
    if (path.startsWith('/api/')) {
      handleApi(req, res, path).catch((err) => {
        options.log?.(`browser host: ${err instanceof Error ? err.stack : String(err)}`);
        if (!res.headersSent)
          sendEnvelope(res, 500, {
            ok: false,
            error: { code: 'internal', message: 'Host failure.' },
          });
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const csp = buildContentSecurityPolicy({
      extraConnectSrc: allowedHosts().map((h) => `ws://${h}`),
    });
    void serveStatic(options.rendererDir, path, res, {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const presented = url.searchParams.get('token') ?? '';
    // Browsers do not apply the same-origin policy to WebSockets, so Origin is checked here.
    if (
      url.pathname !== '/api/events' ||
      !hostOk(req) ||
      !originOk(req) ||
      !sameSecret(presented, token)
    ) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', () => undefined);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    token,
    url: `${origin}/?token=${token}`,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
