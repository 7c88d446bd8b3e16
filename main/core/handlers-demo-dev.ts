import type { DemoManager } from '../demo/demo-manager';
import type { SentinelOneDemo } from '../demo/sentinelone';
import type { DemoTenant } from '../demo/demo-manager';
import type { Handlers } from './dispatch';
import { AppError } from './errors';

/**
 * The developer panel's fault switches, for the built-in demo tenants only (they are test
 * servers on loopback; a real tenant has no such thing). SentinelOne only for now.
 */
export function demoDevHandlers(d: {
  demo: DemoManager;
}): Pick<
  Handlers,
  | 'demo:faults'
  | 'demo:set-faults'
  | 'demo:clear-faults'
  | 'demo:rate-limits'
  | 'demo:set-rate-limits'
> {
  function sentinelOne(tenant: DemoTenant): SentinelOneDemo {
    if (tenant !== 'sentinelone') {
      throw new AppError(
        'not_available',
        'Fault switches exist for the SentinelOne demo tenant only (not yet for Sentinel Secure X).',
      );
    }
    const server = d.demo.sentinelOne;
    if (!server) {
      throw new AppError(
        'demo_not_running',
        'The SentinelOne demo tenant is not running. Start it, then set its faults.',
      );
    }
    return server;
  }

  function rateLimitsOf(server: SentinelOneDemo): { enabled: boolean; rules: number } {
    const { enabled, rules } = server.rateLimits();
    return { enabled, rules: rules.length };
  }

  return {
    'demo:faults': async ({ tenant }) => ({ rules: sentinelOne(tenant).faults() }),
    'demo:set-faults': async ({ tenant, rules }) => {
      const server = sentinelOne(tenant);
      try {
        server.setFaults(rules as Parameters<SentinelOneDemo['setFaults']>[0]);
      } catch (err) {
        if (err instanceof RangeError) {
          throw new AppError('invalid_input', `rules.${err.message}`);
        }
        throw err;
      }
      return { rules: server.faults() };
    },
    'demo:clear-faults': async ({ tenant }) => {
      const server = sentinelOne(tenant);
      const cleared = server.faults().length;
      server.clearFaults();
      return { cleared };
    },
    'demo:rate-limits': async ({ tenant }) => rateLimitsOf(sentinelOne(tenant)),
    'demo:set-rate-limits': async ({ tenant, enabled }) => {
      const server = sentinelOne(tenant);
      server.setRateLimits(enabled);
      return rateLimitsOf(server);
    },
  };
}
