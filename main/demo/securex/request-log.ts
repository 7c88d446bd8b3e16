import { REQUEST_LOG_CAP } from '../sentinelone/constants';
import type { SsxContext } from './context';
import type { SsxRequestLogEntry } from './types';

/**
 * What the tenant received, for tests and the "what did my client send" panel. It records
 * who and what, never bodies or headers: passwords and tokens must not land here.
 */
export class SsxRequestLog {
  private entries: SsxRequestLogEntry[] = [];

  constructor(private readonly cap = REQUEST_LOG_CAP) {}

  recordRequest(ctx: SsxContext, status: number): void {
    const entry: SsxRequestLogEntry = {
      at: ctx.tenant.nowIso(),
      method: ctx.method,
      path: ctx.path,
      status,
      hasBody: ctx.hasBody,
      ...(ctx.route?.source && { source: ctx.route.source }),
      ...(ctx.fault && { fault: ctx.fault.kind }),
      ...(ctx.fault?.delayedMs !== undefined && { delayedMs: ctx.fault.delayedMs }),
    };
    if (ctx.auth) {
      entry.adminUsername = ctx.auth.admin.username;
      entry.sessionId = ctx.auth.session.id;
    }
    this.entries.push(entry);
    if (this.entries.length > this.cap) this.entries.splice(0, this.entries.length - this.cap);
  }

  list(): SsxRequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): number {
    const count = this.entries.length;
    this.entries = [];
    return count;
  }
}
