/**
 * The one allowlist for URLs the console may hand to the system browser.
 *
 * Both transports use it: the Electron shell before `shell.openExternal` (for the
 * `app:open-external` channel, `window.open` and link clicks) and the browser host.
 * `shell.openExternal` passes the URL to the OS, which happily runs `file:`, `smb:` or
 * custom-protocol handlers, so a compromised renderer must not be able to pick the URL
 * freely. Pure and electron-free so it is tested in plain Node.
 */

/**
 * Hosts we open over https. `*.` entries match any subdomain (not the bare domain,
 * which is listed separately where wanted).
 */
export const externalLinkHosts: readonly string[] = Object.freeze([
  // SentinelOne management consoles live on <tenant>.sentinelone.net.
  '*.sentinelone.net',
  'status.sentinelone.net',
  'sentinelone.com',
  '*.sentinelone.com',
  'github.com',
  'developer.mozilla.org',
  'electronjs.org',
]);

/**
 * Hosts for which plain http is fine: the demo tenants and the browser host listen on
 * loopback only, and their traffic never leaves the machine.
 */
export const loopbackHosts: readonly string[] = Object.freeze(['127.0.0.1', 'localhost', '[::1]']);

export const maxExternalUrlLength = 2048;

function hostMatches(hostname: string, pattern: string): boolean {
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1); // '.sentinelone.net'
    return hostname.length > suffix.length && hostname.endsWith(suffix);
  }
  return hostname === pattern;
}

/** True when `url` may be opened in the system browser. */
export function isAllowedExternalUrl(url: string): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > maxExternalUrlLength) {
    return false;
  }
  // The URL parser silently drops tabs and newlines and trims spaces, so
  // `https://git\nhub.com` would become github.com; refuse anything that needs cleaning.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(url)) return false;

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // user:pass@host is a classic way to make a link look like it goes somewhere else.
  if (parsed.username !== '' || parsed.password !== '') return false;

  const hostname = parsed.hostname.toLowerCase();
  if (loopbackHosts.includes(hostname)) {
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  }
  if (parsed.protocol !== 'https:') return false;
  // Public sites we link to are served on 443; an odd port is more likely a trick.
  if (parsed.port !== '') return false;
  return externalLinkHosts.some((pattern) => hostMatches(hostname, pattern));
}
