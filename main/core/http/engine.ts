import { performance } from 'node:perf_hooks';
import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import { ProxyAgent, request, type Dispatcher } from 'undici';
import type { HttpMethod, HttpResponse } from '../../../preload/contract';
import { AppError } from '../errors';
import { mapRequestError } from './error-map';
import { CREDENTIAL_HEADERS, type HeaderList, withoutHeaders } from './headers';
import {
  DEFAULT_MAX_REDIRECTS,
  REDIRECT_STATUSES,
  methodAfterRedirect,
  redirectTarget,
  tooManyRedirects,
} from './redirects';
import { withRequestSentHook } from './request-sent-hook';
import {
  isTextualContentType,
  readBody,
  type BodyLimits,
  type ReadBodyResult,
} from './response-body';
import { pruneSpool, type PruneOptions, type PruneResult } from './spool';
import {
  createTextChunker,
  DEFAULT_TEXT_CHUNK_LIMITS,
  type TextChunk,
  type TextChunkLimits,
} from './text-chunks';
import { createTimedAgent, type TimedAgent } from './timed-agent';
import { phaseTimes } from './timings';
import type { TransportOptions } from './transport-options';

/** The least time between two `receiving` progress updates of one body. */
const PROGRESS_INTERVAL_MS = 100;

export { pruneSpool, type PruneOptions, type PruneResult } from './spool';
export type { TextChunk } from './text-chunks';

export interface EngineRequest {
  requestId: string;
  method: HttpMethod;
  url: URL;
  headers: HeaderList;
  body?: string;
  contentType?: string;
  timeoutMs: number;
  followRedirects: boolean;
  maxRedirects?: number;
}

/** A connection's credential headers and the one origin they may be sent to. */
export interface Credentials {
  origin: string;
  headers: HeaderList;
}

export interface SendOptions {
  credentials?: Credentials;
  /** The connection's TLS material and proxy. */
  transport?: TransportOptions;
  onProgress?: (p: {
    phase: 'connecting' | 'waiting' | 'receiving' | 'done';
    receivedBytes: number;
    totalBytes: number | null;
  }) => void;
  /**
   * The decoded text of a textual body as it arrives: only its first bytes, and
   * coalesced (see `EngineOptions.textChunks`). Binary bodies produce none.
   */
  onChunk?: (chunk: TextChunk) => void;
}

export interface EngineOptions {
  /**
   * Offer HTTP/2 in the TLS handshake (default true); the server picks. Requests
   * through a proxy stay on HTTP/1.1: undici's ProxyAgent offers only http/1.1
   * to the target.
   */
  allowH2?: boolean;
  /** How much of a body `onChunk` sees and how often (default 256 KiB, 50 ms / 64 KiB). */
  textChunks?: Partial<TextChunkLimits>;
}

export interface HttpEngine {
  send(req: EngineRequest, opts?: SendOptions): Promise<HttpResponse>;
  cancel(requestId: string): boolean;
  /** Cancels everything in flight (shutdown). */
  cancelAll(): void;
  /** Deletes old spooled bodies from the spool folder; the core runs it at startup. */
  pruneSpool(opts?: PruneOptions): Promise<PruneResult>;
}

/** Servers log it; an operator can tell the console's calls from scripts'. */
export const USER_AGENT = 'SentinelOperatorConsole/0.1';

export function createHttpEngine(limits: BodyLimits, options: EngineOptions = {}): HttpEngine {
  const inFlight = new Map<string, AbortController>();
  const chunkLimits: TextChunkLimits = { ...DEFAULT_TEXT_CHUNK_LIMITS, ...options.textChunks };

  async function send(req: EngineRequest, opts: SendOptions = {}): Promise<HttpResponse> {
    if (inFlight.has(req.requestId)) {
      throw new AppError(
        'invalid_input',
        `A request with id ${req.requestId} is already in flight.`,
      );
    }
    const controller = new AbortController();
    let abortReason: 'timeout' | 'cancelled' | undefined;
    const timer = setTimeout(() => {
      abortReason = 'timeout';
      controller.abort();
    }, req.timeoutMs);
    controller.signal.addEventListener('abort', () => {
      abortReason ??= 'cancelled';
    });
    inFlight.set(req.requestId, controller);
    const tls = opts.transport?.tls;
    const proxyUrl = opts.transport?.proxyUrl;
    let agent: Dispatcher;
    let timed: TimedAgent | undefined;
    if (proxyUrl) {
      // Through a proxy the socket belongs to the tunnel, so only total timings are honest.
      agent = new ProxyAgent({ uri: proxyUrl, requestTls: tls, proxyTls: tls });
    } else {
      timed = createTimedAgent(tls, { allowH2: options.allowH2 ?? true });
      agent = timed.agent;
    }
    withRequestSentHook(agent, () =>
      opts.onProgress?.({ phase: 'waiting', receivedBytes: 0, totalBytes: null }),
    );
    const started = performance.now();
    const redirects: HttpResponse['redirects'] = [];
    let url = req.url;
    let method = req.method;
    let body = req.body;
    let headers = req.headers;
    try {
      for (let hop = 0; ; hop++) {
        const sameOrigin = opts.credentials !== undefined && url.origin === opts.credentials.origin;
        const outgoing: HeaderList = [...headers];
        if (!outgoing.some(([n]) => n.toLowerCase() === 'user-agent')) {
          outgoing.push(['User-Agent', USER_AGENT]);
        }
        if (
          body !== undefined &&
          req.contentType &&
          !outgoing.some(([n]) => n.toLowerCase() === 'content-type')
        ) {
          outgoing.push(['Content-Type', req.contentType]);
        }
        if (sameOrigin) outgoing.push(...opts.credentials!.headers);
        const hopStarted = performance.now();
        opts.onProgress?.({ phase: 'connecting', receivedBytes: 0, totalBytes: null });
        const res = await request(url, {
          method,
          headers: outgoing.flat(),
          body,
          dispatcher: agent,
          signal: controller.signal,
          responseHeaders: 'raw',
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        });
        const firstByte = performance.now();
        const raw = res.headers as unknown as Buffer[] | string[];
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i + 1 < raw.length; i += 2)
          pairs.push([String(raw[i]), String(raw[i + 1])]);
        const header = (name: string) => pairs.find(([n]) => n.toLowerCase() === name)?.[1];
        const location = header('location');
        if (req.followRedirects && REDIRECT_STATUSES.has(res.statusCode) && location) {
          await res.body.dump();
          const next = redirectTarget(location, url);
          const max = req.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
          if (hop >= max) throw tooManyRedirects(max, next, redirects);
          const credentialsDropped = next.origin !== url.origin;
          redirects.push({
            status: res.statusCode,
            from: url.href,
            to: next.href,
            credentialsDropped,
          });
          // Crossing origins drops every credential-bearing header, the operator's own included.
          if (credentialsDropped) headers = withoutHeaders(headers, CREDENTIAL_HEADERS);
          const nextMethod = methodAfterRedirect(res.statusCode, method);
          if (nextMethod !== method || res.statusCode === 303) body = undefined;
          method = nextMethod;
          url = next;
          continue;
        }
        const contentLength = Number(header('content-length') ?? NaN);
        const totalBytes = Number.isFinite(contentLength) ? contentLength : null;
        const contentType = header('content-type') ?? '';
        const chunker =
          opts.onChunk && isTextualContentType(contentType)
            ? createTextChunker(opts.onChunk, chunkLimits)
            : undefined;
        opts.onProgress?.({ phase: 'receiving', receivedBytes: 0, totalBytes });
        let lastProgress = performance.now();
        let read: ReadBodyResult;
        try {
          read = await readBody(res.body as unknown as Readable, {
            requestId: req.requestId,
            contentType,
            contentEncoding: header('content-encoding'),
            limits,
            onChunk: chunker && ((c) => chunker.push(c)),
            onBytes: (receivedBytes) => {
              // A 100 MB body arrives in ~1,600 chunks: ten updates a second are plenty,
              // and more would keep the renderer busy drawing the counter.
              const now = performance.now();
              if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
              lastProgress = now;
              opts.onProgress?.({ phase: 'receiving', receivedBytes, totalBytes });
            },
          });
        } catch (err) {
          chunker?.dispose();
          throw err;
        }
        chunker?.end();
        const done = performance.now();
        opts.onProgress?.({ phase: 'done', receivedBytes: read.size, totalBytes });
        const conn = timed?.connectionTo(url.origin);
        return {
          requestId: req.requestId,
          method,
          url: url.href,
          status: res.statusCode,
          statusText: res.statusText || STATUS_CODES[res.statusCode] || '',
          // A tunnelled request is HTTP/1.1 by construction (see EngineOptions.allowH2).
          httpVersion: conn?.httpVersion ?? '1.1',
          headers: pairs,
          body: read.body,
          size: read.size,
          timings: phaseTimes(conn, { started, hopStarted, firstByte, done }),
          redirects,
          // The answer's own hop: after a cross-origin redirect the credentials stayed behind.
          credentialsAttached: sameOrigin,
        };
      }
    } catch (err) {
      throw mapRequestError(err, {
        url,
        timeoutMs: req.timeoutMs,
        abortReason,
        proxyUrl,
        socketError: timed?.connectionTo(url.origin)?.socketError,
        clientCertificate: Boolean(tls?.cert || tls?.pfx),
        pfx: Boolean(tls?.pfx),
      });
    } finally {
      clearTimeout(timer);
      inFlight.delete(req.requestId);
      void agent.destroy().catch(() => undefined);
    }
  }

  return {
    send,
    cancel(requestId) {
      const c = inFlight.get(requestId);
      if (!c) return false;
      c.abort();
      return true;
    },
    cancelAll() {
      for (const c of inFlight.values()) c.abort();
    },
    pruneSpool: (opts) => pruneSpool(limits.spoolDir, opts),
  };
}
