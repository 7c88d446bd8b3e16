import type { IncomingMessage } from 'node:http';
import { ApiError, validationError } from './envelope';

function tooLarge(cap: number): ApiError {
  return new ApiError(413, `Request body exceeds the ${Math.floor(cap / (1024 * 1024))} MB limit.`);
}

export function requestHasBody(req: IncomingMessage): boolean {
  const length = Number(req.headers['content-length'] ?? '0');
  return (Number.isFinite(length) && length > 0) || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Reads at most `cap` bytes. On overflow it stops buffering and lets the rest drain to
 * nowhere, so the client still receives the 413 instead of a reset connection.
 */
export function readBody(req: IncomingMessage, cap: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > cap) {
    req.resume();
    return Promise.reject(tooLarge(cap));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        cleanup();
        req.resume();
        reject(tooLarge(cap));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** Empty body → undefined; anything else must be JSON. */
export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'parse error';
    throw validationError(`Request body is not valid JSON: ${reason.slice(0, 120)}`);
  }
}
