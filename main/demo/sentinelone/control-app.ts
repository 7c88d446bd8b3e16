import { ApiError, jsonResult, type ApiResult } from './envelope';
import type { FaultSwitches } from './fault-switches';
import type { DemoRateLimits } from './rate-limits';
import { hostGuard, loopbackOnly } from './loopback-guards';
import { errorBoundary, readJsonBody, resolveRoute } from './middleware';
import type { RequestLog } from './request-log';
import { Router, runChain, type ApiContext } from './router';

export const CONTROL_PREFIX = '/__demo';

export interface ControlAppOptions {
  log: RequestLog;
  reset: () => void;
  faults: FaultSwitches<ApiContext>;
  rateLimits: DemoRateLimits;
}

function faultRulesFrom(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('rules' in body)) {
    throw new ApiError(400, 'Send {"rules": [...]}: a list of fault rules (empty clears them).');
  }
  return body.rules;
}

/**
 * Test hooks: read or clear the request log, reset the tenant to its seeded state, and set
 * or clear the fault switches. Loopback peers only; never written to the request log.
 */
export function createControlApp(
  options: ControlAppOptions,
): (ctx: ApiContext) => Promise<ApiResult> {
  const { log, reset, faults, rateLimits } = options;
  const router = new Router()
    .get(`${CONTROL_PREFIX}/log`, () => jsonResult({ data: log.list() }))
    .post(`${CONTROL_PREFIX}/log/clear`, () => jsonResult({ data: { affected: log.clear() } }))
    .post(`${CONTROL_PREFIX}/reset`, () => {
      reset();
      return jsonResult({ data: { reset: true } });
    })
    .get(`${CONTROL_PREFIX}/faults`, () => jsonResult({ data: { rules: faults.list() } }))
    .post(`${CONTROL_PREFIX}/faults`, (ctx) => {
      try {
        return jsonResult({ data: { rules: faults.set(faultRulesFrom(ctx.body)) } });
      } catch (err) {
        if (err instanceof RangeError) throw new ApiError(400, `rules.${err.message}`);
        throw err;
      }
    })
    .post(`${CONTROL_PREFIX}/faults/clear`, () =>
      jsonResult({ data: { affected: faults.clear() } }),
    )
    // Rate limits: `{"enabled": true}` enforces the per-path table, `false` stops it.
    .get(`${CONTROL_PREFIX}/rate-limits`, () =>
      jsonResult({ data: { enabled: rateLimits.isEnabled, rules: rateLimits.rules } }),
    )
    .post(`${CONTROL_PREFIX}/rate-limits`, (ctx) => {
      const enabled = (ctx.body as { enabled?: unknown } | undefined)?.enabled;
      if (typeof enabled !== 'boolean') {
        throw new ApiError(400, 'Send {"enabled": true} or {"enabled": false}.');
      }
      return jsonResult({ data: rateLimits.set(enabled) });
    });
  const chain = [errorBoundary, hostGuard, loopbackOnly, resolveRoute(router), readJsonBody()];
  return (ctx) => runChain(chain, ctx);
}
