/**
 * Credential scrubbing for what history keeps and exports, on top of the redactor (which
 * replaces the secrets main knows). These rules catch credentials main never saw: a token
 * the operator typed into a header, a cookie a server set, a password in a login body.
 * Values become `$REDACTED`; names, schemes and cookie attributes stay, so an entry still
 * shows what was sent. A value that is only `{{variable}}` references is kept: it names a
 * variable, it is not one.
 */

export const REDACTED = '$REDACTED';

const CREDENTIAL_HEADER_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'set-cookie2',
]);
/** `X-Api-Key`, `X-Auth-Token`, `X-Amz-Security-Token`, `X-Session-Id`, `Client-Secret`… */
const CREDENTIAL_HEADER_WORDS = /(token|secret|passw(or)?d|api-?key|apikey|session|credential)/i;
/** Query parameters that carry a credential by name (`?api_key=…`, `?access_token=…`). */
const CREDENTIAL_QUERY_NAMES =
  /^(api[-_]?key|apikey|api[-_]?token|apitoken|access[-_]?token|auth[-_]?token|token|password|passwd|pwd|secret|client[-_]?secret|signature|sig)$/i;
/** JSON keys whose string values are credentials (`"password": "…"`, `"token": "…"`). */
const CREDENTIAL_JSON_KEYS =
  '(?:password|passwd|secret|client_?secret|clientSecret|api_?token|apiToken|api_?key|apiKey|access_?token|accessToken|refresh_?token|refreshToken|id_?token|idToken|session_?token|sessionToken|token|jwt)';
const JSON_SECRET_VALUE = new RegExp(
  `("${CREDENTIAL_JSON_KEYS}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`,
  'gi',
);
const ONLY_VARIABLES = /^\s*([A-Za-z][\w-]*\s+)?(\{\{[^{}]+\}\}\s*)+$/;

export function isCredentialHeader(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return CREDENTIAL_HEADER_NAMES.has(lower) || CREDENTIAL_HEADER_WORDS.test(lower);
}

export function isCredentialQueryName(name: string): boolean {
  return CREDENTIAL_QUERY_NAMES.test(name.trim());
}

function scrubCookiePairs(value: string, onlyFirst: boolean): string {
  const parts = value.split(';');
  return parts
    .map((part, i) => {
      if (onlyFirst && i > 0) return part; // Set-Cookie attributes: Path, Expires, HttpOnly…
      const eq = part.indexOf('=');
      return eq === -1 ? part : `${part.slice(0, eq)}=${REDACTED}`;
    })
    .join(';');
}

/** The value history keeps for a header: credential values replaced, the rest as is. */
export function scrubHeaderValue(name: string, value: string): string {
  if (!isCredentialHeader(name) || value === '' || ONLY_VARIABLES.test(value)) return value;
  const lower = name.trim().toLowerCase();
  if (lower === 'cookie') return scrubCookiePairs(value, false);
  if (lower === 'set-cookie' || lower === 'set-cookie2') return scrubCookiePairs(value, true);
  // Keep the scheme (`Bearer`, `ApiToken`, `Basic`): it tells which kind of credential it was.
  const scheme = /^([A-Za-z][\w-]*)\s+\S/.exec(value.trim());
  return scheme && lower.includes('authorization') ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

export function scrubHeaderPairs(headers: ReadonlyArray<readonly [string, string]>) {
  return headers.map(([n, v]) => [n, scrubHeaderValue(n, v)] as [string, string]);
}

export function scrubQueryValue(name: string, value: string): string {
  if (!isCredentialQueryName(name) || value === '' || ONLY_VARIABLES.test(value)) return value;
  return REDACTED;
}

/** The URL with credential-named query values replaced; left as is when it does not parse. */
export function scrubUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) {
    parsed.username = parsed.username ? REDACTED : '';
    parsed.password = parsed.password ? REDACTED : '';
  }
  let changed = parsed.username !== '' || parsed.password !== '';
  const params = [...parsed.searchParams];
  const scrubbed = params.map(([n, v]) => [n, scrubQueryValue(n, v)] as [string, string]);
  if (scrubbed.some(([, v], i) => v !== params[i]![1])) {
    parsed.search = readable(new URLSearchParams(scrubbed).toString());
    changed = true;
  }
  return changed ? parsed.href : url;
}

/** `$` is allowed in a query; `%24REDACTED` would only be harder to read. */
export function readable(query: string): string {
  return query.replaceAll('%24REDACTED', '$REDACTED');
}

/** String values of credential-named JSON keys replaced, formatting kept (text, not a parse). */
export function scrubJsonSecrets(text: string): string {
  if (!/"/.test(text)) return text;
  return text.replace(JSON_SECRET_VALUE, (_m, key: string) => `${key}"${REDACTED}"`);
}
