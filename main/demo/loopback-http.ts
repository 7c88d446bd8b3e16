/**
 * What both demo tenants' servers share: loopback-only listening, and writing an answer,
 * including the fault switches' dropped connections and streamed huge bodies.
 */
import type { Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ApiResult } from './sentinelone/envelope';
import type { StreamedBody } from './sentinelone/fault-huge-body';

/** Demo servers bind to loopback only: they accept well-known tokens and passwords. */
export const DEMO_HOST = '127.0.0.1';

/** Writes an answer; `headers` are the tenant's own (they come before the answer's). */
export function sendResult(
  res: ServerResponse,
  result: ApiResult,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  if (result.drop === 'before-headers') {
    res.destroy();
    return;
  }
  if (result.stream) {
    sendStream(res, result.status, result.stream, headers);
    return;
  }
  const body = Buffer.from(result.body, 'utf8');
  res.writeHead(result.status, {
    'Content-Type': 'application/json',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    ...headers,
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
function sendStream(
  res: ServerResponse,
  status: number,
  body: StreamedBody,
  headers: Record<string, string>,
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': body.contentType,
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  });
  pipeline(Readable.from(body.chunks(), { objectMode: false }), res).catch(() => res.destroy());
}

/** Splits the request target by hand: `new URL('//x', base)` would treat `x` as a host. */
export function splitTarget(target: string): { pathname: string; search: string } {
  const q = target.indexOf('?');
  return q < 0
    ? { pathname: target, search: '' }
    : { pathname: target.slice(0, q), search: target.slice(q + 1) };
}

export function underPrefix(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: DEMO_HOST }, () => {
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
