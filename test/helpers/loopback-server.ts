import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  createSecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type SecureServerOptions,
} from 'node:http2';
import {
  createServer as createHttpsServer,
  type ServerOptions as HttpsServerOptions,
} from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface LoopbackServer {
  origin: string;
  port: number;
  server: Server;
  /** Every request seen, with its headers, for assertions (e.g. "no Authorization arrived"). */
  requests: Array<{
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 for engine tests; the handler decides everything. */
export async function startLoopbackServer(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    server,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: bind, read the port, close. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Closes `server` after destroying the sockets it tracked. */
function closer(server: NetServerLike, sockets: Set<Socket>): () => Promise<void> {
  return async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

type NetServerLike = {
  close(cb: () => void): unknown;
  on(event: 'connection' | 'secureConnection', cb: (s: Socket) => void): unknown;
};

function track(server: NetServerLike): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

/**
 * An HTTPS server on 127.0.0.1 (node:https options: key, cert, ca, requestCert…).
 * `tlsErrors` collects the handshake failures the server saw (e.g. no client certificate).
 */
export async function startHttpsLoopbackServer(
  options: HttpsServerOptions,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Omit<LoopbackServer, 'server' | 'requests'> & { tlsErrors: string[] }> {
  const tlsErrors: string[] = [];
  const server = createHttpsServer(options, handler);
  server.on('tlsClientError', (err: NodeJS.ErrnoException) =>
    tlsErrors.push(err.code ?? err.message),
  );
  const sockets = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return { origin: `https://127.0.0.1:${port}`, port, tlsErrors, close: closer(server, sockets) };
}

/**
 * An HTTP/2 server over TLS on 127.0.0.1 that also answers HTTP/1.1 (ALPN decides);
 * `versions` records the HTTP version of every request it served.
 */
export async function startHttp2LoopbackServer(
  options: SecureServerOptions,
  handler: (req: Http2ServerRequest, res: Http2ServerResponse) => void,
): Promise<Omit<LoopbackServer, 'server' | 'requests'> & { versions: string[] }> {
  const versions: string[] = [];
  const server = createSecureServer({ allowHTTP1: true, ...options }, (req, res) => {
    versions.push(req.httpVersion);
    handler(req, res);
  });
  const sockets = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return { origin: `https://127.0.0.1:${port}`, port, versions, close: closer(server, sockets) };
}
