import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { DemoFaultRuleInput, DemoFaultRuleStateShape } from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { confirmAction, showError, showSuccess } from '../theme/feedback';
import type { DemoTenant } from './connections';

// ── The form: what the operator types, and the rule it becomes ──

/**
 * Route names as the demo's router keys them (`METHOD pattern`, relative to `/web/api/v2.1`,
 * matched exactly) plus `*` for every route. Main refuses any other name and lists examples.
 */
export const FAULT_ROUTE_SUGGESTIONS = [
  'GET /threats',
  'GET /agents',
  'GET /activities',
  'GET /activities/types',
  'GET /sites',
  'GET /groups',
  'GET /accounts',
  'GET /system/status',
  'POST /threats/mitigate/:action',
  'POST /threats/incident',
  'POST /threats/analyst-verdict',
  'POST /users/api-token-details',
  '*',
] as const;

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

export function blankFaultForm(): FaultForm {
  return {
    route: 'GET /threats',
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

// ── The store ──

/** Main has fault switches for these demo tenants only (Secure X answers `not_available`). */
export const FAULT_TENANTS: readonly DemoTenant[] = ['sentinelone'];

export function hasFaultSwitches(tenant: DemoTenant | null): tenant is DemoTenant {
  return tenant !== null && FAULT_TENANTS.includes(tenant);
}

/** A rule in the panel's list: what main runs (`applied`) or what the operator added since. */
export interface DraftFaultRule {
  rule: DemoFaultRuleInput;
  applied: boolean;
  /** Uses left as main last said; null: until cleared. Meaningless until applied. */
  remaining: number | null;
}

/** Main refused the rules: its message, and which rule it names (`rules.2.status: …`). */
export interface FaultApplyError {
  message: string;
  ruleIndex: number | null;
}

function draftFromState(state: DemoFaultRuleStateShape): DraftFaultRule {
  const { remaining, ...rule } = state;
  // Applying again restarts the counters, so a rule keeps the uses it has left, not its first count.
  if (remaining !== null) rule.times = remaining;
  return { rule, applied: true, remaining };
}

function ruleIndexOf(message: string): number | null {
  const match = /\brules\.(\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

/** The developer panel's fault switches of the built-in demo tenants (loopback test servers). */
export const useDemoFaultsStore = defineStore('demo-faults', () => {
  /** The tenant whose panel is open; null while closed. */
  const tenant = ref<DemoTenant | null>(null);
  /** What main last reported per tenant; the Connections row counts these. */
  const active = ref<Partial<Record<DemoTenant, DemoFaultRuleStateShape[]>>>({});
  const draft = ref<DraftFaultRule[]>([]);
  const draftTenant = ref<DemoTenant | null>(null);
  /** The list differs from what main runs: Apply sends it. */
  const changed = ref(false);
  const form = ref<FaultForm>(blankFaultForm());
  const formError = ref<FaultFormError | null>(null);
  /** The list index the form edits; null when it adds. */
  const editing = ref<number | null>(null);
  const applyError = ref<FaultApplyError | null>(null);
  const loading = ref(false);
  const applying = ref(false);
  const clearing = ref(false);
  /** The per-path rate-limit enforcement switch of the open tenant; null until read. */
  const rateLimits = ref<{ enabled: boolean; rules: number } | null>(null);
  const switchingRateLimits = ref(false);
  let unsubscribe: (() => void) | null = null;

  const open = computed(() => tenant.value !== null);
  const hasAnything = computed(() => draft.value.length > 0 || count(tenant.value) > 0);

  function count(t: DemoTenant | null): number {
    return t ? (active.value[t]?.length ?? 0) : 0;
  }

  function listen(): void {
    // A stopped or restarted tenant is a fresh server: whatever rules it had are gone.
    unsubscribe ??= api.on('demo:changed', (status) => {
      active.value = { ...active.value, [status.tenant]: [] };
      if (draftTenant.value === status.tenant && !changed.value) draft.value = [];
    });
  }

  function setActive(t: DemoTenant, rules: DemoFaultRuleStateShape[]): void {
    active.value = { ...active.value, [t]: rules };
    if (draftTenant.value !== t || !changed.value) {
      draft.value = rules.map(draftFromState);
      draftTenant.value = t;
      changed.value = false;
    }
  }

  /** For the Connections badge: a tenant that is not running simply has no rules. */
  async function refresh(t: DemoTenant): Promise<void> {
    if (!hasFaultSwitches(t)) return;
    listen();
    try {
      setActive(t, (await api.call('demo:faults', { tenant: t })).rules);
    } catch (err) {
      if (toApiError(err).code === 'demo_not_running') active.value = { ...active.value, [t]: [] };
      else showError(err, 'Could not read the demo faults');
    }
  }

  async function openFor(t: DemoTenant): Promise<void> {
    tenant.value = t;
    applyError.value = null;
    formError.value = null;
    if (draftTenant.value !== t) changed.value = false;
    loading.value = true;
    try {
      listen();
      setActive(t, (await api.call('demo:faults', { tenant: t })).rules);
      rateLimits.value = await api.call('demo:rate-limits', { tenant: t });
    } catch (err) {
      showError(err, 'Could not read the demo faults');
    } finally {
      loading.value = false;
    }
  }

  /** On: the demo answers 429 with Retry-After past the per-path table, as a tenant does. */
  async function setRateLimits(enabled: boolean): Promise<void> {
    const t = tenant.value;
    if (!t) return;
    switchingRateLimits.value = true;
    try {
      rateLimits.value = await api.call('demo:set-rate-limits', { tenant: t, enabled });
      showSuccess(
        enabled
          ? 'The demo tenant now enforces its per-path rate limits (429 with Retry-After).'
          : 'The demo tenant no longer enforces rate limits.',
      );
    } catch (err) {
      showError(err, 'Could not switch the rate limits');
    } finally {
      switchingRateLimits.value = false;
    }
  }

  /** Unapplied changes stay in the list for the next opening; the form's edit does not. */
  function close(): void {
    tenant.value = null;
    editing.value = null;
    formError.value = null;
    applyError.value = null;
  }

  /** Adds the form's rule (or replaces the one being edited); false when the form is incomplete. */
  function submitForm(): boolean {
    const result = faultRuleFromForm(form.value);
    if (!result.ok) {
      formError.value = result.error;
      return false;
    }
    formError.value = null;
    const entry: DraftFaultRule = { rule: result.rule, applied: false, remaining: null };
    if (editing.value !== null && draft.value[editing.value]) {
      draft.value.splice(editing.value, 1, entry);
    } else {
      draft.value.push(entry);
    }
    draftTenant.value = tenant.value;
    changed.value = true;
    editing.value = null;
    // The route stays: several rules on one route answer in turn as each one's `times` runs out.
    form.value = { ...blankFaultForm(), route: result.rule.route };
    return true;
  }

  function edit(index: number): void {
    const entry = draft.value[index];
    if (!entry) return;
    form.value = faultFormFromRule(entry.rule);
    formError.value = null;
    editing.value = index;
  }

  function cancelEdit(): void {
    editing.value = null;
    formError.value = null;
    form.value = blankFaultForm();
  }

  function remove(index: number): void {
    if (!draft.value[index]) return;
    draft.value.splice(index, 1);
    changed.value = true;
    if (editing.value === index) cancelEdit();
    else if (editing.value !== null && editing.value > index) editing.value -= 1;
    if (applyError.value?.ruleIndex === index) applyError.value = null;
  }

  /** Replaces every rule of the tenant with the list; main checks them and names a bad field. */
  async function apply(): Promise<boolean> {
    const t = tenant.value;
    if (!t) return false;
    applying.value = true;
    applyError.value = null;
    try {
      const result = await api.call('demo:set-faults', {
        tenant: t,
        // Plain copies: IPC's structured clone refuses Vue's proxies, and rules are JSON anyway.
        rules: JSON.parse(JSON.stringify(draft.value.map((d) => d.rule))) as DemoFaultRuleInput[],
      });
      changed.value = false;
      setActive(t, result.rules);
      const n = result.rules.length;
      showSuccess(n ? `${n} fault rule${n === 1 ? '' : 's'} active.` : 'No faults active.');
      return true;
    } catch (err) {
      const error = toApiError(err);
      // A rule main refused is shown in the panel, next to the list, not in a passing toast.
      if (error.code === 'invalid_input') {
        applyError.value = { message: error.message, ruleIndex: ruleIndexOf(error.message) };
      } else {
        showError(error, 'Could not apply the faults');
      }
      return false;
    } finally {
      applying.value = false;
    }
  }

  async function clearAll(): Promise<boolean> {
    const t = tenant.value;
    if (!t) return false;
    const ok = await confirmAction({
      title: 'Clear every fault?',
      content: 'The demo tenant answers normally again. Rules not applied yet are dropped too.',
      positiveText: 'Clear all',
    });
    if (!ok) return false;
    clearing.value = true;
    try {
      const { cleared } = await api.call('demo:clear-faults', { tenant: t });
      changed.value = false;
      applyError.value = null;
      cancelEdit();
      setActive(t, []);
      showSuccess(`Cleared ${cleared} fault rule${cleared === 1 ? '' : 's'}.`);
      return true;
    } catch (err) {
      showError(err, 'Could not clear the faults');
      return false;
    } finally {
      clearing.value = false;
    }
  }

  return {
    tenant,
    active,
    draft,
    changed,
    form,
    formError,
    editing,
    applyError,
    loading,
    applying,
    clearing,
    rateLimits,
    switchingRateLimits,
    setRateLimits,
    open,
    hasAnything,
    count,
    refresh,
    openFor,
    close,
    submitForm,
    edit,
    cancelEdit,
    remove,
    apply,
    clearAll,
  };
});
