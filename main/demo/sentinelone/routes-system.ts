import { DEMO_S1_TOKEN_LIFETIME_DAYS, DEMO_S1_TOKENS } from './constants';
import { jsonResult, validationError } from './envelope';
import { DAY_MS } from './prng';
import type { Router } from './router';

const LIFETIME_BY_TOKEN = new Map<string, number>(
  Object.entries(DEMO_S1_TOKENS).map(([name, token]) => [
    token,
    DEMO_S1_TOKEN_LIFETIME_DAYS[name as keyof typeof DEMO_S1_TOKENS],
  ]),
);

export function registerSystemRoutes(router: Router): void {
  // What clients call to test a connection.
  router.get('/system/status', () => jsonResult({ data: { health: 'ok' } }));

  // Service-user tokens expire after about six months; the console shows when.
  router.post(
    '/users/api-token-details',
    (ctx) => {
      const body = ctx.body as { data?: { apiToken?: unknown } } | undefined;
      const token = body?.data?.apiToken;
      const lifetime = typeof token === 'string' ? LIFETIME_BY_TOKEN.get(token) : undefined;
      if (lifetime === undefined) {
        throw validationError('data.apiToken: Must be a valid API token.');
      }
      // Real time, not the seeded "now": the console measures days left against its own clock.
      const nowMs = Date.now();
      return jsonResult({
        data: {
          createdAt: new Date(nowMs - 30 * DAY_MS).toISOString(),
          expiresAt: new Date(nowMs + lifetime * DAY_MS).toISOString(),
        },
      });
    },
    { readOnly: true },
  );
}
