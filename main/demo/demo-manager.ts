import type { DemoStatus } from '../../preload/contract';
import { startSecureXDemo, type SecureXDemo } from './securex';
import { startSentinelOneDemo, DEMO_S1_TOKENS, type SentinelOneDemo } from './sentinelone';

export type DemoTenant = DemoStatus['tenant'];

export const DEMO_CONNECTION_IDS: Record<DemoTenant, string> = {
  sentinelone: 'demo-sentinelone',
  'sentinel-secure-x': 'demo-securex',
};
export const DEMO_S1_CONNECTION_ID = DEMO_CONNECTION_IDS.sentinelone;
export const DEMO_SSX_CONNECTION_ID = DEMO_CONNECTION_IDS['sentinel-secure-x'];

interface Servers {
  sentinelone?: SentinelOneDemo;
  'sentinel-secure-x'?: SecureXDemo;
}

const STARTERS = {
  sentinelone: (port: number) => startSentinelOneDemo({ port }),
  'sentinel-secure-x': (port: number) => startSecureXDemo({ port }),
} satisfies Record<DemoTenant, (port: number) => Promise<{ port: number; baseUrl: string }>>;

/**
 * Starts and stops the built-in demo tenants on demand. A restarted tenant
 * asks for its previous port first, so a connection's base URL stays stable
 * within a session (and a stopped tenant yields a real "connection refused").
 */
export class DemoManager {
  private readonly servers: Servers = {};
  private readonly lastPort: Record<DemoTenant, number> = {
    sentinelone: 0,
    'sentinel-secure-x': 0,
  };
  private readonly lastBaseUrl: Record<DemoTenant, string> = {
    sentinelone: '',
    'sentinel-secure-x': '',
  };
  private readonly starting = new Map<DemoTenant, Promise<DemoStatus>>();
  private readonly listeners = new Set<(s: DemoStatus) => void>();

  constructor(options: { ports?: Partial<Record<DemoTenant, number>> } = {}) {
    Object.assign(this.lastPort, options.ports ?? {});
  }

  onChange(listener: (s: DemoStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(tenant: DemoTenant): DemoStatus {
    const server = this.servers[tenant];
    return {
      tenant,
      running: server !== undefined,
      baseUrl: server?.baseUrl ?? this.lastBaseUrl[tenant],
      connectionId: DEMO_CONNECTION_IDS[tenant],
    };
  }

  statuses(): DemoStatus[] {
    return (Object.keys(STARTERS) as DemoTenant[]).map((t) => this.status(t));
  }

  get sentinelOne(): SentinelOneDemo | undefined {
    return this.servers.sentinelone;
  }

  get secureX(): SecureXDemo | undefined {
    return this.servers['sentinel-secure-x'];
  }

  get sentinelOneToken(): string {
    return DEMO_S1_TOKENS.admin;
  }

  /** Concurrent calls share one start, so a double click never starts two servers. */
  start(tenant: DemoTenant): Promise<DemoStatus> {
    let pending = this.starting.get(tenant);
    if (!pending) {
      pending = this.doStart(tenant).finally(() => this.starting.delete(tenant));
      this.starting.set(tenant, pending);
    }
    return pending;
  }

  private async doStart(tenant: DemoTenant): Promise<DemoStatus> {
    if (!this.servers[tenant]) {
      const start = STARTERS[tenant];
      let started: SentinelOneDemo | SecureXDemo;
      try {
        started = await start(this.lastPort[tenant]);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || this.lastPort[tenant] === 0)
          throw err;
        started = await start(0);
      }
      (this.servers as Record<DemoTenant, unknown>)[tenant] = started;
      this.lastPort[tenant] = started.port;
      this.lastBaseUrl[tenant] = started.baseUrl;
      this.emit(tenant);
    }
    return this.status(tenant);
  }

  async stop(tenant: DemoTenant): Promise<DemoStatus> {
    const server = this.servers[tenant];
    if (server) {
      delete this.servers[tenant];
      await server.close();
      this.emit(tenant);
    }
    return this.status(tenant);
  }

  async stopAll(): Promise<void> {
    await Promise.all((Object.keys(STARTERS) as DemoTenant[]).map((t) => this.stop(t)));
  }

  private emit(tenant: DemoTenant): void {
    const s = this.status(tenant);
    for (const l of this.listeners) l(s);
  }
}
