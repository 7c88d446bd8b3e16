import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { AppErrorShape, AppInfo, StorageProblem } from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { DEFAULT_ROUTE, formatRoute, parseHash, type Route, type View } from '../router/routes';
import { showError } from '../theme/feedback';
import { useConnectionsStore } from './connections';
import { useTabsStore } from './tabs';

export type AppPhase = 'loading' | 'no-access' | 'failed' | 'welcome' | 'ready';
/** The screens of the side rail, once the console is ready. */
export type AppView = View;

const REMEMBER_DELAY_MS = 400;

export const useAppStore = defineStore('app', () => {
  const phase = ref<AppPhase>('loading');
  /** Follows the URL hash: deep links, back and forward work like a browser's. */
  const route = ref<Route>(DEFAULT_ROUTE);
  const view = computed<AppView>(() => route.value.view);
  /** The last reference place, so the rail's "API reference" returns to where the reader was. */
  let lastReference: Route = { view: 'reference', place: { kind: 'home' } };
  let rememberTimer: ReturnType<typeof setTimeout> | null = null;
  const info = ref<AppInfo | null>(null);
  const loadError = ref<AppErrorShape | null>(null);
  const startingDemo = ref(false);
  /** Stored data the operator must hear about (a corrupt file set aside, one from a newer console). */
  const problems = ref<StorageProblem[]>([]);
  const connections = useConnectionsStore();

  function applyHash(): void {
    const parsed = parseHash(window.location.hash);
    if (!parsed) return;
    route.value = parsed;
    if (parsed.view === 'reference') lastReference = parsed;
  }

  /** Main keeps the route so the next start opens where this one left off. */
  function rememberRoute(): void {
    if (rememberTimer) clearTimeout(rememberTimer);
    rememberTimer = setTimeout(() => {
      rememberTimer = null;
      api.call('app:set-ui-state', { lastRoute: formatRoute(route.value) }).catch(() => undefined); // a preference: failing to keep it must not interrupt work
    }, REMEMBER_DELAY_MS);
  }

  function listenToHash(): void {
    window.addEventListener('hashchange', () => {
      applyHash();
      rememberRoute();
    });
  }

  /** The hash of this window if it has one, else the route main remembered. */
  async function restoreRoute(): Promise<void> {
    if (!parseHash(window.location.hash)) {
      const { lastRoute } = await api.call('app:ui-state', {}).catch(() => ({ lastRoute: null }));
      if (lastRoute && parseHash(lastRoute)) window.history.replaceState(null, '', lastRoute);
    }
    applyHash();
  }

  async function loadProblems(): Promise<void> {
    try {
      problems.value = await api.call('app:problems', {});
    } catch (err) {
      showError(err, 'Could not check the stored data');
    }
  }

  function dismissProblem(problem: StorageProblem): void {
    problems.value = problems.value.filter((p) => p !== problem);
  }

  async function load(): Promise<void> {
    if (api.transport === null) {
      phase.value = 'no-access';
      return;
    }
    phase.value = 'loading';
    loadError.value = null;
    try {
      info.value = await api.call('app:info', {});
      void loadProblems();
      await useTabsStore().restore();
      if (info.value.firstLaunch) {
        phase.value = 'welcome';
        return;
      }
      await connections.load();
      await restoreRoute();
      phase.value = 'ready';
    } catch (err) {
      loadError.value = toApiError(err).toShape();
      phase.value = 'failed';
    }
  }

  /** The welcome screen's one action: bring the demo tenant up and land in the explorer. */
  async function useDemoTenant(): Promise<void> {
    startingDemo.value = true;
    try {
      if (!(await connections.startDemo('sentinelone'))) return;
      // The Secure X demo comes up too, so both are ready to try; the SentinelOne one stays selected.
      await connections.startDemo('sentinel-secure-x', { select: false });
      await connections.load();
      // The newcomer's one click lands in the explorer, ready to send.
      window.history.replaceState(null, '', formatRoute({ view: 'explorer' }));
      applyHash();
      phase.value = 'ready';
    } catch (err) {
      showError(err, 'Could not load the connections');
    } finally {
      startingDemo.value = false;
    }
  }

  async function skipWelcome(): Promise<void> {
    try {
      await connections.load();
      // Skipping is a choice: the next start opens the console, not the welcome again.
      void api.call('app:set-ui-state', { welcomed: true }).catch(() => undefined);
      phase.value = 'ready';
    } catch (err) {
      showError(err, 'Could not load the connections');
    }
  }

  /** An http(s) link in the system browser, if main's allowlist has it; otherwise says why not. */
  async function openExternal(url: string): Promise<void> {
    try {
      const { opened } = await api.call('app:open-external', { url });
      if (!opened) {
        showError(
          `The console opens only allow-listed sites in your browser; ${new URL(url).host} is not one. Copy the link if you trust it.`,
        );
      }
    } catch (err) {
      showError(err, 'Could not open the link');
    }
  }

  /** Any screen or reference place; from the welcome screen it first leaves the welcome behind. */
  async function go(next: Route): Promise<void> {
    if (phase.value === 'welcome') await skipWelcome();
    const hash = formatRoute(next);
    if (window.location.hash !== hash) {
      window.location.hash = hash; // hashchange updates the route and remembers it
    } else {
      route.value = next;
    }
  }

  /** The side rail: the reference reopens the page the reader was on. */
  function navigate(next: AppView): Promise<void> {
    return go(next === 'reference' ? lastReference : ({ view: next } as Route));
  }

  listenToHash();

  return {
    phase,
    route,
    view,
    info,
    loadError,
    startingDemo,
    problems,
    dismissProblem,
    load,
    useDemoTenant,
    skipWelcome,
    go,
    navigate,
    openExternal,
  };
});
