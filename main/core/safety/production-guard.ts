import { createHash, randomBytes } from 'node:crypto';
import type { ConfirmationRequest, ConnectionSummary } from '../../../preload/contract';
import { AppError } from '../errors';
import type { EngineRequest } from '../http/engine';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Paths whose effect cannot be taken back (or takes an endpoint off the
 * network): the operator must type the connection's name to send them.
 */
const DESTRUCTIVE_PATHS = [
  /\/agents\/actions\/(decommission|uninstall|shutdown|restart-machine|disconnect|reset-local-config|move-to-site)\b/,
  /\/threats\/mitigate\/(kill|remediate|rollback-remediation|network-quarantine)\b/,
  /\/sessions\/[^/]+\/revoke\b/,
  // Approving a protected command can release a network isolation or a wipe.
  /\/commands\/[^/]+\/review\b/,
  /\/certificate\/revoke\b/,
  /\/workload-assertions\/[^/]+\/revoke\b/,
  /\/recovery\/jobs\b/,
  /\/update-campaigns\/[^/]+\/dispatch\b/,
];

export function isMutating(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function isDestructive(method: string, url: URL): boolean {
  return method.toUpperCase() === 'DELETE' || DESTRUCTIVE_PATHS.some((re) => re.test(url.pathname));
}

/** How many targets a SentinelOne-style `{"filter":{"ids":[…]}}` body names, where it says. */
export function targetCount(body: string | undefined): number | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { filter?: { ids?: unknown; uuids?: unknown } };
    const ids = parsed.filter?.ids ?? parsed.filter?.uuids;
    return Array.isArray(ids) ? ids.length : undefined;
  } catch {
    return undefined;
  }
}

/** What the guard looks at: the request's method, exact URL and body. */
export type GuardedRequest = Pick<EngineRequest, 'method' | 'url' | 'body'>;

function fingerprintOf(connectionId: string, req: GuardedRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([connectionId, req.method, req.url.href, req.body ?? '']))
    .digest('hex');
}

interface Pending {
  fingerprint: string;
  expiresAt: number;
}

/**
 * Production safety, enforced in main: read-only connections refuse every
 * mutating request; on production ones a mutating request needs a one-time
 * confirmation token bound to the exact request (and, when destructive, the
 * connection's name typed by the operator).
 */
export class ProductionGuard {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  check(
    connection: ConnectionSummary,
    req: GuardedRequest,
    confirmation?: { token: string; typedName?: string },
  ): void {
    if (!isMutating(req.method)) return;
    if (connection.readOnly) {
      throw new AppError(
        'read_only',
        `"${connection.name}" is read-only: ${req.method} requests are refused. Turn off read-only in the connection's settings to make changes.`,
      );
    }
    if (connection.environment !== 'production') return;
    const fingerprint = fingerprintOf(connection.id, req);
    const destructive = isDestructive(req.method, req.url);
    if (confirmation) {
      const pending = this.pending.get(confirmation.token);
      this.pending.delete(confirmation.token);
      const nameOk = !destructive || confirmation.typedName === connection.name;
      if (
        pending &&
        pending.fingerprint === fingerprint &&
        pending.expiresAt > this.now() &&
        nameOk
      )
        return;
    }
    for (const [token, p] of this.pending)
      if (p.expiresAt <= this.now()) this.pending.delete(token);
    const token = randomBytes(18).toString('base64url');
    this.pending.set(token, { fingerprint, expiresAt: this.now() + this.ttlMs });
    const details: ConfirmationRequest = {
      token,
      connectionName: connection.name,
      environment: connection.environment,
      method: req.method,
      url: req.url.href,
      body: req.body,
      targetCount: targetCount(req.body),
      destructive,
      reason: destructive
        ? `This ${req.method} on a production connection cannot be undone. Type the connection's name to send it.`
        : `This ${req.method} changes data on a production connection. Check it before sending.`,
    };
    throw new AppError(
      'confirmation_required',
      `Confirm ${req.method} ${req.url.pathname} on production connection "${connection.name}".`,
      details,
    );
  }
}
