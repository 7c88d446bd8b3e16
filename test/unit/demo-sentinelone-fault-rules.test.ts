import { describe, expect, it } from 'vitest';
import {
  MAX_FAULT_LATENCY_MS,
  MAX_FAULT_RULES,
  parseFaultRules,
  routeShape,
} from '../../main/demo/sentinelone/fault-rules';

const routes = new Set(['GET /threats', 'POST /threats/mitigate/:action']);

describe('fault rule validation', () => {
  it('accepts every switch, alone or with latency', () => {
    const rules = [
      { route: 'GET /threats', latencyMs: MAX_FAULT_LATENCY_MS },
      { route: '*', latencyMs: 5, status: 503, times: 3 },
      { route: 'GET /threats', status: 418, body: ['anything'] },
      { route: 'POST /threats/mitigate/:action', rateLimit429: { retryAfterSeconds: 0 } },
      { route: 'GET /threats', malformed: true as const },
      { route: 'GET /threats', drop: 'before-headers' as const },
      { route: 'GET /threats', drop: 'mid-body' as const, times: 1 },
    ];
    expect(parseFaultRules(rules, routes)).toEqual(rules);
    expect(parseFaultRules([], routes)).toEqual([]);
  });

  it('names the rule and field of the first problem', () => {
    expect(() => parseFaultRules([{ route: '*', latencyMs: 60_001 }], routes)).toThrow(
      /^0\.latencyMs: /,
    );
    expect(() => parseFaultRules([{ route: '*', latencyMs: 1.5 }], routes)).toThrow(/latencyMs/);
    expect(() =>
      parseFaultRules([{ route: '*', rateLimit429: { retryAfterSeconds: 3_601 } }], routes),
    ).toThrow(/rateLimit429\.retryAfterSeconds/);
    expect(() =>
      parseFaultRules(
        [
          { route: '*', status: 500 },
          { route: 'GET /threats/', status: 500 },
        ],
        routes,
      ),
    ).toThrow(/^1\.route: "GET \/threats\/" is not a route/);
    expect(() => parseFaultRules([{ route: '*', body: {}, latencyMs: 1 }], routes)).toThrow(
      /only sent with "status"/,
    );
    expect(() =>
      parseFaultRules(
        [{ route: '*', drop: 'mid-body', rateLimit429: { retryAfterSeconds: 1 } }],
        routes,
      ),
    ).toThrow(/one of rateLimit429, drop/);
    expect(() => parseFaultRules({ route: '*' }, routes)).toThrow(RangeError);
  });

  it(`caps the list at ${MAX_FAULT_RULES} rules`, () => {
    const many = Array.from({ length: MAX_FAULT_RULES + 1 }, () => ({ route: '*', status: 500 }));
    expect(() => parseFaultRules(many, routes)).toThrow(RangeError);
    expect(parseFaultRules(many.slice(1), routes)).toHaveLength(MAX_FAULT_RULES);
  });
});

describe('route names', () => {
  it('ignore how a parameter is spelled, not the literal segments', () => {
    expect(routeShape('POST /threats/mitigate/:action')).toBe('POST /threats/mitigate/:');
    expect(routeShape('POST /threats/mitigate/{action}')).toBe('POST /threats/mitigate/:');
    expect(routeShape('POST /threats/mitigate/<kind>')).toBe('POST /threats/mitigate/:');
    expect(routeShape('POST /threats/mitigate/kill')).toBe('POST /threats/mitigate/kill');
    expect(
      parseFaultRules([{ route: 'POST /threats/mitigate/{kind}', status: 500 }], routes),
    ).toHaveLength(1);
    expect(() =>
      parseFaultRules([{ route: 'POST /threats/mitigate/kill', status: 500 }], routes),
    ).toThrow(/0\.route/);
  });
});
