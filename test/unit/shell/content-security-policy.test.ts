import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from '../../../main/window/content-security-policy';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name ?? '', sources];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  it('builds the exact baseline policy', () => {
    expect(buildContentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; " +
        "worker-src 'self' blob:; frame-src 'none'; object-src 'none'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('never allows eval or inline scripts, and denies by default', () => {
    const csp = buildContentSecurityPolicy({ extraConnectSrc: ['ws://127.0.0.1:41234'] });
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('wasm-unsafe-eval');
    const map = directives(csp);
    expect(map.get('default-src')).toEqual(["'none'"]);
    expect(map.get('script-src')).toEqual(["'self'"]);
    expect(map.get('object-src')).toEqual(["'none'"]);
    expect(map.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('adds extra connect-src entries for the browser host', () => {
    const csp = buildContentSecurityPolicy({ extraConnectSrc: ['ws://127.0.0.1:41234'] });
    expect(directives(csp).get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:41234']);
  });

  it.each([
    ["ws://127.0.0.1:1; script-src 'unsafe-eval'"],
    ['ws://127.0.0.1:1 https://evil.example'],
    ["'unsafe-eval'"],
    ['ws://a,b'],
  ])('refuses an entry that would inject more policy: %s', (entry) => {
    expect(() => buildContentSecurityPolicy({ extraConnectSrc: [entry] })).toThrow(/connect-src/);
  });
});
