import type {
  ConnectionConfig,
  ConnectionSummary,
  SecretKindName,
  SecretStatus,
} from '../../../preload/contract';
import { ConnectionConfigSchema } from '../../../preload/contract';
import { isGraphqlPath, placeholderFor, redactionLabel } from '../auth/placeholders';
import type { OAuthTokenCache } from '../auth/oauth-client-credentials';
import type { SsxSessions, SsxTarget } from '../auth/ssx-sessions';
import { authRequired } from '../auth/ssx-sessions';
import type { PlaceholderHeader } from '../auth/placeholders';
import { AppError } from '../errors';
import type { Credentials } from '../http/engine';
import { transportFor, type TransportOptions } from '../http/transport-options';
import { fingerprint } from '../secrets/secret-store';
import type { SecretVault } from '../secrets/secret-vault';
import type { Redactor } from '../security/redact';
import type { ConnectionStore, StoredConnection } from './connection-store';
import { SENTINELONE_DEFAULT_RATE_LIMITS } from './presets';
import { validateConnectionConfig } from './validate-config';

/** A built-in demo connection, described the same way as the operator's own. */
export interface DemoConnection {
  id: string;
  name: string;
  config: ConnectionConfig;
  running: boolean;
  /** Fixed public demo credential (SentinelOne token), if the scheme uses one. */
  token?: string;
}

/** Everything main needs to send on a connection; `credentials` never leaves main. */
export interface ResolvedConnection {
  summary: ConnectionSummary;
  config: ConnectionConfig;
  credentials?: Credentials;
  placeholders: PlaceholderHeader[];
  transport: TransportOptions;
  timeoutMs: number;
}

export const MAIN_SECRET: Record<ConnectionConfig['auth']['scheme'], SecretKindName | undefined> = {
  ApiToken: 'token',
  Bearer: 'token',
  Basic: 'password',
  OAuth2ClientCredentials: 'client-secret',
  SsxSession: 'password',
  none: undefined,
};

export interface ConnectionServiceDeps {
  store: ConnectionStore;
  vault: SecretVault;
  redactor: Redactor;
  oauth: OAuthTokenCache;
  ssx: SsxSessions;
  demos: () => DemoConnection[];
}

/** Connections: the operator's own (stored) and the built-in demos, with their credentials. */
export class ConnectionService {
  constructor(private readonly deps: ConnectionServiceDeps) {}

  private demo(id: string): DemoConnection | undefined {
    return this.deps.demos().find((d) => d.id === id);
  }

  /** Registers a secret with the redactor the moment main learns it. */
  learnSecret(value: string, config: ConnectionConfig, kind: SecretKindName): void {
    this.deps.redactor.add(value, redactionLabel(config.kind, config.auth.scheme, kind));
    if (config.auth.scheme === 'Basic' && kind === 'password' && config.auth.username) {
      this.deps.redactor.addBasic(config.auth.username, value, '$API_BASIC_AUTH');
    }
  }

  /** The placeholder a secret of this connection becomes in redacted text. */
  labelFor(connectionId: string, kind: SecretKindName): string {
    const config = this.demo(connectionId)?.config ?? this.deps.store.peek(connectionId)?.config;
    return config ? redactionLabel(config.kind, config.auth.scheme, kind) : '$SECRET';
  }

  async summaries(): Promise<ConnectionSummary[]> {
    await this.retryPendingSecretDeletes();
    const demos = await Promise.all(this.deps.demos().map((d) => this.summarizeDemo(d)));
    const own = await Promise.all((await this.deps.store.list()).map((c) => this.summarize(c)));
    return [...demos, ...own];
  }

  private async sessionOf(
    id: string,
    config: ConnectionConfig,
  ): Promise<ConnectionSummary['session']> {
    if (config.kind !== 'sentinel-secure-x') return undefined;
    const state = await this.deps.ssx.current(await this.ssxTargetFor(id, config));
    return state
      ? { admin: state.admin, expiresAt: state.expiresAt, remembered: state.remembered }
      : undefined;
  }

  private async summarizeDemo(d: DemoConnection): Promise<ConnectionSummary> {
    return {
      id: d.id,
      name: d.name,
      kind: d.config.kind,
      environment: 'demo',
      baseUrl: d.config.baseUrl,
      authScheme: d.config.auth.scheme,
      secret: d.token ? { present: true, fingerprint: fingerprint(d.token) } : { present: false },
      secrets: [],
      demo: true,
      running: d.running,
      readOnly: false,
      session: d.config.baseUrl ? await this.sessionOf(d.id, d.config) : undefined,
    };
  }

  private async summarize(c: StoredConnection): Promise<ConnectionSummary> {
    const secrets: SecretStatus[] = await this.deps.vault.statusAll(c.id);
    const mainKind = MAIN_SECRET[c.config.auth.scheme];
    const main = secrets.find((s) => s.kind === mainKind && s.present);
    return {
      id: c.id,
      name: c.config.name,
      kind: c.config.kind,
      environment: c.config.environment,
      baseUrl: c.config.baseUrl,
      authScheme: c.config.auth.scheme,
      secret: main ? { present: true, fingerprint: main.fingerprint } : { present: false },
      secrets,
      demo: false,
      readOnly: c.config.readOnly,
      config: c.config,
      session: await this.sessionOf(c.id, c.config),
    };
  }

  async summary(id: string): Promise<ConnectionSummary> {
    const d = this.demo(id);
    return d ? this.summarizeDemo(d) : this.summarize(await this.deps.store.require(id));
  }

  normalize(config: ConnectionConfig): ConnectionConfig {
    const checked = validateConnectionConfig(ConnectionConfigSchema.parse(config));
    if (checked.kind === 'sentinelone' && !checked.rateLimits) {
      return { ...checked, rateLimits: SENTINELONE_DEFAULT_RATE_LIMITS };
    }
    return checked;
  }

  async create(config: ConnectionConfig): Promise<ConnectionSummary> {
    return this.summarize(await this.deps.store.create(this.normalize(config)));
  }

  async update(id: string, config: ConnectionConfig): Promise<ConnectionSummary> {
    if (this.demo(id))
      throw new AppError('invalid_connection', 'The built-in demo connections cannot be edited.');
    const next = this.normalize(config);
    const before = await this.deps.store.require(id);
    this.deps.oauth.invalidate(id);
    if (before.config.baseUrl !== next.baseUrl || before.config.auth.scheme !== next.auth.scheme) {
      // A session or token belongs to the origin it was issued by.
      await this.deps.ssx.forget(id);
    }
    return this.summarize(await this.deps.store.update(id, next));
  }

  async duplicate(id: string): Promise<ConnectionSummary> {
    const demo = this.demo(id);
    if (demo) return this.duplicateDemo(demo);
    const source = await this.deps.store.require(id);
    const copy = await this.deps.store.create({
      ...source.config,
      name: `${source.config.name} (copy)`,
    });
    for (const s of await this.deps.vault.statusAll(id)) {
      if (!s.present || s.kind === 'session') continue;
      const value = await this.deps.vault.get({ connectionId: id, kind: s.kind });
      if (value)
        await this.deps.vault.set(
          { connectionId: copy.id, kind: s.kind },
          value,
          s.storage ?? 'keychain',
        );
    }
    return this.summarize(copy);
  }

  /**
   * A demo connection becomes an ordinary one on the running tenant's address,
   * so the operator can try editing, read-only or production safety on it.
   */
  private async duplicateDemo(demo: DemoConnection): Promise<ConnectionSummary> {
    if (!demo.config.baseUrl) {
      throw new AppError(
        'demo_not_running',
        `Start "${demo.name}" first: the copy needs the demo tenant's address.`,
      );
    }
    const copy = await this.deps.store.create(
      this.normalize({ ...demo.config, name: `${demo.name} (copy)`, environment: 'sandbox' }),
    );
    if (demo.token) {
      await this.deps.vault.set(
        { connectionId: copy.id, kind: MAIN_SECRET[demo.config.auth.scheme]! },
        demo.token,
        'keychain',
      );
    }
    return this.summarize(copy);
  }

  /**
   * Deletes the connection and its secrets. If the keychain is locked the
   * connection still goes, and its keychain entries are removed the next time
   * the keychain answers (the connections file remembers which).
   */
  async delete(
    id: string,
  ): Promise<{ deleted: boolean; secretsDeleted: number; secretsPending: number }> {
    if (this.demo(id))
      throw new AppError('invalid_connection', 'The built-in demo connections cannot be deleted.');
    await this.deps.store.require(id);
    await this.deps.ssx.forget(id);
    this.deps.oauth.invalidate(id);
    let secretsDeleted = 0;
    let secretsPending = false;
    try {
      secretsDeleted = await this.deps.vault.deleteAll(id);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'keychain_unavailable')) throw err;
      secretsPending = true;
    }
    const deleted = await this.deps.store.delete(id, { secretsPending });
    return { deleted, secretsDeleted, secretsPending: secretsPending ? 1 : 0 };
  }

  /** Finishes deletions the keychain refused earlier; quiet while it is still unreachable. */
  async retryPendingSecretDeletes(): Promise<number> {
    let done = 0;
    for (const id of await this.deps.store.pendingSecretDeletes()) {
      try {
        await this.deps.vault.deleteAll(id);
      } catch (err) {
        if (err instanceof AppError && err.code === 'keychain_unavailable') return done;
        throw err;
      }
      await this.deps.store.clearPendingSecretDelete(id);
      done++;
    }
    return done;
  }

  /** Forgets the cached OAuth access token, so the next request fetches a new one. */
  invalidateOAuth(id: string): void {
    this.deps.oauth.invalidate(id);
  }

  /** Sentinel Secure X with a saved password: the sign-in dialog offers this username with it. */
  async rememberUsername(id: string, username: string): Promise<void> {
    const stored = await this.deps.store.get(id);
    if (!stored || stored.config.auth.username === username) return;
    await this.deps.store.update(id, {
      ...stored.config,
      auth: { ...stored.config.auth, username },
    });
  }

  async configOf(id: string): Promise<ConnectionConfig> {
    const d = this.demo(id);
    if (d) return d.config;
    return (await this.deps.store.require(id)).config;
  }

  async ssxTargetFor(id: string, config?: ConnectionConfig): Promise<SsxTarget> {
    const cfg = config ?? (await this.configOf(id));
    if (cfg.kind !== 'sentinel-secure-x') {
      throw new AppError('invalid_connection', 'This is not a Sentinel Secure X connection.');
    }
    if (!cfg.baseUrl)
      throw new AppError('demo_not_running', 'Start the Sentinel Secure X demo tenant first.');
    const passphrase = await this.secret(id, 'passphrase');
    return {
      connectionId: id,
      baseUrl: cfg.baseUrl,
      transport: await transportFor(cfg, new URL(cfg.baseUrl), passphrase ?? undefined),
      timeoutMs: cfg.timeoutMs,
    };
  }

  private async secret(id: string, kind: SecretKindName): Promise<string | null> {
    if (this.demo(id)) return null;
    return this.deps.vault.get({ connectionId: id, kind });
  }

  /** The connection with its credential headers, for a request to `url`. */
  async resolve(id: string, url?: URL): Promise<ResolvedConnection> {
    const d = this.demo(id);
    const config = await this.configOf(id);
    const summary = await this.summary(id);
    if (!config.baseUrl) {
      throw new AppError(
        'demo_not_running',
        'The demo tenant has not been started yet. Start it from the connection bar, then send again.',
      );
    }
    const origin = new URL(config.baseUrl).origin;
    const target = url ?? new URL(config.baseUrl);
    const passphrase = await this.secret(id, 'passphrase');
    const transport = await transportFor(config, target, passphrase ?? undefined);
    const placeholder = placeholderFor(config.kind, config.auth.scheme, target.pathname);
    const resolved: ResolvedConnection = {
      summary,
      config,
      placeholders: placeholder ? [placeholder] : [],
      transport,
      timeoutMs: config.timeoutMs,
    };
    // Credentials are only looked up (and OAuth tokens only fetched) for the connection's own origin.
    if (target.origin !== origin) return resolved;
    const headers = await this.credentialHeaders(id, config, d, transport, target);
    if (headers) resolved.credentials = { origin, headers };
    return resolved;
  }

  private async credentialHeaders(
    id: string,
    config: ConnectionConfig,
    demo: DemoConnection | undefined,
    transport: TransportOptions,
    target: URL,
  ): Promise<Array<[string, string]> | undefined> {
    const scheme = config.auth.scheme;
    if (scheme === 'none') return undefined;
    if (scheme === 'SsxSession') {
      const state = await this.deps.ssx.current(await this.ssxTargetFor(id, config));
      if (!state) throw authRequired();
      return [['Authorization', `Bearer ${state.token}`]];
    }
    const kind = MAIN_SECRET[scheme]!;
    const value = demo?.token ?? (await this.secret(id, kind));
    if (!value) {
      throw new AppError(
        'secret_missing',
        `"${config.name}" has no ${kind === 'token' ? 'API token' : kind.replace('-', ' ')} yet. Add it in the connection's settings (it is kept in the OS keychain).`,
      );
    }
    this.learnSecret(value, config, kind);
    switch (scheme) {
      case 'ApiToken':
        // One SentinelOne token serves REST and GraphQL; GraphQL clients send it as a Bearer.
        if (config.kind === 'sentinelone' && isGraphqlPath(target.pathname)) {
          return [['Authorization', `Bearer ${value}`]];
        }
        return [['Authorization', `ApiToken ${value}`]];
      case 'Bearer':
        return [['Authorization', `Bearer ${value}`]];
      case 'Basic':
        return [
          [
            'Authorization',
            `Basic ${Buffer.from(`${config.auth.username}:${value}`).toString('base64')}`,
          ],
        ];
      case 'OAuth2ClientCredentials': {
        const token = await this.deps.oauth.accessToken(id, config, value, transport);
        this.deps.redactor.add(token, '$OAUTH_ACCESS_TOKEN');
        return [['Authorization', `Bearer ${token}`]];
      }
    }
  }
}
