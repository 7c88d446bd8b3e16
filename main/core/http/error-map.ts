import { AppError } from '../errors';
import { describeTlsFailure } from './tls-problems';

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    const e = cur as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof e.code === 'string') codes.push(e.code);
    if (Array.isArray(e.errors)) for (const inner of e.errors) codes.push(...codesOf(inner));
    cur = e.cause;
  }
  return codes;
}

function messageOf(err: unknown): string {
  let cur: unknown = err;
  let last = '';
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof Error && cur.message) last = cur.message;
    cur = (cur as { cause?: unknown }).cause;
  }
  return last;
}

export interface FailureContext {
  url: URL;
  timeoutMs: number;
  /** Why the request's signal fired, if it did. */
  abortReason?: 'timeout' | 'cancelled';
  /** The proxy the request went through, if any. */
  proxyUrl?: string;
  /**
   * What the socket itself reported first. undici turns a TLS alert that comes
   * after the handshake into "other side closed"; this keeps the real cause.
   */
  socketError?: unknown;
  /** Whether the connection sends a client certificate (PEM or PFX). */
  clientCertificate?: boolean;
  /** Whether that certificate is a PFX file. */
  pfx?: boolean;
}

/** Maps whatever Node/undici threw into a stable code and a sentence that says what to do. */
export function mapRequestError(err: unknown, ctx: FailureContext): AppError {
  if (err instanceof AppError) return err;
  const target = `${ctx.url.hostname}:${ctx.url.port || (ctx.url.protocol === 'https:' ? 443 : 80)}`;
  if (ctx.abortReason === 'timeout') {
    return new AppError(
      'timeout',
      `No complete answer from ${target} within ${ctx.timeoutMs} ms. Raise the timeout or check the server.`,
      { timeoutMs: ctx.timeoutMs },
    );
  }
  if (ctx.abortReason === 'cancelled') return cancelled();
  const codes = [...codesOf(ctx.socketError), ...codesOf(err)];
  const has = (...c: string[]) => codes.some((x) => c.includes(x));
  const detail = messageOf(err);
  if (ctx.proxyUrl) {
    const proxy = new URL(ctx.proxyUrl);
    const proxyTarget = `${proxy.hostname}:${proxy.port || (proxy.protocol === 'https:' ? 443 : 80)}`;
    const refusedTunnel = /Proxy response \((\d+)\)/.exec(detail);
    if (refusedTunnel) {
      return new AppError(
        'proxy_failed',
        `The proxy ${proxyTarget} refused to open a tunnel to ${target} (HTTP ${refusedTunnel[1]}). Check the proxy's allow list or credentials.`,
        { proxy: proxyTarget, status: Number(refusedTunnel[1]) },
      );
    }
    if (
      has('ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN') &&
      !/tunnel/i.test(detail) &&
      codes.length > 0
    ) {
      return new AppError(
        'proxy_failed',
        `The proxy ${proxyTarget} cannot be reached (${codes[0]}). Check the proxy setting of the connection or your environment's HTTPS_PROXY.`,
        { proxy: proxyTarget },
      );
    }
  }
  if (has('ECONNREFUSED')) {
    return new AppError(
      'connection_refused',
      `Connection refused by ${target}: nothing is listening there. Check the base URL, and that the server (or the demo tenant) is running.`,
      { target },
    );
  }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL')) {
    return new AppError(
      'dns_failed',
      `The host name "${ctx.url.hostname}" could not be resolved. Check the spelling of the tenant URL and your network or VPN.`,
      { host: ctx.url.hostname },
    );
  }
  const tls = describeTlsFailure(codes, messageOf(ctx.socketError) || detail, {
    clientCertificate: ctx.clientCertificate,
    pfx: ctx.pfx,
  });
  if (tls) {
    return new AppError(
      'tls_error',
      `Secure connection to ${target} failed: ${tls.problem}. ${tls.advice}`,
      { certificateError: tls.cause },
    );
  }
  if (
    has('UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT')
  ) {
    return new AppError(
      'timeout',
      `${target} did not answer in time. Raise the timeout or check the server and your network.`,
      { timeoutMs: ctx.timeoutMs },
    );
  }
  if (has('ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED', 'ECONNABORTED')) {
    // Some servers (Node's own among them) refuse a client certificate by closing the
    // connection after the handshake, without a TLS alert that would say so.
    const clientCertHint =
      ctx.clientCertificate && ctx.url.protocol === 'https:'
        ? ' If the server checks client certificates, it may have rejected the one configured: check that it is issued by a CA the server trusts and not expired.'
        : '';
    return new AppError(
      'connection_reset',
      `The connection to ${target} was closed before the answer was complete. Try again; if it repeats, the server or a proxy in between is dropping the request.${clientCertHint}`,
      { target },
    );
  }
  if (has('UND_ERR_ABORTED', 'ABORT_ERR')) return cancelled();
  if (has('UND_ERR_INVALID_ARG', 'ERR_INVALID_URL', 'ERR_INVALID_CHAR')) {
    return new AppError(
      'invalid_header',
      `The request could not be built: ${detail}. Check the URL and the headers for unusual characters; nothing was sent.`,
    );
  }
  return new AppError(
    'connection_reset',
    `The request to ${target} failed: ${detail || 'unknown network error'}. Check your network (VPN, firewall, proxy) and try again; the details show what Node reported.`,
    { codes },
  );
}

function cancelled(): AppError {
  return new AppError('aborted', 'The request was cancelled. Send it again when you are ready.');
}
