import type { DemoManager, DemoTenant } from '../demo/demo-manager';
import type { SentinelOneDemo } from '../demo/sentinelone';
import type { DemoFaultRule, DemoFaultRuleState } from '../demo/sentinelone/types';
import type { Handlers } from './dispatch';
import { AppError } from './errors';

const TENANT_NAMES: Record<DemoTenant, string> = {
  sentinelone: 'SentinelOne',
  'sentinel-secure-x': 'Sentinel Secure X',
};

/** What the panel needs of either demo tenant's switches. */
interface FaultTarget {
  setFaults(rules: readonly DemoFaultRule[]): void;
  faults(): DemoFaultRuleState[];
  clearFaults(): void;
  faultRoutes(): string[];
}

/**
 * The developer panel's fault switches, for the built-in demo tenants only (they are test
 * servers on loopback; a real tenant has no such thing). Both tenants have fault rules;
 * the per-path rate-limit table is SentinelOne's (the route map gives Secure X none).
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
  function notRunning(tenant: DemoTenant): AppError {
    return new AppError(
      'demo_not_running',
      `The ${TENANT_NAMES[tenant]} demo tenant is not running. Start it, then set its faults.`,
    );
  }

  function faultTarget(tenant: DemoTenant): FaultTarget {
    const server = tenant === 'sentinelone' ? d.demo.sentinelOne : d.demo.secureX;
    if (!server) throw notRunning(tenant);
    return server;
  }

  function sentinelOne(tenant: DemoTenant): SentinelOneDemo {
    if (tenant !== 'sentinelone') {
      throw new AppError(
        'not_available',
        'The rate-limit switch exists for the SentinelOne demo tenant only: the Sentinel Secure X route map defines no rate limits.',
      );
    }
    const server = d.demo.sentinelOne;
    if (!server) throw notRunning(tenant);
    return server;
  }

  function rateLimitsOf(server: SentinelOneDemo): { enabled: boolean; rules: number } {
    const { enabled, rules } = server.rateLimits();
    return { enabled, rules: rules.length };
  }

  function faultsOf(server: FaultTarget) {
    return { rules: server.faults(), routes: server.faultRoutes() };
  }

  return {
    'demo:faults': async ({ tenant }) => faultsOf(faultTarget(tenant)),
    'demo:set-faults': async ({ tenant, rules }) => {
      const server = faultTarget(tenant);
      try {
        server.setFaults(rules as DemoFaultRule[]);
      } catch (err) {
        if (err instanceof RangeError) {
          throw new AppError('invalid_input', `rules.${err.message}`);
        }
        throw err;
      }
      return faultsOf(server);
    },
    'demo:clear-faults': async ({ tenant }) => {
      const server = faultTarget(tenant);
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
