import type { KeyValue } from '../../../preload/contract';
import { AppError } from '../errors';

const ALLOWED_SCHEMES = new Set(['http:', 'https:']);

/**
 * Resolves what the operator typed against the connection's base URL.
 *
 * Paths are relative to the base (the SentinelOne docs write `/threats` for
 * `<base>/threats`), so a leading slash does not climb to the host root; a path
 * that already repeats the base path is not doubled; an absolute http(s) URL is
 * taken as is (origin-bound credentials decide whether auth goes with it).
 */
export function resolveRequestUrl(
  baseUrl: string,
  path: string,
  query: readonly KeyValue[] = [],
): URL {
  const typed = path.trim();
  if (/[\r\n\t]/.test(typed)) {
    throw new AppError(
      'invalid_url',
      'The path contains a line break or tab; remove it and send again.',
    );
  }
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(typed)) {
    try {
      url = new URL(typed);
    } catch {
      throw new AppError(
        'invalid_url',
        `"${typed.slice(0, 200)}" is not a valid URL. Check the spelling.`,
      );
    }
  } else {
    let base: URL;
    try {
      base = new URL(baseUrl);
    } catch {
      throw new AppError(
        'invalid_url',
        `The connection's base URL "${baseUrl.slice(0, 200)}" is not a valid URL. Edit the connection.`,
      );
    }
    const basePath = base.pathname.replace(/\/+$/, '');
    let rel = typed.replace(/^\/+/, '');
    if (basePath && ('/' + rel).startsWith(basePath + '/'))
      rel = ('/' + rel).slice(basePath.length + 1);
    if ('/' + rel === basePath) rel = '';
    try {
      url = new URL(rel, `${base.origin}${basePath}/`);
    } catch {
      throw new AppError(
        'invalid_url',
        `"${typed.slice(0, 200)}" cannot be combined with the base URL.`,
      );
    }
  }
  if (!ALLOWED_SCHEMES.has(url.protocol)) {
    throw new AppError(
      'invalid_url',
      `Only http and https URLs can be sent (got "${url.protocol.replace(':', '')}").`,
    );
  }
  if (url.username || url.password) {
    throw new AppError(
      'invalid_url',
      'Put credentials in the connection (they are kept in the keychain), not in the URL.',
    );
  }
  if (!url.hostname) throw new AppError('invalid_url', 'The URL has no host name.');
  for (const row of query) {
    if (!row.enabled || row.name === '') continue;
    url.searchParams.append(row.name, row.value);
  }
  return url;
}

export function originOf(url: URL | string): string {
  return (typeof url === 'string' ? new URL(url) : url).origin;
}
