import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../main/core/security/redact';

describe('redactor: text', () => {
  it('leaves text alone when it knows no secrets', () => {
    const r = createRedactor();
    expect(r.redactText('nothing to see')).toBe('nothing to see');
    expect(r.size).toBe(0);
  });

  it('replaces every occurrence of a secret', () => {
    const r = createRedactor();
    r.add('s3cr3t-token', '«token»');
    expect(r.redactText('Authorization: ApiToken s3cr3t-token; again s3cr3t-token.')).toBe(
      'Authorization: ApiToken «token»; again «token».',
    );
  });

  it('ignores secrets shorter than 4 characters', () => {
    const r = createRedactor();
    r.add('abc', '«x»');
    r.add('', '«x»');
    expect(r.size).toBe(0);
    expect(r.redactText('abc abc')).toBe('abc abc');
  });

  it('treats regular-expression metacharacters in secrets literally', () => {
    const r = createRedactor();
    const nasty = 'a.b*c+d?e^f$g{1}(h)|i[j]\\k/l-m';
    r.add(nasty, '«nasty»');
    r.add('(.*)', '«group»');
    expect(r.redactText(`x ${nasty} y`)).toBe('x «nasty» y');
    expect(r.redactText('aXbYcZd')).toBe('aXbYcZd');
    expect(r.redactText('match (.*) here, not (abc)')).toBe('match «group» here, not (abc)');
  });

  it('replaces the longest secret first when one contains another', () => {
    const r = createRedactor();
    r.add('token', '«short»');
    r.add('token-with-suffix', '«long»');
    expect(r.redactText('a token-with-suffix and a token')).toBe('a «long» and a «short»');
  });

  it('covers the whole span of overlapping secrets, leaving no tail visible', () => {
    const r = createRedactor();
    r.add('abcdef', '«one»');
    r.add('defghi', '«two»');
    expect(r.redactText('xxabcdefghiyy')).toBe('xx«one»yy');
    expect(r.redactText('defghi abcdef')).toBe('«two» «one»');
    r.add('ghijkl', '«three»');
    expect(r.redactText('abcdefghijklm')).toBe('«one»m');
    // Adjacent secrets keep their own placeholders.
    expect(r.redactText('abcdefdefghi')).toBe('«one»«two»');
  });

  it('redacts the URL-encoded forms of a secret', () => {
    const r = createRedactor();
    const secret = 'p@ss w/rd+&=!';
    r.add(secret, '«pw»');
    expect(r.redactText(`?password=${encodeURIComponent(secret)}&x=1`)).toBe('?password=«pw»&x=1');
    expect(r.redactText(new URLSearchParams({ password: secret }).toString())).toBe(
      'password=«pw»',
    );
    const lower = encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    expect(r.redactText(lower)).toBe('«pw»');
    expect(r.redactText(secret)).toBe('«pw»');
  });

  it('redacts Basic credentials in base64 as well as the password itself', () => {
    const r = createRedactor();
    r.addBasic('operator', 'hunter22', '«basic»');
    const header = `Basic ${Buffer.from('operator:hunter22').toString('base64')}`;
    expect(r.redactText(`Authorization: ${header}`)).toBe('Authorization: Basic «basic»');
    expect(r.redactText('password=hunter22')).toBe('password=«basic»');
    // Without padding too.
    const unpadded = Buffer.from('operator:hunter22').toString('base64').replace(/=+$/, '');
    expect(r.redactText(`Basic ${unpadded}`)).toBe('Basic «basic»');
  });

  it('redacts the Basic base64 even when the password alone is too short to redact', () => {
    const r = createRedactor();
    r.addBasic('admin', 'pw1', '«basic»');
    const b64 = Buffer.from('admin:pw1').toString('base64');
    expect(r.redactText(`Basic ${b64} pw1`)).toBe('Basic «basic» pw1');
  });

  it('keeps the first placeholder for a secret added twice', () => {
    const r = createRedactor();
    r.add('same-value', '«first»');
    r.add('same-value', '«second»');
    expect(r.redactText('same-value')).toBe('«first»');
  });

  it('does not re-scan placeholders for secrets', () => {
    const r = createRedactor();
    r.add('secret-one', '[secret-two]');
    r.add('secret-two', '[other]');
    expect(r.redactText('secret-one')).toBe('[secret-two]');
  });

  it('handles non-BMP characters and many secrets quickly', () => {
    const r = createRedactor();
    r.add('🔑key🔑', '«emoji»');
    for (let i = 0; i < 500; i += 1) r.add(`token-${i.toString().padStart(4, '0')}-x`, `«t${i}»`);
    expect(r.redactText('a🔑key🔑b')).toBe('a«emoji»b');
    const big = 'lorem ipsum dolor sit amet '.repeat(40_000) + 'token-0499-x';
    const started = performance.now();
    const out = r.redactText(big);
    expect(out.endsWith('«t499»')).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('redactor: deep values', () => {
  it('redacts string values in nested objects and arrays and returns a copy', () => {
    const r = createRedactor();
    r.add('tok-12345', '«token»');
    const input = {
      headers: { authorization: 'ApiToken tok-12345' },
      list: ['tok-12345', 1, true, null, undefined],
      count: 3,
      nested: { deeper: [{ v: 'x tok-12345 y' }] },
    };
    const out = r.redactDeep(input);
    expect(out).toEqual({
      headers: { authorization: 'ApiToken «token»' },
      list: ['«token»', 1, true, null, undefined],
      count: 3,
      nested: { deeper: [{ v: 'x «token» y' }] },
    });
    expect(input.headers.authorization).toBe('ApiToken tok-12345');
    expect(out).not.toBe(input);
    expect(out.nested).not.toBe(input.nested);
  });

  it('leaves object keys alone (values only)', () => {
    const r = createRedactor();
    r.add('tok-12345', '«token»');
    expect(r.redactDeep({ 'tok-12345': 'tok-12345' })).toEqual({ 'tok-12345': '«token»' });
  });

  it('survives cycles and keeps shared references shared', () => {
    const r = createRedactor();
    r.add('tok-12345', '«token»');
    const shared = { secret: 'tok-12345' };
    const input: Record<string, unknown> = { a: shared, b: shared, list: [] as unknown[] };
    input.self = input;
    (input.list as unknown[]).push(input, shared);
    const out = r.redactDeep(input);
    expect(out.self).toBe(out);
    expect(out.a).toBe(out.b);
    expect((out.a as { secret: string }).secret).toBe('«token»');
    expect((out.list as unknown[])[0]).toBe(out);
    expect(shared.secret).toBe('tok-12345');
  });

  it('redacts errors, maps and sets, and copies dates', () => {
    const r = createRedactor();
    r.add('tok-12345', '«token»');
    const err = Object.assign(new Error('bad token tok-12345'), {
      code: 'auth',
      hint: 'tok-12345',
    });
    const out = r.redactDeep({
      err,
      map: new Map([['k', 'tok-12345']]),
      set: new Set(['tok-12345']),
      when: new Date(0),
    });
    expect(out.err).toMatchObject({
      name: 'Error',
      message: 'bad token «token»',
      code: 'auth',
      hint: '«token»',
    });
    expect(String((out.err as unknown as { stack: string }).stack)).not.toContain('tok-12345');
    expect([...out.map.values()]).toEqual(['«token»']);
    expect([...out.set]).toEqual(['«token»']);
    expect(out.when).toEqual(new Date(0));
  });

  it('passes primitives through and redacts a bare string', () => {
    const r = createRedactor();
    r.add('tok-12345', '«token»');
    expect(r.redactDeep('tok-12345')).toBe('«token»');
    expect(r.redactDeep(42)).toBe(42);
    expect(r.redactDeep(null)).toBeNull();
    expect(r.redactDeep(undefined)).toBeUndefined();
  });
});
