import type { HttpResponse, Timings } from '../../../preload/contract';

export type StatusClass =
  'informational' | 'success' | 'redirect' | 'client-error' | 'server-error';
/** Naive UI tag types: 2xx green, 3xx blue, 4xx amber, 5xx red. */
export type StatusTone = 'default' | 'success' | 'info' | 'warning' | 'error';

export function statusClass(status: number): StatusClass {
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'client-error';
  if (status >= 300) return 'redirect';
  if (status >= 200) return 'success';
  return 'informational';
}

const TONES: Record<StatusClass, StatusTone> = {
  informational: 'default',
  success: 'success',
  redirect: 'info',
  'client-error': 'warning',
  'server-error': 'error',
};

export function statusTone(status: number): StatusTone {
  return TONES[statusClass(status)];
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The lines of the timing tooltip, in the order the phases happen. */
export function timingPhases(t: Timings): Array<{ label: string; value: string }> {
  return [
    { label: 'DNS', value: formatMs(t.dns) },
    { label: 'Connect', value: formatMs(t.connect) },
    { label: 'TLS', value: formatMs(t.tls) },
    { label: 'First byte', value: formatMs(t.firstByte) },
    { label: 'Download', value: formatMs(t.download) },
    { label: 'Total', value: formatMs(t.total) },
  ];
}

/** Header names are case-insensitive; the first match wins. */
export function headerValue(res: HttpResponse, name: string): string | undefined {
  const lower = name.toLowerCase();
  return res.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** What the Raw tab shows: the status line, the headers as received, then the body. */
export function rawResponse(res: HttpResponse): string {
  const head = [`HTTP/${res.httpVersion} ${res.status} ${res.statusText}`.trimEnd()];
  for (const [name, value] of res.headers) head.push(`${name}: ${value}`);
  const body = res.body;
  let text = '';
  if (body.kind === 'text') text = body.text;
  else if (body.kind === 'file') text = body.preview;
  else if (body.kind === 'binary') text = `[${body.contentType}; base64]\n${body.base64}`;
  return `${head.join('\n')}\n\n${text}`;
}

/** Pretty JSON when the body parsed as JSON, otherwise the text as received. */
export function prettyBody(res: HttpResponse): string {
  const body = res.body;
  if (body.kind !== 'text') return '';
  if (body.json !== undefined) return JSON.stringify(body.json, null, 2);
  return body.text;
}
