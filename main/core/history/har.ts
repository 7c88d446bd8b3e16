import type { HistoryEntry } from '../../../preload/schemas/history';
import { scrubHeaderPairs, scrubJsonSecrets, scrubQueryValue, scrubUrl } from './scrub';

/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) from history entries. Header
 * and query values that look like credentials become `$REDACTED`; the caller runs the
 * whole document through the redactor as well. Sizes of headers are unknown (-1); a send
 * that got no response has status 0 and its error in `_error`, as browsers export it.
 */

export interface HarBodyText {
  text: string;
  encoding?: 'base64';
  /** Set when the text was left out (too big) and why. */
  comment?: string;
}

export interface HarCreator {
  name: string;
  version: string;
}

type NameValue = { name: string; value: string };

function harVersion(httpVersion: string | undefined): string {
  if (!httpVersion) return 'HTTP/1.1';
  return httpVersion.startsWith('HTTP/') ? httpVersion : `HTTP/${httpVersion}`;
}

function header(headers: ReadonlyArray<readonly [string, string]>, name: string): string | null {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1] ?? null;
}

function requestBody(
  e: HistoryEntry,
): { mimeType: string; text: string; params?: NameValue[] } | null {
  const b = e.request.body;
  const declared = e.request.headers.find(
    (h) => h.enabled && h.name.toLowerCase() === 'content-type',
  );
  switch (b.kind) {
    case 'none':
      return null;
    case 'json':
      return { mimeType: declared?.value ?? 'application/json', text: scrubJsonSecrets(b.text) };
    case 'text':
      return { mimeType: declared?.value ?? b.contentType ?? 'text/plain', text: b.text };
    case 'form': {
      const params = b.fields
        .filter((f) => f.enabled)
        .map((f) => ({ name: f.name, value: scrubQueryValue(f.name, f.value) }));
      return {
        mimeType: 'application/x-www-form-urlencoded',
        text: new URLSearchParams(params.map((p) => [p.name, p.value])).toString(),
        params,
      };
    }
  }
}

function queryString(url: string): NameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({
      name,
      value: scrubQueryValue(name, value),
    }));
  } catch {
    return [];
  }
}

function toNameValues(pairs: ReadonlyArray<readonly [string, string]>): NameValue[] {
  return scrubHeaderPairs(pairs).map(([name, value]) => ({ name, value }));
}

/** One HAR entry; `body` is the response content text the caller loaded (or null). */
export function harEntry(e: HistoryEntry, body: HarBodyText | null): Record<string, unknown> {
  const res = e.response;
  const reqBody = requestBody(e);
  const sentHeaders = e.request.headers
    .filter((h) => h.enabled && h.name.trim() !== '')
    .map((h) => [h.name, h.value] as [string, string]);
  if (reqBody && !sentHeaders.some(([n]) => n.toLowerCase() === 'content-type')) {
    sentHeaders.push(['Content-Type', reqBody.mimeType]);
  }
  const t = res?.timings;
  const setup = t ? (t.dns ?? 0) + (t.connect ?? 0) + (t.tls ?? 0) : 0;
  const timings = t
    ? {
        blocked: Math.max(0, round(t.total - t.firstByte - t.download)),
        dns: t.dns ?? -1,
        // HAR counts TLS inside connect, and again on its own as ssl.
        connect: t.connect === null ? -1 : round(t.connect + (t.tls ?? 0)),
        ssl: t.tls ?? -1,
        send: 0,
        wait: Math.max(0, round(t.firstByte - setup)),
        receive: Math.max(0, t.download),
      }
    : { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0 };
  const contentType = res ? (header(res.headers, 'content-type') ?? '') : '';
  const content: Record<string, unknown> = {
    size: res?.size ?? 0,
    mimeType: contentType || 'x-unknown',
  };
  if (body) {
    content.text = body.text;
    if (body.encoding) content.encoding = body.encoding;
    if (body.comment) content.comment = body.comment;
  }
  const entry: Record<string, unknown> = {
    startedDateTime: e.at,
    time: res ? Math.max(0, res.timings.total) : Math.max(0, e.durationMs),
    request: {
      method: e.request.method,
      url: scrubUrl(e.request.url),
      httpVersion: harVersion(res?.httpVersion),
      cookies: [],
      headers: toNameValues(sentHeaders),
      queryString: queryString(e.request.url),
      ...(reqBody
        ? {
            postData: {
              mimeType: reqBody.mimeType,
              text: reqBody.text,
              ...(reqBody.params ? { params: reqBody.params } : {}),
            },
          }
        : {}),
      headersSize: -1,
      bodySize: reqBody ? Buffer.byteLength(reqBody.text, 'utf8') : 0,
    },
    response: {
      status: res?.status ?? 0,
      statusText: res?.statusText ?? '',
      httpVersion: harVersion(res?.httpVersion),
      cookies: [],
      headers: res ? toNameValues(res.headers) : [],
      content,
      redirectURL: res ? (header(res.headers, 'location') ?? '') : '',
      headersSize: -1,
      bodySize: res ? res.size : -1,
    },
    cache: {},
    timings,
    comment: `${e.connectionName} (${e.environment})`,
  };
  if (e.error) entry._error = e.error;
  if (res && res.redirects.length > 0) entry._redirects = res.redirects;
  return entry;
}

export function harDocument(
  creator: HarCreator,
  entries: Array<{ entry: HistoryEntry; body: HarBodyText | null }>,
): Record<string, unknown> {
  return {
    log: {
      version: '1.2',
      creator,
      entries: entries.map(({ entry, body }) => harEntry(entry, body)),
    },
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
