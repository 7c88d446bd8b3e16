import type { Catalog } from '../../../preload/schemas/catalog';
import type { DemoFaultKind, DemoFaultRule, DemoFaultRuleState } from '../sentinelone/types';

export interface SecureXDemoOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Lifetime of admin sessions (JWT `exp` − `iat`); default 3600. */
  sessionTtlSeconds?: number;
  /** Milliseconds since the epoch; inject a hand-advanced clock to expire sessions in tests. */
  now?: () => number;
  /**
   * Answers for route-map routes the demo does not implement: a catalog's documented
   * examples. Default: the catalog built from `resources/catalog/` (on first use); `null`: none.
   */
  catalog?: Catalog | null;
}

export interface SsxRequestLogEntry {
  at: string;
  method: string;
  /** Path only: the query is not kept, and bodies and headers never are. */
  path: string;
  status: number;
  /** Who the request was authenticated as (or who signed in, for a successful login). */
  adminUsername?: string;
  sessionId?: string;
  hasBody: boolean;
  /** `catalog`: no demo route exists; the answer is the catalog's response example. */
  source?: 'catalog';
  /** Which fault switch shaped the answer, if one did. */
  fault?: DemoFaultKind;
  /** How long a latency fault held the request. */
  delayedMs?: number;
}

export interface SecureXDemo {
  /** e.g. http://127.0.0.1:41235 — routes are /api/... as in the route map. */
  baseUrl: string;
  origin: string;
  port: number;
  /** Every request to /api/** (control routes are not logged). */
  requestLog(): SsxRequestLogEntry[];
  clearLog(): void;
  /** Drops every session (their tokens get 401) and restores the configured TTL. */
  reset(): void;
  /** For sessions issued from now on; throws RangeError outside 1 s … 7 days. */
  setSessionTtl(seconds: number): void;
  /** Signs an admin in from "another device" (a fixed user agent and a TEST-NET address). */
  createSessionFor(username: string): Promise<{ token: string; sessionId: string }>;
  /**
   * Fault switches, as on the SentinelOne demo: rules name a route of the route map
   * (`GET /api/admin/me`, `POST /api/admin/sessions/:id/revoke`; parameter names do not
   * matter) or `*`. Throws a RangeError naming the rule and field; the old rules stay.
   */
  setFaults(rules: readonly DemoFaultRule[]): void;
  /** The active rules, with how many uses each has left. */
  faults(): DemoFaultRuleState[];
  clearFaults(): void;
  /** Every route name a fault rule may give: the 75 routes of the route map. */
  faultRoutes(): string[];
  /** Closes the server and destroys open sockets. */
  close(): Promise<void>;
}
