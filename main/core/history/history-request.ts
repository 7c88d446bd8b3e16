import type { ChannelParsedInput, HttpResponse } from '../../../preload/contract';
import type { HistoryListInput, HistoryRequest } from '../../../preload/schemas/history';
import { prepareRequest } from '../http/prepare';
import { redactInlineText } from './body-store';
import type { StoredEntry } from './history-entry';
import { readable, scrubHeaderValue, scrubQueryValue, scrubUrl } from './scrub';

/** One finished `http:send` as the wrapper around it saw it. */
export interface RecordedSend {
  input: ChannelParsedInput<'http:send'>;
  startedAt: number;
  response?: HttpResponse;
  error?: unknown;
}

const REQUEST_BODY_MIN_BYTES = 1024 * 1024;

/**
 * The request of a history entry: as the tab sent it (variables by name, so it can be sent
 * again), with the URL that was requested, secrets redacted and credential-like values
 * scrubbed.
 */
export function requestOf(
  send: RecordedSend,
  baseUrl: string,
  maxBytes: number,
  redact: (text: string) => string,
): HistoryRequest {
  const { input, response } = send;
  let url = response ? (response.redirects[0]?.from ?? response.url) : input.path;
  if (!response) {
    try {
      url = prepareRequest(input, baseUrl, 'history').url.href;
    } catch {
      // The path did not make a URL (that error is the entry's): keep it as typed.
    }
  }
  let bodyTruncated = false;
  // Request bodies are kept inline only: up to the body limit, and never less than 1 MiB.
  const limit = Math.max(maxBytes, REQUEST_BODY_MIN_BYTES);
  const cut = (text: string): string => {
    if (Buffer.byteLength(text, 'utf8') <= limit) return text;
    bodyTruncated = true;
    return Buffer.from(text, 'utf8').subarray(0, limit).toString('utf8');
  };
  const rows = (list: typeof input.query, scrub: (n: string, v: string) => string) =>
    list.map((r) => ({ name: r.name, value: scrub(r.name, r.value), enabled: r.enabled }));
  const b = input.body;
  const body: HistoryRequest['body'] =
    b.kind === 'none'
      ? { kind: 'none' }
      : b.kind === 'json'
        ? { kind: 'json', text: cut(redactInlineText(b.text, redact, 'application/json')) }
        : b.kind === 'text'
          ? {
              kind: 'text',
              text: cut(redactInlineText(b.text, redact, b.contentType)),
              ...(b.contentType !== undefined ? { contentType: b.contentType } : {}),
            }
          : { kind: 'form', fields: rows(b.fields, scrubQueryValue) };
  return {
    method: input.method,
    url: scrubUrl(url),
    path: scrubPath(input.path),
    query: rows(input.query, scrubQueryValue),
    headers: rows(input.headers, scrubHeaderValue),
    body,
    ...(bodyTruncated ? { bodyTruncated: true } : {}),
  };
}

/** Whether an entry passes the list filters (`needle`: the text filter, lower-cased). */
export function matches(e: StoredEntry, q: HistoryListInput, needle: string | undefined): boolean {
  if (q.connectionId !== undefined && e.connectionId !== q.connectionId) return false;
  if (q.method !== undefined && e.request.method !== q.method) return false;
  const status = e.response?.status ?? null;
  if (q.status !== undefined) {
    if (status !== q.status) return false;
  } else if (q.statusClass !== undefined) {
    if (q.statusClass === 'error') {
      if (status !== null) return false;
    } else if (status === null || `${Math.floor(status / 100)}xx` !== q.statusClass) {
      return false;
    }
  }
  if (needle !== undefined) {
    const b = e.request.body;
    const haystacks = [
      e.request.url,
      b.kind === 'json' || b.kind === 'text' ? b.text : '',
      e.body.kind === 'text' ? e.body.text : '',
    ];
    if (!haystacks.some((h) => h.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** The typed path with credential-named query values replaced (relative paths too). */
function scrubPath(path: string): string {
  if (!path.includes('?') && !path.includes('@')) return path;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return scrubUrl(path);
  const q = path.indexOf('?');
  if (q === -1) return path;
  const params = new URLSearchParams(path.slice(q + 1));
  const pairs = [...params];
  const scrubbed = pairs.map(([n, v]) => [n, scrubQueryValue(n, v)] as [string, string]);
  if (scrubbed.every(([, v], i) => v === pairs[i]![1])) return path;
  return `${path.slice(0, q)}?${readable(new URLSearchParams(scrubbed).toString())}`;
}
