import { describe, expect, it } from 'vitest';
import { resolveRequestUrl } from '../../main/core/http/url';
import { AppError } from '../../main/core/errors';

const BASE = 'https://acme.sentinelone.net/web/api/v2.1';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'not-app-error';
  }
  return undefined;
}

describe('resolveRequestUrl', () => {
  it.each([
    ['threats', `${BASE}/threats`],
    ['/threats', `${BASE}/threats`],
    ['threats?limit=10&resolved=false', `${BASE}/threats?limit=10&resolved=false`],
    ['/web/api/v2.1/agents', `${BASE}/agents`],
    ['threats/mitigate/quarantine', `${BASE}/threats/mitigate/quarantine`],
    ['', `${BASE}/`],
  ])('resolves %j against the base path', (path, expected) => {
    expect(resolveRequestUrl(BASE, path).href).toBe(expected);
  });

  it('keeps a base URL with a trailing slash equivalent', () => {
    expect(resolveRequestUrl(`${BASE}/`, 'sites').href).toBe(`${BASE}/sites`);
  });

  it('takes absolute http(s) URLs as they are', () => {
    expect(resolveRequestUrl(BASE, 'http://127.0.0.1:9/x?a=1').href).toBe(
      'http://127.0.0.1:9/x?a=1',
    );
  });

  it('appends enabled query rows after the typed query and encodes them', () => {
    const url = resolveRequestUrl(BASE, 'threats?limit=5', [
      { name: 'siteIds', value: '1,2', enabled: true },
      { name: 'skipped', value: 'x', enabled: false },
      { name: 'computerName__like', value: 'ws 01&', enabled: true },
    ]);
    expect(url.search).toBe('?limit=5&siteIds=1%2C2&computerName__like=ws+01%26');
  });

  it.each([
    ['file:///etc/passwd'],
    ['javascript:alert(1)'],
    ['ftp://example.com/'],
    ['https://user:pw@acme.sentinelone.net/x'],
    ['threats\n/agents'],
    ['http://'],
  ])('refuses %j with invalid_url', (path) => {
    expect(codeOf(() => resolveRequestUrl(BASE, path))).toBe('invalid_url');
  });

  it('explains a broken base URL', () => {
    expect(() => resolveRequestUrl('not a url', 'threats')).toThrow(/base URL/);
  });
});
