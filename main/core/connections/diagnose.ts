import type { ConnectionConfig, Diagnosis } from '../../../preload/contract';
import { AppError, isAppError } from '../errors';
import type { HttpEngine } from '../http/engine';
import { callJson, serverMessage } from '../http/call-json';
import type { SsxSessions } from '../auth/ssx-sessions';
import type { ConnectionService, ResolvedConnection } from './connection-service';

const DAY = 86_400_000;

/** Plain-word titles for the failures a connection test can meet. */
const FAILURE_TITLES: Record<string, string> = {
  dns_failed: 'Host name not found',
  tls_error: 'Secure connection failed',
  connection_refused: 'Connection refused',
  connection_reset: 'Connection dropped',
  timeout: 'No answer in time',
  proxy_failed: 'Proxy failed',
  secret_missing: 'No credential yet',
  keychain_unavailable: 'Keychain not reachable',
  auth_required: 'Not signed in',
  auth_failed: 'Sign-in failed',
  invalid_connection: 'Connection settings problem',
  demo_not_running: 'Demo tenant stopped',
};

/** The cheap authenticated call each kind is tested with, and the permission it needs. */
function probeFor(config: ConnectionConfig): { path: string; permission: string } {
  switch (config.kind) {
    case 'sentinelone':
      return { path: 'threats?limit=1&countOnly=true', permission: 'Threats → View' };
    case 'sentinel-secure-x':
      return { path: 'api/admin/me', permission: 'any admin role' };
    default:
      return { path: '', permission: 'read access to the base URL' };
  }
}

function fromStatus(
  status: number,
  config: ConnectionConfig,
  permission: string,
  server?: string,
): Diagnosis {
  const said = server ? ` The server said: "${server}".` : '';
  if (status >= 200 && status < 300) {
    return {
      ok: true,
      code: 'ok',
      title: 'Connected',
      message: 'The credential works and the API answered.',
      status,
    };
  }
  if (status === 401) {
    return {
      ok: false,
      code: 'unauthorized',
      title: 'Credential rejected (401)',
      message: `The server does not accept this ${config.kind === 'sentinel-secure-x' ? 'session' : 'token'}: it is wrong, revoked or expired. Create a new API token in the console (Settings → Users → Service Users) and paste it here.${said}`,
      status,
    };
  }
  if (status === 403) {
    return {
      ok: false,
      code: 'forbidden',
      title: 'Missing permission (403)',
      message: `The credential is valid but its role lacks the permission this test needs: ${permission}. Ask an administrator to add it to the service user's role.${said}`,
      status,
    };
  }
  if (status === 404 || status === 405) {
    const hint =
      config.kind === 'sentinelone'
        ? 'For SentinelOne the base URL must end with /web/api/v2.1 (e.g. https://acme.sentinelone.net/web/api/v2.1).'
        : 'Check the path part of the base URL.';
    return {
      ok: false,
      code: 'not_found',
      title: `Base path wrong (${status})`,
      message: `Nothing answers at this base URL. ${hint}`,
      status,
    };
  }
  if (status === 429) {
    return {
      ok: false,
      code: 'rate_limited',
      title: 'Rate limited (429)',
      message: `The server is throttling this credential; wait a minute and test again.${said}`,
      status,
    };
  }
  return {
    ok: false,
    code: 'server_error',
    title: `Server answered ${status}`,
    message: `The server could not handle the test call.${said}`,
    status,
  };
}

/** SentinelOne reports a token's expiry; warn when fewer than 14 days remain. */
async function tokenExpiry(
  engine: HttpEngine,
  resolved: ResolvedConnection,
  token: string | undefined,
  now: number,
) {
  if (!token || resolved.config.kind !== 'sentinelone' || !resolved.credentials) return undefined;
  const answer = await callJson(engine, {
    method: 'POST',
    url: new URL(`${resolved.config.baseUrl}/users/api-token-details`),
    body: { data: { apiToken: token } },
    credentials: resolved.credentials,
    transport: resolved.transport,
  }).catch(() => undefined);
  const expiresAt = (answer?.json as { data?: { expiresAt?: string } } | undefined)?.data
    ?.expiresAt;
  if (!answer || answer.status !== 200 || !expiresAt || Number.isNaN(Date.parse(expiresAt)))
    return undefined;
  const daysLeft = Math.floor((Date.parse(expiresAt) - now) / DAY);
  return { expiresAt, daysLeft, warning: daysLeft < 14 };
}

export async function testConnection(
  id: string,
  deps: {
    engine: HttpEngine;
    connections: ConnectionService;
    ssx: SsxSessions;
    tokenOf: (id: string) => Promise<string | undefined>;
  },
  now: () => number = Date.now,
): Promise<Diagnosis> {
  let config: ConnectionConfig | undefined;
  const started = now();
  try {
    config = await deps.connections.configOf(id);
    const probe = probeFor(config);
    const url = new URL(probe.path, `${config.baseUrl.replace(/\/+$/, '')}/`);
    const resolved = await deps.connections.resolve(id, url);
    const answer = await callJson(deps.engine, {
      method: 'GET',
      url,
      credentials: resolved.credentials,
      transport: resolved.transport,
      timeoutMs: Math.min(resolved.timeoutMs, 15_000),
    });
    if (answer.status === 401 && config.kind === 'sentinel-secure-x') {
      await deps.ssx.forget(id);
    }
    const diagnosis = fromStatus(
      answer.status,
      config,
      probe.permission,
      serverMessage(answer.json),
    );
    diagnosis.latencyMs = Math.round(answer.response.timings.total);
    diagnosis.request = { method: 'GET', url: url.href };
    if (diagnosis.ok)
      diagnosis.tokenExpiry = await tokenExpiry(
        deps.engine,
        resolved,
        await deps.tokenOf(id),
        now(),
      );
    if (diagnosis.tokenExpiry?.warning) {
      diagnosis.message += ` The API token expires in ${diagnosis.tokenExpiry.daysLeft} days: create a new one soon.`;
    }
    return diagnosis;
  } catch (err) {
    if (!isAppError(err)) throw err;
    const e = err as AppError;
    return {
      ok: false,
      code: e.code,
      title: FAILURE_TITLES[e.code] ?? 'Test failed',
      message: e.message,
      latencyMs: now() - started,
    };
  }
}
