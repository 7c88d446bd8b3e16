import type { ConnectionConfig } from '../../../preload/contract';
import { AppError } from '../errors';
import type { HttpEngine } from '../http/engine';
import { callJson, serverMessage } from '../http/call-json';
import type { TransportOptions } from '../http/transport-options';

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/**
 * OAuth 2.0 client credentials: the access token is fetched by main and cached
 * in memory until shortly before it expires; it is never stored or shown.
 */
export class OAuthTokenCache {
  private readonly cache = new Map<string, CachedToken>();

  constructor(
    private readonly engine: HttpEngine,
    private readonly now: () => number = Date.now,
  ) {}

  invalidate(connectionId: string): void {
    this.cache.delete(connectionId);
  }

  async accessToken(
    connectionId: string,
    config: ConnectionConfig,
    clientSecret: string,
    transport: TransportOptions,
  ): Promise<string> {
    const cached = this.cache.get(connectionId);
    if (cached && cached.expiresAt - 30_000 > this.now()) return cached.accessToken;
    const tokenUrl = new URL(config.auth.tokenUrl ?? '');
    const form: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: config.auth.clientId ?? '',
      client_secret: clientSecret,
    };
    if (config.auth.scope) form.scope = config.auth.scope;
    const answer = await callJson(this.engine, { method: 'POST', url: tokenUrl, form, transport });
    const body = answer.json as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (answer.status < 200 || answer.status >= 300 || typeof body?.access_token !== 'string') {
      throw new AppError(
        'auth_failed',
        `The token endpoint ${tokenUrl.host} did not issue an access token (HTTP ${answer.status}${
          serverMessage(answer.json) ? `: ${serverMessage(answer.json)}` : ''
        }). Check the client id, the client secret and the scope.`,
        { status: answer.status },
      );
    }
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 300;
    this.cache.set(connectionId, {
      accessToken: body.access_token,
      expiresAt: this.now() + lifetime * 1000,
    });
    return body.access_token;
  }
}
