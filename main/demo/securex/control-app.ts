import { z } from 'zod';
import type { FaultSwitches } from '../sentinelone/fault-switches';
import { MAX_SESSION_TTL_SECONDS, SSX_CONTROL_PREFIX } from './constants';
import { runSsxChain, type SsxContext } from './context';
import { invalidRequest, jsonResult, type ApiResult } from './errors';
import { errorBoundary, hostGuard, loopbackOnly, readJsonBody, resolveRoute } from './middleware';
import type { SsxRequestLog } from './request-log';
import { SsxRouteTable } from './route-table';
import { parseBody } from './validation';

const TtlBody = z.object({ seconds: z.number().int().min(1).max(MAX_SESSION_TTL_SECONDS) });

export interface SsxControlOptions {
  log: SsxRequestLog;
  reset: () => void;
  faults: FaultSwitches<SsxContext>;
}

function faultRulesFrom(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('rules' in body)) {
    throw invalidRequest('Send {"rules": [...]}: a list of fault rules (empty clears them).', [
      { field: 'rules', problem: 'Required.' },
    ]);
  }
  return body.rules;
}

/**
 * Test hooks without auth: read or clear the request log, reset sessions, shorten the
 * session TTL, set or clear the fault switches. Loopback peers only; never written to the
 * request log.
 */
export function createSsxControlApp(
  options: SsxControlOptions,
): (ctx: SsxContext) => Promise<ApiResult> {
  const { log, reset, faults } = options;
  const routes = new SsxRouteTable()
    .get(`${SSX_CONTROL_PREFIX}/log`, () => jsonResult({ entries: log.list() }))
    .post(`${SSX_CONTROL_PREFIX}/log/clear`, () => jsonResult({ cleared: log.clear() }))
    .post(`${SSX_CONTROL_PREFIX}/reset`, () => {
      reset();
      return jsonResult({ reset: true });
    })
    .post(`${SSX_CONTROL_PREFIX}/session-ttl`, (ctx) => {
      const { seconds } = parseBody(TtlBody, ctx.body);
      ctx.tenant.setSessionTtl(seconds);
      return jsonResult({ sessionTtlSeconds: seconds });
    })
    .get(`${SSX_CONTROL_PREFIX}/faults`, () =>
      jsonResult({ rules: faults.list(), routes: faults.routeNames() }),
    )
    .post(`${SSX_CONTROL_PREFIX}/faults`, (ctx) => {
      try {
        return jsonResult({ rules: faults.set(faultRulesFrom(ctx.body)) });
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        throw invalidRequest(`rules.${err.message}`, [{ field: 'rules', problem: err.message }]);
      }
    })
    .post(`${SSX_CONTROL_PREFIX}/faults/clear`, () => jsonResult({ cleared: faults.clear() }));
  const chain = [errorBoundary, hostGuard, loopbackOnly, resolveRoute(routes), readJsonBody()];
  return (ctx) => runSsxChain(chain, ctx);
}
