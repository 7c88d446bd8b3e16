import { z } from 'zod';
import { MAX_SESSION_TTL_SECONDS, SSX_CONTROL_PREFIX } from './constants';
import { runSsxChain, type SsxContext } from './context';
import { jsonResult, type ApiResult } from './errors';
import { errorBoundary, hostGuard, loopbackOnly, readJsonBody, resolveRoute } from './middleware';
import type { SsxRequestLog } from './request-log';
import { SsxRouteTable } from './route-table';
import { parseBody } from './validation';

const TtlBody = z.object({ seconds: z.number().int().min(1).max(MAX_SESSION_TTL_SECONDS) });

/**
 * Test hooks without auth: read or clear the request log, reset sessions, shorten the
 * session TTL. Loopback peers only; never written to the request log.
 */
export function createSsxControlApp(
  log: SsxRequestLog,
  reset: () => void,
): (ctx: SsxContext) => Promise<ApiResult> {
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
    });
  const chain = [errorBoundary, hostGuard, loopbackOnly, resolveRoute(routes), readJsonBody()];
  return (ctx) => runSsxChain(chain, ctx);
}
