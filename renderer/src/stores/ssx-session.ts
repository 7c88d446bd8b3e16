import { computed, reactive, ref } from 'vue';
import { defineStore } from 'pinia';
import type { AppErrorShape, SsxSession } from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { readConfirmationRequest } from '../explorer/confirmation-request';
import { showError, showSuccess } from '../theme/feedback';
import { useConfirmationStore } from './confirmation';
import { useConnectionsStore } from './connections';

export interface SignInForm {
  username: string;
  /** Absent when the operator signs in with the password saved in the keychain. */
  password?: string;
  useSavedPassword?: boolean;
  remember: boolean;
  savePassword: boolean;
}

/** Sentinel Secure X: signing in and out, and the admin's own sessions. */
export const useSsxSessionStore = defineStore('ssx-session', () => {
  const connections = useConnectionsStore();
  const confirmation = useConfirmationStore();

  const signIn = reactive({
    open: false,
    connectionId: null as string | null,
    /** Why the dialog opened by itself, e.g. a request that needs a session. */
    reason: null as string | null,
    error: null as AppErrorShape | null,
    busy: false,
  });
  /** Callers waiting for the sign-in to finish (true) or be abandoned (false). */
  let waiters: ((signedIn: boolean) => void)[] = [];

  const sessionsFor = ref<string | null>(null);
  const sessions = ref<Record<string, SsxSession[]>>({});
  const sessionsError = ref<AppErrorShape | null>(null);
  const loadingSessions = ref(false);
  const revoking = ref<string | null>(null);
  const signingOut = ref(false);

  const signInConnection = computed(() =>
    signIn.connectionId ? connections.byId(signIn.connectionId) : null,
  );

  function settle(signedIn: boolean): void {
    const done = waiters;
    waiters = [];
    for (const w of done) w(signedIn);
  }

  function openSignIn(connectionId: string, reason: string | null = null): void {
    if (signIn.open && signIn.connectionId !== connectionId) settle(false);
    Object.assign(signIn, { open: true, connectionId, reason, error: null, busy: false });
  }

  /** Opens the dialog and resolves once the operator has signed in, or false if they close it. */
  function requestSignIn(connectionId: string, reason: string): Promise<boolean> {
    openSignIn(connectionId, reason);
    return new Promise((resolve) => waiters.push(resolve));
  }

  function closeSignIn(): void {
    signIn.open = false;
    signIn.error = null;
    settle(false);
  }

  /** The password goes from the dialog straight to main; this store never keeps it. */
  async function login(form: SignInForm): Promise<boolean> {
    const id = signIn.connectionId;
    if (!id || signIn.busy) return false;
    signIn.busy = true;
    signIn.error = null;
    try {
      const result = await api.call('ssx:login', { connectionId: id, ...form });
      connections.applySession(id, {
        admin: result.admin,
        expiresAt: result.expiresAt,
        remembered: form.remember,
      });
      signIn.open = false;
      showSuccess(`Signed in as ${result.admin.username} (${result.admin.role}).`);
      settle(true);
      if (sessionsFor.value === id) void refreshSessions(id);
      return true;
    } catch (err) {
      // auth_failed carries the server's own words (wrong password, locked account): shown inline.
      signIn.error = toApiError(err).toShape();
      return false;
    } finally {
      signIn.busy = false;
    }
  }

  function can(connectionId: string, permission: string): boolean {
    return connections.byId(connectionId)?.session?.admin.permissions.includes(permission) ?? false;
  }

  /**
   * Runs a call that needs the session; when the server says it ended (expired,
   * revoked elsewhere), asks the operator to sign in and runs it once more.
   */
  async function withSession<T>(
    connectionId: string,
    reason: string,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (toApiError(err).code !== 'auth_required') throw err;
      connections.applySession(connectionId, undefined);
      if (!(await requestSignIn(connectionId, reason))) throw err;
      return run();
    }
  }

  async function refreshSessions(connectionId: string): Promise<void> {
    loadingSessions.value = true;
    sessionsError.value = null;
    try {
      await withSession(
        connectionId,
        'Your session ended; sign in to see your sessions.',
        async () => {
          const admin = await api.call('ssx:me', { connectionId });
          const conn = connections.byId(connectionId);
          if (conn?.session) connections.applySession(connectionId, { ...conn.session, admin });
          const list = await api.call('ssx:sessions', { connectionId });
          sessions.value = { ...sessions.value, [connectionId]: list };
        },
      );
    } catch (err) {
      sessionsError.value = toApiError(err).toShape();
    } finally {
      loadingSessions.value = false;
    }
  }

  /** `ssx:revoke`, answering main's production confirmation; null when the operator cancels it. */
  async function revokeConfirmed(connectionId: string, sessionId: string) {
    try {
      return await api.call('ssx:revoke', { connectionId, sessionId });
    } catch (err) {
      const error = toApiError(err);
      const request =
        error.code === 'confirmation_required' && readConfirmationRequest(error.details);
      if (!request) throw err;
      const answer = await confirmation.ask(request);
      if (!answer) return null;
      return api.call('ssx:revoke', { connectionId, sessionId, confirmation: answer });
    }
  }

  function openSessions(connectionId: string): void {
    sessionsFor.value = connectionId;
    if (connections.byId(connectionId)?.session) void refreshSessions(connectionId);
  }

  function closeSessions(): void {
    sessionsFor.value = null;
    sessionsError.value = null;
  }

  async function revoke(connectionId: string, sessionId: string): Promise<boolean> {
    revoking.value = sessionId;
    try {
      const result = await withSession(connectionId, 'Sign in again to end that session.', () =>
        revokeConfirmed(connectionId, sessionId),
      );
      if (!result) return false; // cancelled at the confirmation: nothing was sent
      if (result.revoked) showSuccess('Session ended; that device has to sign in again.');
      await refreshSessions(connectionId);
      return result.revoked;
    } catch (err) {
      showError(err, 'Could not end the session');
      return false;
    } finally {
      revoking.value = null;
    }
  }

  async function logout(connectionId: string): Promise<boolean> {
    signingOut.value = true;
    try {
      await api.call('ssx:logout', { connectionId });
      connections.applySession(connectionId, undefined);
      sessions.value = { ...sessions.value, [connectionId]: [] };
      showSuccess('Signed out.');
      return true;
    } catch (err) {
      showError(err, 'Could not sign out');
      return false;
    } finally {
      signingOut.value = false;
    }
  }

  return {
    signIn,
    signInConnection,
    sessionsFor,
    sessions,
    sessionsError,
    loadingSessions,
    revoking,
    signingOut,
    openSignIn,
    requestSignIn,
    closeSignIn,
    login,
    can,
    refreshSessions,
    openSessions,
    closeSessions,
    revoke,
    logout,
  };
});
