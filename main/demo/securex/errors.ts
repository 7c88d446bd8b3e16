import { ApiError as S1ApiError, jsonResult, type ApiResult } from '../sentinelone/envelope';
import type { SsxPermission } from '../../core/ssx/permissions';

export { jsonResult, type ApiResult };

/** Stable machine codes; the `error.code` field of every error body (see index.ts). */
export type SsxErrorCode =
  | 'invalid_request'
  | 'invalid_credentials'
  | 'unauthenticated'
  | 'session_expired'
  | 'session_revoked'
  | 'forbidden'
  | 'host_not_allowed'
  | 'loopback_only'
  | 'not_found'
  | 'method_not_allowed'
  | 'already_revoked'
  | 'already_expired'
  | 'payload_too_large'
  | 'account_locked'
  | 'rate_limited'
  | 'unavailable'
  | 'internal_error';

/** One problem with a request body, as listed in `details` of `invalid_request`. */
export interface SsxFieldIssue {
  /** Dotted path into the body (`username`), or `body` for the body as a whole. */
  field: string;
  problem: string;
}

/** Thrown anywhere in a handler or middleware; the error boundary serialises it. */
export class SsxError extends Error {
  readonly status: number;
  readonly code: SsxErrorCode;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    code: SsxErrorCode,
    message: string,
    options: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'SsxError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export function invalidRequest(message: string, issues: SsxFieldIssue[]): SsxError {
  return new SsxError(400, 'invalid_request', message, { details: issues });
}

export function forbidden(permission: SsxPermission): SsxError {
  return new SsxError(
    403,
    'forbidden',
    `Your role does not grant "${permission}"; ask an administrator to do this.`,
    { details: { permission } },
  );
}

export function notFound(message: string): SsxError {
  return new SsxError(404, 'not_found', message);
}

export function errorResult(err: SsxError): ApiResult {
  const error: { code: string; message: string; details?: unknown } = {
    code: err.code,
    message: err.message,
  };
  if (err.details !== undefined) error.details = err.details;
  return { status: err.status, body: JSON.stringify({ error }), headers: err.headers };
}

const CODE_BY_STATUS: Record<number, SsxErrorCode> = {
  400: 'invalid_request',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * The SentinelOne tenant's shared helpers (body reader, loopback guards) throw its own
 * ApiError; this re-expresses one in the Secure X shape, keeping its status and message.
 */
export function fromSharedError(err: unknown, code?: SsxErrorCode): unknown {
  if (!(err instanceof S1ApiError)) return err;
  const mapped = code ?? CODE_BY_STATUS[err.status] ?? 'internal_error';
  return new SsxError(err.status, mapped, err.message, { headers: err.headers });
}

/** An answer the fault switches force (status 400–599), in the Secure X error envelope. */
export function faultResult(
  status: number,
  message: string,
  headers?: Record<string, string>,
): ApiResult {
  const code = CODE_BY_STATUS[status] ?? (status < 500 ? 'invalid_request' : 'internal_error');
  return errorResult(new SsxError(status, code, message, { headers }));
}

export function internalError(err: unknown): SsxError {
  const detail = err instanceof Error ? err.message : String(err);
  return new SsxError(500, 'internal_error', `The demo server failed: ${detail.slice(0, 200)}`);
}
