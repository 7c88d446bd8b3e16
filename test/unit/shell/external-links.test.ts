import { describe, expect, it } from 'vitest';
import {
  externalLinkHosts,
  isAllowedExternalUrl,
  maxExternalUrlLength,
} from '../../../main/core/security/external-links';

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://usea1-acme.sentinelone.net/web/threats', true],
    ['https://status.sentinelone.net/', true],
    ['https://sentinelone.com/', true],
    ['https://www.sentinelone.com/platform', true],
    ['https://github.com/electron/electron/issues', true],
    ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/429', true],
    ['https://electronjs.org/docs/latest/tutorial/security', true],
    ['https://GitHub.com/', true],
    ['http://127.0.0.1:43123/web/api/v2.1/threats', true],
    ['http://localhost:5173/', true],
    ['http://[::1]:8080/', true],
    ['https://127.0.0.1:8443/', true],
  ])('allows %s', (url, expected) => {
    expect(isAllowedExternalUrl(url)).toBe(expected);
  });

  it.each([
    // Plain http to a real host would leak the URL (tokens in query strings) on the wire.
    ['http://github.com/', 'http to a public host'],
    ['http://usea1-acme.sentinelone.net/', 'http to a tenant'],
    ['https://evil.example.com/', 'host not on the list'],
    ['https://sentinelone.net/', 'bare domain where only subdomains are listed'],
    ['https://github.com.evil.example/', 'allowed name as a prefix'],
    ['https://evilgithub.com/', 'allowed name as a suffix without a dot'],
    ['https://notsentinelone.net/', 'wildcard without the dot boundary'],
    ['https://github.com./', 'trailing-dot host'],
    ['https://github.com:8443/', 'odd port on a public host'],
    ['https://user:pw@github.com/', 'credentials'],
    ['https://github.com@evil.example/', 'userinfo trick'],
    ['file:///etc/passwd', 'file:'],
    ['javascript:alert(1)', 'javascript:'],
    ['smb://fileserver/share', 'smb:'],
    ['ms-msdt:/id PCWDiagnostic', 'Windows protocol handler'],
    ['data:text/html,<script>alert(1)</script>', 'data:'],
    ['vscode://file/etc/passwd', 'custom app scheme'],
    ['app://renderer/index.html', 'our own scheme'],
    ['https://git\nhub.com/', 'control characters the parser would strip'],
    [' https://github.com/', 'leading space'],
    ['https://github.com\\@evil.example/', 'backslash'],
    ['not a url', 'garbage'],
    ['', 'empty'],
    [`https://github.com/${'a'.repeat(maxExternalUrlLength)}`, 'too long'],
  ])('refuses %s (%s)', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('accepts a URL of exactly the maximum length', () => {
    const base = 'https://github.com/';
    const url = base + 'a'.repeat(maxExternalUrlLength - base.length);
    expect(url).toHaveLength(2048);
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it('exports the host list as data', () => {
    expect(externalLinkHosts).toContain('*.sentinelone.net');
    expect(externalLinkHosts).toContain('github.com');
    expect(Object.isFrozen(externalLinkHosts)).toBe(true);
  });
});
