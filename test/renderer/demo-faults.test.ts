import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { DemoFaultRuleInput, DemoFaultRuleStateShape } from '../../preload/contract';
import DemoFaultsDialog from '../../renderer/src/components/DemoFaultsDialog.vue';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import {
  blankFaultForm,
  describeFaultRule,
  faultFormFromRule,
  faultRouteSuggestions,
  faultRuleFromForm,
  normalizeFaultRoute,
  type FaultForm,
} from '../../renderer/src/connections/fault-form';
import { useDemoFaultsStore } from '../../renderer/src/stores/demo-faults';
import { confirmAction, showError, showSuccess } from '../../renderer/src/theme/feedback';
import ConnectionsView from '../../renderer/src/views/ConnectionsView.vue';
import { demoConnection, fail, installFakeApi, summary, type Handlers } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
  confirmAction: vi.fn(async () => true),
}));

let wrapper: VueWrapper | null = null;
beforeEach(() => {
  vi.mocked(showError).mockClear();
  vi.mocked(showSuccess).mockClear();
  vi.mocked(confirmAction).mockClear();
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

const byTestId = <T extends HTMLElement = HTMLElement>(id: string) =>
  document.body.querySelector<T>(`[data-testid="${id}"]`);
const all = (id: string) => [
  ...document.body.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`),
];

function form(patch: Partial<FaultForm>): FaultForm {
  return { ...blankFaultForm(), ...patch };
}

/** A fake main whose demo keeps the rules it was given, like the real one. */
const S1_ROUTES = ['GET /threats', 'GET /agents', 'POST /threats/mitigate/:action'];
const SSX_ROUTES = ['GET /api/admin/me', 'GET /api/admin/sessions', 'POST /api/admin/logout'];

function fakeDemo(initial: DemoFaultRuleStateShape[] = [], handlers: Handlers = {}) {
  let rules = initial;
  const routes = ({ tenant }: { tenant: string }) =>
    tenant === 'sentinelone' ? S1_ROUTES : SSX_ROUTES;
  let enforcing = false;
  return installFakeApi({
    'demo:rate-limits': () => ({ enabled: enforcing, rules: 12 }),
    'demo:set-rate-limits': ({ enabled }) => {
      enforcing = enabled;
      return { enabled, rules: 12 };
    },
    'demo:faults': (input) => ({ rules, routes: routes(input) }),
    'demo:set-faults': ({ tenant, rules: next }) => {
      rules = next.map((r) => ({ ...(r as DemoFaultRuleInput), remaining: r.times ?? null }));
      return { rules, routes: routes({ tenant }) };
    },
    'demo:clear-faults': () => {
      const cleared = rules.length;
      rules = [];
      return { cleared };
    },
    ...handlers,
  });
}

describe('route suggestions', () => {
  it('offer the tenant’s routes that contain what was typed, plus *, at most twelve', () => {
    expect(faultRouteSuggestions(S1_ROUTES, 'threat')).toEqual([
      'GET /threats',
      'POST /threats/mitigate/:action',
    ]);
    expect(faultRouteSuggestions(S1_ROUTES, 'GET /threats')).toEqual([]);
    expect(faultRouteSuggestions(SSX_ROUTES, '')).toEqual([...SSX_ROUTES, '*']);
    const many = Array.from({ length: 40 }, (_, i) => `GET /api/r${i}`);
    expect(faultRouteSuggestions(many, 'api')).toHaveLength(12);
  });
});

describe('fault form → rule', () => {
  it('turns each fault kind into the rule the demo expects', () => {
    expect(faultRuleFromForm(form({ kind: 'status', status: '500' }))).toEqual({
      ok: true,
      rule: { route: 'GET /threats', status: 500 },
    });
    expect(
      faultRuleFromForm(form({ kind: 'status', status: '503', body: '{"errors":[]}', times: '2' })),
    ).toEqual({
      ok: true,
      rule: { route: 'GET /threats', status: 503, body: { errors: [] }, times: 2 },
    });
    expect(faultRuleFromForm(form({ kind: 'rate-limit', retryAfterSeconds: '7' }))).toMatchObject({
      rule: { rateLimit429: { retryAfterSeconds: 7 } },
    });
    expect(faultRuleFromForm(form({ kind: 'latency', latencyMs: '1500' }))).toEqual({
      ok: true,
      rule: { route: 'GET /threats', latencyMs: 1500 },
    });
    expect(faultRuleFromForm(form({ kind: 'malformed' }))).toMatchObject({
      rule: { malformed: true },
    });
    expect(faultRuleFromForm(form({ kind: 'reset', latencyMs: '20' }))).toMatchObject({
      rule: { reset: true, latencyMs: 20 },
    });
    expect(faultRuleFromForm(form({ kind: 'drop-mid-body' }))).toMatchObject({
      rule: { drop: 'mid-body' },
    });
    expect(
      faultRuleFromForm(form({ kind: 'huge-body', hugeMiB: '1.5', hugeShape: 'text' })),
    ).toMatchObject({ rule: { hugeBody: { bytes: 1572864, shape: 'text' } } });
  });

  it('accepts a full path or a bare one and names the route as the demo router does', () => {
    expect(normalizeFaultRoute('get  /web/api/v2.1/threats?limit=1')).toBe('GET /threats');
    expect(normalizeFaultRoute('/agents/')).toBe('GET /agents');
    expect(normalizeFaultRoute('activities')).toBe('GET /activities');
    expect(normalizeFaultRoute(' * ')).toBe('*');
    expect(normalizeFaultRoute('POST /threats/mitigate/:action')).toBe(
      'POST /threats/mitigate/:action',
    );
  });

  it('says what is wrong with an incomplete form, naming the field', () => {
    expect(faultRuleFromForm(form({ route: '  ' }))).toMatchObject({
      ok: false,
      error: { field: 'route' },
    });
    expect(faultRuleFromForm(form({ kind: 'latency', latencyMs: '' }))).toMatchObject({
      error: { field: 'latencyMs' },
    });
    expect(faultRuleFromForm(form({ times: 'twice' }))).toMatchObject({
      error: { field: 'times', message: expect.stringMatching(/whole number/) },
    });
    expect(faultRuleFromForm(form({ body: '{oops' }))).toMatchObject({
      error: { field: 'body', message: expect.stringMatching(/not valid JSON/) },
    });
    expect(faultRuleFromForm(form({ kind: 'huge-body', hugeMiB: 'lots' }))).toMatchObject({
      error: { field: 'hugeMiB' },
    });
    // Ranges are main's to judge: a 700 goes out, and main's complaint is what the operator reads.
    expect(faultRuleFromForm(form({ status: '700' }))).toMatchObject({ ok: true });
  });

  it('fills the form back from a rule, and describes it in words', () => {
    const rule: DemoFaultRuleInput = {
      route: 'GET /agents',
      hugeBody: { bytes: 64 * 1024 * 1024, shape: 'threats-json' },
      latencyMs: 250,
      times: 3,
    };
    const filled = faultFormFromRule(rule);
    expect(filled).toMatchObject({
      kind: 'huge-body',
      hugeMiB: '64',
      latencyMs: '250',
      times: '3',
    });
    expect(faultRuleFromForm(filled)).toEqual({ ok: true, rule });
    expect(describeFaultRule(rule)).toBe('200 with a 64 MiB threats-json body, after 250 ms');
    expect(describeFaultRule({ route: '*', rateLimit429: { retryAfterSeconds: 3 } })).toBe(
      '429, Retry-After 3 s',
    );
  });
});

describe('demo faults store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('loads what the demo runs, keeping the uses each rule has left', async () => {
    fakeDemo([{ route: 'GET /threats', status: 500, times: 5, remaining: 2 }]);
    const faults = useDemoFaultsStore();
    await faults.openFor('sentinelone');
    expect(faults.count('sentinelone')).toBe(1);
    expect(faults.draft).toEqual([
      { rule: { route: 'GET /threats', status: 500, times: 2 }, applied: true, remaining: 2 },
    ]);
    expect(faults.changed).toBe(false);
  });

  it("adds, edits and removes rules locally; Apply replaces the demo's rules", async () => {
    const fake = fakeDemo();
    const faults = useDemoFaultsStore();
    await faults.openFor('sentinelone');
    faults.form = form({ kind: 'status', status: '500' });
    expect(faults.submitForm()).toBe(true);
    faults.form = form({ route: 'GET /agents', kind: 'reset' });
    expect(faults.submitForm()).toBe(true);
    expect(faults.changed).toBe(true);
    expect(faults.draft.map((d) => d.applied)).toEqual([false, false]);

    faults.edit(0);
    expect(faults.form).toMatchObject({ route: 'GET /threats', kind: 'status', status: '500' });
    faults.form.status = '502';
    faults.submitForm();
    expect(faults.editing).toBeNull();
    faults.remove(1);
    expect(fake.inputsOf('demo:set-faults')).toHaveLength(0);

    expect(await faults.apply()).toBe(true);
    expect(fake.inputsOf('demo:set-faults')).toEqual([
      { tenant: 'sentinelone', rules: [{ route: 'GET /threats', status: 502 }] },
    ]);
    expect(faults.draft).toEqual([
      { rule: { route: 'GET /threats', status: 502 }, applied: true, remaining: null },
    ]);
    expect(faults.changed).toBe(false);
    expect(faults.count('sentinelone')).toBe(1);
    expect(showSuccess).toHaveBeenCalledWith('1 fault rule active.');
  });

  it("keeps an incomplete form's rule out of the list and says why", async () => {
    fakeDemo();
    const faults = useDemoFaultsStore();
    await faults.openFor('sentinelone');
    faults.form = form({ kind: 'latency', latencyMs: 'soon' });
    expect(faults.submitForm()).toBe(false);
    expect(faults.draft).toEqual([]);
    expect(faults.formError).toMatchObject({ field: 'latencyMs' });
  });

  it("shows main's complaint about a rule next to the list, not as a toast", async () => {
    const message = 'rules.1.status: Too big: expected number to be <=599';
    fakeDemo([], {
      'demo:set-faults': () => {
        throw fail('invalid_input', message);
      },
    });
    const faults = useDemoFaultsStore();
    await faults.openFor('sentinelone');
    faults.form = form({ status: '500' });
    faults.submitForm();
    faults.form = form({ status: '700' });
    faults.submitForm();
    expect(await faults.apply()).toBe(false);
    expect(faults.applyError).toEqual({ message, ruleIndex: 1 });
    expect(faults.changed).toBe(true);
    expect(showError).not.toHaveBeenCalled();
  });

  it('toasts other failures, e.g. a demo that stopped meanwhile', async () => {
    fakeDemo([], {
      'demo:set-faults': () => {
        throw fail('demo_not_running', 'The SentinelOne demo tenant is not running.');
      },
    });
    const faults = useDemoFaultsStore();
    await faults.openFor('sentinelone');
    faults.submitForm();
    expect(await faults.apply()).toBe(false);
    expect(faults.applyError).toBeNull();
    expect(showError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'demo_not_running' }),
      'Could not apply the faults',
    );
  });

  it('clears everything only after the operator confirms', async () => {
    const fake = fakeDemo([{ route: '*', latencyMs: 100, remaining: null }]);
    const faults = useDemoFaultsStore();
    await faults.openFor('sentinelone');
    vi.mocked(confirmAction).mockResolvedValueOnce(false);
    expect(await faults.clearAll()).toBe(false);
    expect(fake.inputsOf('demo:clear-faults')).toHaveLength(0);
    expect(faults.count('sentinelone')).toBe(1);

    expect(await faults.clearAll()).toBe(true);
    expect(fake.inputsOf('demo:clear-faults')).toEqual([{ tenant: 'sentinelone' }]);
    expect(faults.draft).toEqual([]);
    expect(faults.count('sentinelone')).toBe(0);
    expect(showSuccess).toHaveBeenCalledWith('Cleared 1 fault rule.');
  });

  it('refresh (for the badge) treats a stopped demo as having no rules, quietly', async () => {
    fakeDemo([], {
      'demo:faults': () => {
        throw fail('demo_not_running', 'not running');
      },
    });
    const faults = useDemoFaultsStore();
    await faults.refresh('sentinelone');
    expect(faults.count('sentinelone')).toBe(0);
    expect(showError).not.toHaveBeenCalled();
  });

  it('opens on Secure X with its own routes and default route, and no rate-limit switch', async () => {
    const fake = fakeDemo([{ route: 'GET /api/admin/me', status: 503, remaining: 2 }]);
    const faults = useDemoFaultsStore();
    await faults.openFor('sentinelone');
    expect(faults.form.route).toBe('GET /threats');
    expect(faults.rateLimits).toEqual({ enabled: false, rules: 12 });
    faults.close();

    await faults.openFor('sentinel-secure-x');
    expect(faults.tenant).toBe('sentinel-secure-x');
    expect(faults.form.route).toBe('GET /api/admin/me');
    expect(faults.routes['sentinel-secure-x']).toEqual(SSX_ROUTES);
    expect(faults.rateLimits).toBeNull();
    expect(fake.inputsOf('demo:rate-limits')).toEqual([{ tenant: 'sentinelone' }]);
    expect(faults.draft.map((d) => d.rule)).toEqual([
      { route: 'GET /api/admin/me', status: 503, times: 2 },
    ]);
    expect(showError).not.toHaveBeenCalled();
  });
});

describe('DemoFaultsDialog', () => {
  async function openDialog(initial: DemoFaultRuleStateShape[] = [], handlers: Handlers = {}) {
    const fake = fakeDemo(initial, handlers);
    const pinia = createPinia();
    setActivePinia(pinia);
    wrapper = mount(DemoFaultsDialog, { global: { plugins: [pinia] }, attachTo: document.body });
    await useDemoFaultsStore().openFor('sentinelone');
    await flushPromises();
    return fake;
  }

  async function type(id: string, text: string) {
    const input = byTestId<HTMLInputElement>(id)!;
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await flushPromises();
  }

  async function press(id: string, key: string, init: KeyboardEventInit = {}) {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    byTestId(id)!.dispatchEvent(event);
    await flushPromises();
    return event;
  }

  it('explains itself when empty; Enter in the form adds a rule; Apply sends it', async () => {
    const fake = await openDialog();
    expect(byTestId('demo-faults-empty')?.textContent).toContain(
      'Make the demo tenant misbehave so you can see how the console and your scripts react.',
    );
    expect((byTestId('demo-faults-apply') as HTMLButtonElement).disabled).toBe(true);

    await type('demo-fault-route', 'GET /web/api/v2.1/threats');
    await type('demo-fault-times', '3');
    await press('demo-fault-times', 'Enter');
    expect(byTestId('demo-faults-empty')).toBeNull();
    // The form keeps the route, as the demo names it, for the next rule.
    expect(byTestId<HTMLInputElement>('demo-fault-route')?.value).toBe('GET /threats');
    const rows = all('demo-fault-rule');
    expect(rows.map((r) => [r.dataset.route, r.dataset.kind, r.dataset.applied])).toEqual([
      ['GET /threats', 'status', 'false'],
    ]);
    expect(rows[0]?.textContent).toContain('500 with the error envelope');
    expect(byTestId('demo-fault-uses')?.textContent).toBe('next 3 requests');
    expect(byTestId('demo-faults-unapplied')).not.toBeNull();

    (byTestId('demo-faults-apply') as HTMLButtonElement).click();
    await flushPromises();
    expect(fake.inputsOf('demo:set-faults')).toEqual([
      { tenant: 'sentinelone', rules: [{ route: 'GET /threats', status: 500, times: 3 }] },
    ]);
    expect(all('demo-fault-rule')[0]?.dataset.applied).toBe('true');
    expect(byTestId('demo-fault-uses')?.textContent).toBe('3 left');
    expect(byTestId('demo-faults-unapplied')).toBeNull();
  });

  it('Enter that picks an autocomplete suggestion does not add a rule', async () => {
    await openDialog();
    const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    event.preventDefault();
    byTestId('demo-fault-route')!.dispatchEvent(event);
    await flushPromises();
    expect(all('demo-fault-rule')).toHaveLength(0);
  });

  it('an incomplete form says why and adds nothing', async () => {
    await openDialog();
    await type('demo-fault-times', 'twice');
    await press('demo-fault-times', 'Enter');
    expect(byTestId('demo-fault-form-error')?.textContent).toContain('Times: a whole number');
    expect(all('demo-fault-rule')).toHaveLength(0);
  });

  it("shows main's complaint and marks the rule it names", async () => {
    await openDialog([], {
      'demo:set-faults': () => {
        throw fail(
          'invalid_input',
          'rules.0.route: "GET /nope" is not a route of the demo tenant; use a route name such as "GET /threats", or "*".',
        );
      },
    });
    await type('demo-fault-route', 'GET /nope');
    await press('demo-fault-route', 'Enter');
    (byTestId('demo-faults-apply') as HTMLButtonElement).click();
    await flushPromises();
    const error = byTestId('demo-faults-error');
    expect(error?.textContent).toContain('Rule 1 was not accepted');
    expect(error?.textContent).toContain('is not a route of the demo tenant');
    expect(all('demo-fault-rule')[0]?.dataset.invalid).toBe('true');
  });

  it('lists the active rules with Remove and Edit; Clear all asks first', async () => {
    const fake = await openDialog([
      { route: 'GET /threats', reset: true, remaining: null },
      { route: 'GET /agents', rateLimit429: { retryAfterSeconds: 3 }, times: 4, remaining: 4 },
    ]);
    expect(all('demo-fault-rule').map((r) => r.dataset.kind)).toEqual(['reset', 'rate-limit']);
    expect(all('demo-fault-uses').map((u) => u.textContent)).toEqual(['until cleared', '4 left']);

    (all('demo-fault-edit')[1] as HTMLButtonElement).click();
    await flushPromises();
    expect(byTestId<HTMLInputElement>('demo-fault-retry-after')?.value).toBe('3');
    expect(byTestId('demo-fault-add')?.textContent).toContain('Update rule');
    await type('demo-fault-retry-after', '9');
    await press('demo-fault-retry-after', 'Enter');
    expect(all('demo-fault-rule')[1]?.textContent).toContain('Retry-After 9 s');

    (all('demo-fault-remove')[0] as HTMLButtonElement).click();
    await flushPromises();
    expect(all('demo-fault-rule').map((r) => r.dataset.route)).toEqual(['GET /agents']);

    (byTestId('demo-faults-clear') as HTMLButtonElement).click();
    await flushPromises();
    expect(confirmAction).toHaveBeenCalledTimes(1);
    expect(fake.inputsOf('demo:clear-faults')).toHaveLength(1);
    expect(byTestId('demo-faults-empty')).not.toBeNull();
  });

  it('switches the demo’s rate-limit enforcement', async () => {
    const fake = await openDialog();
    const row = byTestId('demo-rate-limits')!;
    expect(row.textContent).toContain('12 rules');
    const toggle = byTestId('demo-rate-limits-switch')!;
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    toggle.click();
    await flushPromises();
    expect(fake.inputsOf('demo:set-rate-limits')).toEqual([
      { tenant: 'sentinelone', enabled: true },
    ]);
    expect(byTestId('demo-rate-limits-switch')!.getAttribute('aria-checked')).toBe('true');
  });

  it('Esc closes the panel', async () => {
    await openDialog();
    expect(byTestId('demo-faults')).not.toBeNull();
    await press('demo-fault-route', 'Escape', { code: 'Escape' });
    expect(useDemoFaultsStore().open).toBe(false);
  });
});

describe('Connections: the Faults… button', () => {
  it('sits on both demo rows, not on the operator’s own; counts active rules and opens the panel', async () => {
    const ssxDemo = summary({
      id: 'demo-ssx',
      name: 'Secure X demo',
      kind: 'sentinel-secure-x',
      authScheme: 'SsxSession',
      environment: 'demo',
      demo: true,
      running: true,
    });
    const fake = installFakeApi({
      'connections:list': () => [demoConnection, ssxDemo, summary()],
      'demo:faults': ({ tenant }) => ({
        rules:
          tenant === 'sentinelone' ? [{ route: 'GET /threats', status: 500, remaining: null }] : [],
        routes: [],
      }),
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    await useConnectionsStore().load();
    wrapper = mount(ConnectionsView, { global: { plugins: [pinia] }, attachTo: document.body });
    await flushPromises();

    const lines = all('demo-faults-line');
    expect(lines.map((l) => l.dataset.connectionId)).toEqual(['demo-sentinelone', 'demo-ssx']);
    // Only the tenant with rules shows a count.
    expect(all('demo-faults-count').map((c) => c.textContent)).toEqual(['1']);
    expect(fake.inputsOf('demo:faults')).toEqual([
      { tenant: 'sentinelone' },
      { tenant: 'sentinel-secure-x' },
    ]);

    (lines[0]!.querySelector('[data-testid="demo-faults-open"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(useDemoFaultsStore().tenant).toBe('sentinelone');
    expect(all('demo-fault-rule')).toHaveLength(1);
  });
});
