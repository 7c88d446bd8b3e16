import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiResult } from './envelope';
import { hugeBody } from './fault-huge-body';
import { parseFaultRules, routeShape } from './fault-rules';
import type { DemoFaultKind, DemoFaultRule, DemoFaultRuleState } from './types';

/** What the switches need of a tenant's request context (both demo tenants have these). */
export interface FaultContext {
  req: IncomingMessage;
  /** Set when a rule shaped this answer; the tenant copies it into its request log. */
  fault?: { kind: DemoFaultKind; delayedMs?: number };
}

export interface FaultSwitchesOptions<C extends FaultContext> {
  /** Every route name a rule may give (`GET /threats`), besides `*`. */
  routes: Iterable<string>;
  /** The name of the route a request resolved to; undefined when none did. */
  routeOf(ctx: C): string | undefined;
  /** An error answer in the tenant's own envelope. */
  error(status: number, message: string, headers?: Record<string, string>): ApiResult;
}

type WaitOutcome = 'elapsed' | 'client-left' | 'closing';

interface ActiveRule {
  rule: DemoFaultRule;
  /** `routeShape(rule.route)`, worked out once when the rules are set; null for `*`. */
  shape: string | null;
  remaining: number | null;
}

const NOTHING_SENT: ApiResult = { status: 0, body: '', drop: 'before-headers' };

/** Cuts a JSON body so it can never parse: half of an object always lacks its closing brace. */
function truncate(body: string): string {
  return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}

/**
 * A demo tenant's fault switches (latency, forced statuses, 429 + Retry-After, malformed
 * bodies, dropped or reset connections, huge bodies), applied per route after
 * authentication and routing. Both tenants use it, each with its own envelope.
 */
export class FaultSwitches<C extends FaultContext> {
  private rules: ActiveRule[] = [];
  private readonly waiting = new Set<(outcome: WaitOutcome) => void>();
  private readonly routes: ReadonlySet<string>;

  constructor(private readonly options: FaultSwitchesOptions<C>) {
    this.routes = new Set(options.routes);
  }

  /** The route names a rule may give, in the tenant's order. */
  routeNames(): string[] {
    return [...this.routes];
  }

  /** Replaces every rule; throws a RangeError (and keeps the old rules) when one is invalid. */
  set(input: unknown): DemoFaultRuleState[] {
    const rules = parseFaultRules(input, this.routes);
    this.rules = rules.map((rule) => ({
      rule,
      shape: rule.route === '*' ? null : routeShape(rule.route),
      remaining: rule.times ?? null,
    }));
    return this.list();
  }

  list(): DemoFaultRuleState[] {
    return this.rules.map(({ rule, remaining }) => ({ ...rule, remaining }));
  }

  clear(): number {
    const count = this.rules.length;
    this.rules = [];
    return count;
  }

  /** Drops the rules and lets every held request go, so closing the server never waits on a timer. */
  close(): void {
    this.clear();
    for (const release of [...this.waiting]) release('closing');
  }

  /** The first matching rule, with one use counted off (a spent rule is removed). */
  private take(routeName: string): DemoFaultRule | undefined {
    if (this.rules.length === 0) return undefined;
    const shape = routeShape(routeName);
    const index = this.rules.findIndex((active) => active.shape === null || active.shape === shape);
    const active = this.rules[index];
    if (!active) return undefined;
    if (active.remaining !== null) {
      active.remaining -= 1;
      if (active.remaining === 0) this.rules.splice(index, 1);
    }
    return active.rule;
  }

  /** Waits `ms`, but stops early when the client hangs up or the server closes. */
  private hold(ms: number, socket: Socket): Promise<WaitOutcome> {
    if (socket.destroyed) return Promise.resolve('client-left');
    return new Promise((resolve) => {
      const finish = (outcome: WaitOutcome) => {
        clearTimeout(timer);
        socket.off('close', onClose);
        this.waiting.delete(finish);
        resolve(outcome);
      };
      const onClose = () => finish('client-left');
      const timer = setTimeout(() => finish('elapsed'), ms);
      socket.once('close', onClose);
      this.waiting.add(finish);
    });
  }

  middleware(): (ctx: C, next: () => Promise<ApiResult>) => Promise<ApiResult> {
    return async (ctx, next) => {
      const name = this.options.routeOf(ctx);
      const rule = name === undefined ? undefined : this.take(name);
      if (!rule) return next();
      if (rule.latencyMs !== undefined && rule.latencyMs > 0) {
        ctx.fault = { kind: 'latency', delayedMs: rule.latencyMs };
        // A client that gave up (or a closing server) gets nothing, and the route never runs:
        // a cancelled request must not change the tenant behind the operator's back.
        if ((await this.hold(rule.latencyMs, ctx.req.socket)) !== 'elapsed') return NOTHING_SENT;
      }
      return this.answer(rule, ctx, next);
    };
  }

  private async answer(
    rule: DemoFaultRule,
    ctx: C,
    next: () => Promise<ApiResult>,
  ): Promise<ApiResult> {
    const { error } = this.options;
    const mark = (kind: DemoFaultKind) => {
      ctx.fault = { ...ctx.fault, kind };
    };
    if (rule.status !== undefined) {
      mark('status');
      if (rule.body !== undefined) return { status: rule.status, body: JSON.stringify(rule.body) };
      return error(rule.status, 'Injected fault: the demo tenant failed.');
    }
    if (rule.rateLimit429) {
      mark('rate-limit-429');
      const seconds = String(rule.rateLimit429.retryAfterSeconds);
      return error(429, `Too many requests; retry after ${seconds} s.`, { 'Retry-After': seconds });
    }
    if (rule.drop === 'before-headers') {
      mark('drop');
      return NOTHING_SENT;
    }
    if (rule.reset) {
      mark('reset');
      // RST instead of FIN: the client reads ECONNRESET, not a clean end of stream.
      ctx.req.socket.resetAndDestroy();
      return NOTHING_SENT;
    }
    if (rule.hugeBody) {
      mark('huge-body');
      return { status: 200, body: '', stream: hugeBody(rule.hugeBody.bytes, rule.hugeBody.shape) };
    }
    const real = await next();
    if (rule.drop === 'mid-body') {
      mark('drop');
      return { ...real, drop: 'mid-body' };
    }
    if (rule.malformed) {
      mark('malformed');
      return { ...real, body: truncate(real.body) };
    }
    return real;
  }
}
