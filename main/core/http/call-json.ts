import { randomUUID } from 'node:crypto';
import type { HttpMethod, HttpResponse } from '../../../preload/contract';
import type { Credentials, HttpEngine } from './engine';
import type { TransportOptions } from './transport-options';

export interface JsonCall {
  method: HttpMethod;
  url: URL;
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead of JSON. */
  form?: Record<string, string>;
  headers?: Array<[string, string]>;
  credentials?: Credentials;
  transport?: TransportOptions;
  timeoutMs?: number;
}

export interface JsonAnswer {
  status: number;
  json: unknown;
  response: HttpResponse;
}

/** One request main makes on its own behalf (sign-in, token fetch, connection test). */
export async function callJson(engine: HttpEngine, call: JsonCall): Promise<JsonAnswer> {
  const body = call.form
    ? new URLSearchParams(call.form).toString()
    : call.body === undefined
      ? undefined
      : JSON.stringify(call.body);
  const response = await engine.send(
    {
      requestId: `internal-${randomUUID()}`,
      method: call.method,
      url: call.url,
      headers: [['Accept', 'application/json'], ...(call.headers ?? [])],
      body,
      contentType: call.form
        ? 'application/x-www-form-urlencoded'
        : body
          ? 'application/json'
          : undefined,
      timeoutMs: call.timeoutMs ?? 15_000,
      // Main's own calls never follow redirects: a sign-in must not be bounced elsewhere.
      followRedirects: false,
    },
    { credentials: call.credentials, transport: call.transport },
  );
  const json = response.body.kind === 'text' ? response.body.json : undefined;
  return { status: response.status, json, response };
}

/** The message a JSON error body carries, in any of the shapes our two APIs use. */
export function serverMessage(json: unknown): string | undefined {
  const j = json as
    | {
        error?: { message?: string; code?: string } | string;
        errors?: Array<{ detail?: string; title?: string; message?: string }>;
        error_description?: string;
        message?: string;
      }
    | undefined;
  if (!j || typeof j !== 'object') return undefined;
  if (typeof j.error === 'object' && j.error?.message) return j.error.message;
  if (j.error_description) return j.error_description;
  if (typeof j.error === 'string') return j.error;
  const first = j.errors?.[0];
  if (first) return first.detail ?? first.message ?? first.title;
  return j.message;
}
