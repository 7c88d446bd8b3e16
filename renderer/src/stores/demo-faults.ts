import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { DemoFaultRuleInput, DemoFaultRuleStateShape } from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { confirmAction, showError, showSuccess } from '../theme/feedback';
import type { DemoTenant } from './connections';
import {
  blankFaultForm,
  DEFAULT_FAULT_ROUTE,
  faultFormFromRule,
  faultRuleFromForm,
  type FaultForm,
  type FaultFormError,
} from '../connections/fault-form';

// ── The store ──

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
  /** Route names a rule may give, per tenant, as main last reported them. */
  const routes = ref<Partial<Record<DemoTenant, string[]>>>({});
  /** The per-path rate-limit enforcement switch of the open tenant; null until read or none. */
  const rateLimits = ref<{ enabled: boolean; rules: number } | null>(null);
  const switchingRateLimits = ref(false);
  let unsubscribe: (() => void) | null = null;
  /** The tenant the form was last set up for. */
  let formTenant: DemoTenant | null = null;

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
    listen();
    try {
      applyFaults(t, await api.call('demo:faults', { tenant: t }));
    } catch (err) {
      if (toApiError(err).code === 'demo_not_running') active.value = { ...active.value, [t]: [] };
      else showError(err, 'Could not read the demo faults');
    }
  }

  function applyFaults(
    t: DemoTenant,
    state: { rules: DemoFaultRuleStateShape[]; routes: string[] },
  ): void {
    routes.value = { ...routes.value, [t]: state.routes };
    setActive(t, state.rules);
  }

  /** A fresh form on the tenant's usual route. */
  function blankForm(): FaultForm {
    return blankFaultForm(DEFAULT_FAULT_ROUTE[tenant.value ?? 'sentinelone']);
  }

  async function openFor(t: DemoTenant): Promise<void> {
    tenant.value = t;
    applyError.value = null;
    formError.value = null;
    if (draftTenant.value !== t) changed.value = false;
    if (formTenant !== t) {
      // Another tenant's route names mean nothing here: start the form on this one's.
      formTenant = t;
      editing.value = null;
      form.value = blankForm();
    }
    rateLimits.value = null;
    loading.value = true;
    try {
      listen();
      applyFaults(t, await api.call('demo:faults', { tenant: t }));
      // The route map gives Secure X no rate limits, so its demo has no such switch.
      if (t === 'sentinelone') rateLimits.value = await api.call('demo:rate-limits', { tenant: t });
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
    form.value = { ...blankForm(), route: result.rule.route };
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
    form.value = blankForm();
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
      applyFaults(t, result);
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
    routes,
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
