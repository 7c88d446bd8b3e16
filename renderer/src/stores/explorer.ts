import { computed, ref, watch } from 'vue';
import { defineStore } from 'pinia';
import type { AppErrorShape, HttpResponse } from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import {
  bodyErrorFor,
  buildRequestSpec,
  buildSendInput,
  newRequestId,
  newRow,
} from '../explorer/request-draft';
import { sendGuarded } from '../explorer/guarded-send';
import { unfilledPathParams, type TryItDraft } from '../reference/endpoint-match';
import type { RequestTemplate } from '../explorer/templates';
import { showError } from '../theme/feedback';
import { useConfirmationStore } from './confirmation';
import { useReferenceStore } from './reference';
import { useConnectionsStore } from './connections';
import { useSsxSessionStore } from './ssx-session';
import { useCollectionsStore } from './collections';
import { useFetchAllStore } from './fetch-all';
import { useTabsStore, type Tab } from './tabs';

const VALIDATE_DELAY_MS = 300;

/**
 * The explorer's actions on the active tab. Every piece of request state lives
 * in its tab (stores/tabs.ts); a send writes its outcome to the tab it started
 * from, even if the operator has switched tabs meanwhile.
 */
export const useExplorerStore = defineStore('explorer', () => {
  const connections = useConnectionsStore();
  const confirmation = useConfirmationStore();
  const ssx = useSsxSessionStore();
  const tabs = useTabsStore();
  let validateTimer: ReturnType<typeof setTimeout> | null = null;

  const tab = computed<Tab>(() => tabs.active);
  const draft = computed(() => tab.value.draft);
  const bodyError = computed({
    get: () => tab.value.bodyError,
    set: (v: string | null) => (tab.value.bodyError = v),
  });
  const inFlightId = computed(() => tab.value.inFlightId);
  const cancelling = computed(() => tab.value.cancelling);
  const progress = computed(() => tab.value.progress);
  const response = computed(() => tab.value.response);
  const hint = computed(() => tab.value.hint);
  const error = computed(() => tab.value.error);
  const sentWithCredentials = computed(() => tab.value.sentWithCredentials);
  /** What an in-flight send is waiting on, when it is the operator rather than the network. */
  const waitingFor = computed(() => {
    const t = tab.value;
    if (!t.inFlightId) return null;
    if (confirmation.pending) return 'Waiting for your confirmation…';
    if (ssx.signIn.open) return 'Waiting for you to sign in…';
    if (t.waiting) {
      const left = Math.max(0, t.waiting.until - clock.value);
      return `${t.waiting.text} — sending in ${(left / 1000).toFixed(1)} s (Esc cancels)`;
    }
    return null;
  });

  api.on('http:progress', (p) => {
    const owner = tabs.byRequestId(p.requestId);
    if (owner) owner.progress = p;
  });
  // The pacer says when a request waits for its rate-limit token or before a retry.
  api.on('http:queued', (q) => {
    const owner = tabs.byRequestId(q.requestId);
    if (!owner) return;
    owner.waiting =
      q.state === 'queued'
        ? {
            until: Date.now() + q.waitMs,
            text: `Queued by the rate limit for ${q.rule}${q.position > 1 ? ` (${q.position} in line)` : ''}`,
          }
        : null;
  });
  api.on('http:retry', (r) => {
    const owner = tabs.byRequestId(r.requestId);
    if (!owner) return;
    const why =
      r.reason === 'rate-limited'
        ? 'The server answered 429 (too many requests)'
        : r.reason === 'unavailable'
          ? `The server answered ${r.status ?? 503}`
          : 'The connection was reset';
    owner.waiting = { until: Date.now() + r.waitMs, text: `${why}; retry ${r.attempt - 1}` };
  });

  /** A clock for countdowns, ticking only while some tab waits. */
  const clock = ref(Date.now());
  let ticker: ReturnType<typeof setInterval> | null = null;
  watch(
    () => tabs.tabs.some((t) => t.waiting),
    (any) => {
      if (any && !ticker) ticker = setInterval(() => (clock.value = Date.now()), 200);
      if (!any && ticker) {
        clearInterval(ticker);
        ticker = null;
      }
    },
  );

  // Each tab remembers its connection: switching tabs switches the picker, and the picker
  // sets the active tab's connection.
  watch(
    () => tabs.activeId,
    () => {
      const id = tab.value.connectionId;
      if (id && connections.byId(id)) connections.select(id);
      else tab.value.connectionId = connections.selectedId;
    },
  );
  watch(
    () => connections.selectedId,
    (id) => {
      if (id && tab.value.connectionId !== id) tab.value.connectionId = id;
    },
  );

  /** A saved tab's requests resolve its collection's `{{variables}}` too. */
  function withCollection<T extends object>(t: Tab, spec: T): T {
    const collection = useCollectionsStore().collectionOf(t);
    return collection ? { ...spec, collection } : spec;
  }

  function connectionOf(t: Tab) {
    return (t.connectionId ? connections.byId(t.connectionId) : null) ?? connections.selected;
  }

  function stopValidation(): void {
    if (validateTimer) clearTimeout(validateTimer);
    validateTimer = null;
  }

  /** Validates after the operator pauses typing, so the message does not flicker per key. */
  function setBody(text: string): void {
    const t = tab.value;
    t.draft.bodyText = text;
    stopValidation();
    validateTimer = setTimeout(() => {
      validateTimer = null;
      t.bodyError = bodyErrorFor(t.draft.bodyText);
    }, VALIDATE_DELAY_MS);
  }

  function resetResult(t: Tab): void {
    t.bodyError = null;
    t.response = null;
    t.error = null;
    t.hint = null;
  }

  function loadTemplate(template: RequestTemplate): void {
    stopValidation();
    const t = tab.value;
    t.draft.method = template.method;
    t.draft.path = template.path;
    t.draft.params = [newRow()];
    t.draft.bodyText = template.body ?? '';
    t.bodyError = null;
  }

  /**
   * Try-it from the reference: the endpoint's request, in a new tab unless the
   * active one is empty, on a connection of its product (the selected one if it
   * fits, else the first, demo tenants first). False when there is none.
   */
  function tryIt(draftIn: TryItDraft): boolean {
    const fits = (c: { kind: string }) => c.kind === draftIn.product;
    const target =
      connections.selected && fits(connections.selected)
        ? connections.selected
        : connections.ordered.find(fits);
    if (!target) return false;
    stopValidation();
    const t = tabs.isDirty(tab.value) || tab.value.saved ? tabs.open({}) : tab.value;
    t.connectionId = target.id;
    connections.select(target.id);
    t.draft.method = draftIn.method;
    t.draft.path = draftIn.path;
    t.draft.params = [...draftIn.params.map((p) => newRow(p.name, p.value)), newRow()];
    t.draft.bodyText = draftIn.body;
    resetResult(t);
    return true;
  }

  function noConnection(): AppErrorShape {
    return {
      code: 'unknown_connection',
      message: 'Choose a connection first (the demo tenant is always available).',
    };
  }

  async function send(): Promise<void> {
    const t = tab.value;
    if (t.inFlightId) return;
    const conn = connectionOf(t);
    if (!conn) {
      t.error = noConnection();
      t.response = null;
      return;
    }
    const placeholders = unfilledPathParams(t.draft.path);
    if (placeholders.length) {
      // A literal {id} would reach the tenant as a real path segment: ask for the value first.
      t.error = {
        code: 'invalid_url',
        message: `Fill in ${placeholders.map((p) => `{${p}}`).join(', ')} in the path before sending.`,
      };
      t.response = null;
      return;
    }
    const requestId = newRequestId();
    const built = buildSendInput(t.draft, conn.id, requestId);
    stopValidation();
    if (!built.ok) {
      // Nothing is sent: a half-typed body must never reach a live tenant.
      t.bodyError = built.bodyError;
      return;
    }
    t.bodyError = null;
    t.inFlightId = requestId;
    t.progress = null;
    t.error = null;
    t.sentWithCredentials = conn.authScheme !== 'none';
    t.hint = null;
    try {
      const res = await sendGuarded(
        (input) => api.call('http:send', input),
        withCollection(t, built.value),
        {
          confirm: (request) => confirmation.ask(request),
          signIn: (id) =>
            connections.byId(id)?.kind === 'sentinel-secure-x'
              ? ssx.requestSignIn(
                  id,
                  'Sign in to send the request; it is sent again once you are in.',
                )
              : null,
        },
      );
      t.response = res;
      void explainNotFound(t, conn.kind, res);
    } catch (err) {
      t.error = toApiError(err).toShape();
      t.response = null;
    } finally {
      t.inFlightId = null;
      t.cancelling = false;
      t.progress = null;
      t.waiting = null;
    }
  }

  /** Pages the tab's list request to the end (or the guard) in main; see stores/fetch-all.ts. */
  function fetchAll(maxItems: number): boolean {
    const t = tab.value;
    const conn = connectionOf(t);
    if (!conn) {
      showError(noConnection().message);
      return false;
    }
    const spec = buildRequestSpec(t.draft, conn.id);
    if (!spec.ok) {
      t.bodyError = spec.bodyError;
      return false;
    }
    void useFetchAllStore().start(t.id, withCollection(t, spec.value), maxItems);
    return true;
  }

  async function explainNotFound(t: Tab, kind: string, res: HttpResponse): Promise<void> {
    if (res.status !== 404 && res.status !== 405) return;
    if (kind !== 'sentinelone' && kind !== 'sentinel-secure-x') return;
    const found = await useReferenceStore()
      .hint(kind, res.method, new URL(res.url).pathname, res.status)
      .catch(() => null);
    if (t.response?.requestId === res.requestId) t.hint = found;
  }

  async function cancel(): Promise<void> {
    const t = tab.value;
    const requestId = t.inFlightId;
    if (!requestId || t.cancelling) return;
    t.cancelling = true;
    try {
      await api.call('http:cancel', { requestId });
    } catch (err) {
      t.cancelling = false;
      showError(err, 'Could not cancel the request');
    }
  }

  /** The cURL command main builds (credentials as placeholders such as `$S1_API_TOKEN`), or null. */
  async function curlCommand(): Promise<{ command: string; placeholders: string[] } | null> {
    const t = tab.value;
    const conn = connectionOf(t);
    if (!conn) {
      showError(noConnection().message);
      return null;
    }
    const spec = buildRequestSpec(t.draft, conn.id);
    if (!spec.ok) {
      t.bodyError = spec.bodyError;
      return null;
    }
    try {
      return await api.call('http:curl', withCollection(t, spec.value));
    } catch (err) {
      showError(err, 'Could not build the cURL command');
      return null;
    }
  }

  return {
    tab,
    draft,
    bodyError,
    inFlightId,
    cancelling,
    progress,
    response,
    hint,
    error,
    sentWithCredentials,
    waitingFor,
    setBody,
    loadTemplate,
    tryIt,
    send,
    cancel,
    curlCommand,
    fetchAll,
  };
});
