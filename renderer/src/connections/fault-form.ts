/**
 * The developer panel's fault form: what the operator types, and the rule it becomes.
 * Plain functions; the store (stores/demo-faults.ts) holds the state.
 */
import type { DemoFaultRuleInput } from '../../../preload/contract';
import type { DemoTenant } from '../stores/connections';

/** The route a new rule starts on, per tenant: a list the operator is likely to be sending. */
export const DEFAULT_FAULT_ROUTE: Record<DemoTenant, string> = {
  sentinelone: 'GET /threats',
  'sentinel-secure-x': 'GET /api/admin/me',
};

/** At most this many suggestions under the route field (Secure X has 75 routes). */
const MAX_ROUTE_SUGGESTIONS = 12;

/**
 * Route names main reported for the tenant (`METHOD pattern`, SentinelOne's relative to
 * `/web/api/v2.1`) that contain what was typed, plus `*` for every route.
 */
export function faultRouteSuggestions(routes: readonly string[], typed: string): string[] {
  const text = typed.trim().toLowerCase();
  return [...routes, '*']
    .filter((r) => r.toLowerCase() !== text && r.toLowerCase().includes(text))
    .slice(0, MAX_ROUTE_SUGGESTIONS);
}

export type FaultKind =
  | 'latency'
  | 'status'
  | 'rate-limit'
  | 'malformed'
  | 'reset'
  | 'drop-mid-body'
  | 'drop-before-headers'
  | 'huge-body';

export const FAULT_KIND_LABELS: Record<FaultKind, string> = {
  latency: 'Latency only',
  status: 'Error status (5xx)',
  'rate-limit': '429 with Retry-After',
  malformed: 'Malformed JSON',
  reset: 'Connection reset',
  'drop-mid-body': 'Drop mid-body',
  'drop-before-headers': 'Drop before headers',
  'huge-body': 'Huge body',
};

export type HugeBodyShape = 'threats-json' | 'text';

/** Numbers stay text while typed, so a half-typed value is an error message, not a NaN. */
export interface FaultForm {
  route: string;
  kind: FaultKind;
  /** The whole fault for `latency`; a delay before the answer for the others. */
  latencyMs: string;
  status: string;
  /** JSON sent instead of the error envelope (status only); blank for the envelope. */
  body: string;
  retryAfterSeconds: string;
  hugeMiB: string;
  hugeShape: HugeBodyShape;
  /** How many requests the rule answers; blank: until cleared. */
  times: string;
}

export interface FaultFormError {
  field: keyof FaultForm;
  message: string;
}

export function blankFaultForm(route = DEFAULT_FAULT_ROUTE.sentinelone): FaultForm {
  return {
    route,
    kind: 'status',
    latencyMs: '',
    status: '500',
    body: '',
    retryAfterSeconds: '3',
    hugeMiB: '64',
    hugeShape: 'threats-json',
    times: '',
  };
}

const S1_PREFIX = '/web/api/v2.1';
const MIB = 1024 * 1024;

/** `get /web/api/v2.1/threats?limit=1` → `GET /threats`; a bare path means GET. */
export function normalizeFaultRoute(input: string): string {
  const text = input.trim().replace(/\s+/g, ' ');
  if (text === '*' || text === '') return text;
  const match = /^([A-Za-z]+) (.*)$/.exec(text);
  const method = (match ? (match[1] as string) : 'GET').toUpperCase();
  let path = (match ? (match[2] as string) : text).replace(/[?#].*$/, '');
  if (path.startsWith(S1_PREFIX)) path = path.slice(S1_PREFIX.length);
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.length > 1) path = path.replace(/\/+$/, '');
  return `${method} ${path}`;
}

export function faultKindOf(rule: DemoFaultRuleInput): FaultKind {
  if (rule.status !== undefined) return 'status';
  if (rule.rateLimit429) return 'rate-limit';
  if (rule.malformed) return 'malformed';
  if (rule.reset) return 'reset';
  if (rule.drop === 'mid-body') return 'drop-mid-body';
  if (rule.drop === 'before-headers') return 'drop-before-headers';
  if (rule.hugeBody) return 'huge-body';
  return 'latency';
}

function formatMiB(bytes: number): string {
  return String(Math.round((bytes / MIB) * 1000) / 1000);
}

/** One line for the list, in the operator's words: `500 with the error envelope, after 200 ms`. */
export function describeFaultRule(rule: DemoFaultRuleInput): string {
  const answers: Record<FaultKind, () => string> = {
    latency: () => `Delay ${rule.latencyMs ?? 0} ms, then the normal answer`,
    status: () =>
      `${rule.status} with ${rule.body === undefined ? 'the error envelope' : 'a custom body'}`,
    'rate-limit': () => `429, Retry-After ${rule.rateLimit429?.retryAfterSeconds} s`,
    malformed: () => 'Malformed JSON (the body cut in half)',
    reset: () => 'Connection reset (TCP RST)',
    'drop-mid-body': () => 'Connection dropped mid-body',
    'drop-before-headers': () => 'Connection dropped before the headers',
    'huge-body': () =>
      `200 with a ${formatMiB(rule.hugeBody?.bytes ?? 0)} MiB ${rule.hugeBody?.shape ?? 'threats-json'} body`,
  };
  const kind = faultKindOf(rule);
  const delay = kind !== 'latency' && rule.latencyMs ? `, after ${rule.latencyMs} ms` : '';
  return answers[kind]() + delay;
}

export function faultFormFromRule(rule: DemoFaultRuleInput): FaultForm {
  const blank = blankFaultForm();
  return {
    ...blank,
    route: rule.route,
    kind: faultKindOf(rule),
    latencyMs: rule.latencyMs === undefined ? '' : String(rule.latencyMs),
    status: rule.status === undefined ? blank.status : String(rule.status),
    body: rule.body === undefined ? '' : JSON.stringify(rule.body),
    retryAfterSeconds:
      rule.rateLimit429 === undefined
        ? blank.retryAfterSeconds
        : String(rule.rateLimit429.retryAfterSeconds),
    hugeMiB: rule.hugeBody ? formatMiB(rule.hugeBody.bytes) : blank.hugeMiB,
    hugeShape: rule.hugeBody?.shape ?? blank.hugeShape,
    times: rule.times === undefined ? '' : String(rule.times),
  };
}

type FormResult = { ok: true; rule: DemoFaultRuleInput } | { ok: false; error: FaultFormError };

/**
 * Only what main cannot say well is checked here (blank or non-numeric fields, JSON that
 * does not parse); ranges and combinations are main's, and its complaint is shown as is.
 */
export function faultRuleFromForm(form: FaultForm): FormResult {
  const fail = (field: keyof FaultForm, message: string): FormResult => ({
    ok: false,
    error: { field, message },
  });
  const whole = (field: 'latencyMs' | 'status' | 'retryAfterSeconds' | 'times') => {
    const raw = form[field].trim();
    return raw === '' ? null : /^\d+$/.test(raw) ? Number(raw) : NaN;
  };
  const route = normalizeFaultRoute(form.route);
  if (!route) return fail('route', 'Give a route such as GET /threats, or * for every route.');
  const rule: DemoFaultRuleInput = { route };

  const latency = whole('latencyMs');
  if (Number.isNaN(latency)) return fail('latencyMs', 'Latency: a whole number of milliseconds.');
  if (latency === null && form.kind === 'latency') {
    return fail('latencyMs', 'Latency: how many milliseconds to hold each request.');
  }
  if (latency !== null) rule.latencyMs = latency;

  if (form.kind === 'status') {
    const status = whole('status');
    if (status === null || Number.isNaN(status)) return fail('status', 'Status: e.g. 500 or 503.');
    rule.status = status;
    if (form.body.trim()) {
      try {
        rule.body = JSON.parse(form.body) as unknown;
      } catch (err) {
        return fail('body', `Body: not valid JSON (${(err as Error).message}).`);
      }
    }
  } else if (form.kind === 'rate-limit') {
    const seconds = whole('retryAfterSeconds');
    if (seconds === null || Number.isNaN(seconds)) {
      return fail('retryAfterSeconds', 'Retry-After: a whole number of seconds.');
    }
    rule.rateLimit429 = { retryAfterSeconds: seconds };
  } else if (form.kind === 'malformed') rule.malformed = true;
  else if (form.kind === 'reset') rule.reset = true;
  else if (form.kind === 'drop-mid-body') rule.drop = 'mid-body';
  else if (form.kind === 'drop-before-headers') rule.drop = 'before-headers';
  else if (form.kind === 'huge-body') {
    const raw = form.hugeMiB.trim();
    if (!/^\d+(\.\d+)?$/.test(raw))
      return fail('hugeMiB', 'Size: a number of MiB, e.g. 64 or 0.5.');
    rule.hugeBody = { bytes: Math.round(Number(raw) * MIB), shape: form.hugeShape };
  }

  const times = whole('times');
  if (Number.isNaN(times))
    return fail('times', 'Times: a whole number, or blank for until cleared.');
  if (times !== null) rule.times = times;
  return { ok: true, rule };
}
