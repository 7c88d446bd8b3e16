import type { ConnectionConfig } from '../../preload/contract';
import type { DemoConnection } from '../core/connections/connection-service';
import { DEMO_S1_CONNECTION_ID, DEMO_SSX_CONNECTION_ID, type DemoManager } from './demo-manager';

function demoConfig(
  name: string,
  kind: ConnectionConfig['kind'],
  baseUrl: string,
  scheme: ConnectionConfig['auth']['scheme'],
): ConnectionConfig {
  return {
    name,
    kind,
    baseUrl,
    environment: 'sandbox',
    readOnly: false,
    timeoutMs: 30_000,
    auth: { scheme, rememberSession: false },
    tls: { rejectUnauthorized: true },
    proxy: { mode: 'none' },
  };
}

/** The built-in "Demo — …" connections, backed by the loopback simulators. */
export function demoConnections(demo: DemoManager): DemoConnection[] {
  const s1 = demo.status('sentinelone');
  const ssx = demo.status('sentinel-secure-x');
  return [
    {
      id: DEMO_S1_CONNECTION_ID,
      name: 'Demo — SentinelOne',
      config: demoConfig('Demo — SentinelOne', 'sentinelone', s1.baseUrl, 'ApiToken'),
      running: s1.running,
      token: demo.sentinelOneToken,
    },
    {
      id: DEMO_SSX_CONNECTION_ID,
      name: 'Demo — Sentinel Secure X',
      config: demoConfig(
        'Demo — Sentinel Secure X',
        'sentinel-secure-x',
        ssx.baseUrl,
        'SsxSession',
      ),
      running: ssx.running,
    },
  ];
}
