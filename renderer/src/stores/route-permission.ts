import { computed, ref, watch } from 'vue';
import { defineStore } from 'pinia';
import type { ChannelOutput } from '../../../preload/contract';
import { api } from '../api/client';
import { useConnectionsStore } from './connections';

export type RoutePermission = ChannelOutput<'ssx:permission'>;

const CHECK_DELAY_MS = 150;

/**
 * For a Sentinel Secure X connection: which permission the request in the
 * explorer needs (from main's route map) and whether the signed-in admin has
 * it, so Send is disabled with the reason instead of earning a 403.
 */
export const useRoutePermissionStore = defineStore('route-permission', () => {
  const connections = useConnectionsStore();
  const current = ref<RoutePermission | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let asked = 0;

  async function check(connectionId: string, method: string, path: string): Promise<void> {
    const ticket = ++asked;
    try {
      const answer = await api.call('ssx:permission', {
        connectionId,
        method: method as never,
        path,
      });
      if (ticket === asked) current.value = answer;
    } catch {
      // Only advice: on failure the server remains the judge and Send stays enabled.
      if (ticket === asked) current.value = null;
    }
  }

  /** Called by the explorer whenever the request or the session changes. */
  function watchRequest(source: () => { method: string; path: string }): void {
    watch(
      () => {
        const conn = connections.selected;
        const { method, path } = source();
        return {
          id: conn?.kind === 'sentinel-secure-x' ? conn.id : null,
          method,
          path,
          permissions: conn?.session?.admin.permissions.join(',') ?? '',
        };
      },
      (next) => {
        if (timer) clearTimeout(timer);
        if (!next.id) {
          current.value = null;
          return;
        }
        const id = next.id;
        timer = setTimeout(() => void check(id, next.method, next.path), CHECK_DELAY_MS);
      },
      { immediate: true },
    );
  }

  /** Set when the admin is signed in and lacks what the route needs. */
  const blockedReason = computed(() => {
    const p = current.value;
    if (!p || p.granted !== false || !p.permission) return null;
    return `${p.route} needs the permission ${p.permission}; your role (${p.role ?? 'unknown'}) does not grant it, so the server would refuse it.`;
  });

  /** Advice for routes that machines call with their own credentials. */
  const audienceNote = computed(() => {
    const p = current.value;
    if (p?.audience === 'agent')
      return `${p.route} is called by device agents with their own credentials, not by an admin session.`;
    if (p?.audience === 'workload')
      return `${p.route} is called by workload clients with their own credentials, not by an admin session.`;
    return null;
  });

  return { current, blockedReason, audienceNote, watchRequest };
});
