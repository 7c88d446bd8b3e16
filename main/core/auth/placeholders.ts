import type { AuthScheme, ConnectionKind } from '../../../preload/contract';

/** A credential header shown as a shell variable the operator exports before running the command. */
export interface PlaceholderHeader {
  name: string;
  /** e.g. `ApiToken $S1_API_TOKEN` */
  value: string;
  variable: string;
}

/** `/web/api/v2.1/unifiedalerts/graphql`, `/web/api/v2.1/graphql`, … */
export function isGraphqlPath(pathname: string): boolean {
  return /\/graphql\/?$/.test(pathname);
}

/**
 * The shell variable shown wherever a connection's credential would appear
 * (generated code, cURL, redacted text). One table so every surface agrees.
 * `pathname` matters for SentinelOne, whose GraphQL endpoints take the same
 * token as a Bearer.
 */
export function placeholderFor(
  kind: ConnectionKind,
  scheme: AuthScheme,
  pathname?: string,
): PlaceholderHeader | undefined {
  switch (scheme) {
    case 'ApiToken':
      if (kind === 'sentinelone' && pathname && isGraphqlPath(pathname)) {
        return { name: 'Authorization', value: 'Bearer $S1_API_TOKEN', variable: 'S1_API_TOKEN' };
      }
      return kind === 'sentinelone'
        ? { name: 'Authorization', value: 'ApiToken $S1_API_TOKEN', variable: 'S1_API_TOKEN' }
        : { name: 'Authorization', value: 'ApiToken $API_TOKEN', variable: 'API_TOKEN' };
    case 'Bearer':
      return kind === 'sentinelone'
        ? { name: 'Authorization', value: 'Bearer $S1_API_TOKEN', variable: 'S1_API_TOKEN' }
        : { name: 'Authorization', value: 'Bearer $API_TOKEN', variable: 'API_TOKEN' };
    case 'Basic':
      return { name: 'Authorization', value: 'Basic $API_BASIC_AUTH', variable: 'API_BASIC_AUTH' };
    case 'OAuth2ClientCredentials':
      return {
        name: 'Authorization',
        value: 'Bearer $OAUTH_ACCESS_TOKEN',
        variable: 'OAUTH_ACCESS_TOKEN',
      };
    case 'SsxSession':
      return { name: 'Authorization', value: 'Bearer $SSX_SESSION', variable: 'SSX_SESSION' };
    case 'none':
      return undefined;
  }
}

/** The text a secret of this scheme becomes when redacted. */
export function redactionLabel(
  kind: ConnectionKind,
  scheme: AuthScheme,
  secretKind: string,
): string {
  if (secretKind === 'password') return '$PASSWORD';
  if (secretKind === 'client-secret') return '$OAUTH_CLIENT_SECRET';
  if (secretKind === 'passphrase') return '$TLS_PASSPHRASE';
  const p = placeholderFor(kind, scheme);
  return p ? `$${p.variable}` : '$SECRET';
}
