import { describe, expect, it } from 'vitest';
import { findReferences, substitute } from '../../main/core/variables/template';
import { referencesIn, substituteSpec } from '../../main/core/variables/spec-templates';

const values: Record<string, string> = { a: 'A', limit: '5', 'site.id': '42', nested: '{{a}}' };
const valueOf = (n: string) => values[n];

describe('{{name}} templates', () => {
  it('finds references with their offsets, spaces allowed inside the braces', () => {
    expect(findReferences('x{{a}}y{{ limit }}z{{\tsite.id\t}}')).toEqual([
      { name: 'a', offset: 1, length: 5 },
      { name: 'limit', offset: 7, length: 11 },
      { name: 'site.id', offset: 19, length: 13 },
    ]);
  });

  it('substitutes and leaves unknown names as typed', () => {
    expect(substitute('/sites/{{site.id}}?limit={{ limit }}&x={{missing}}', valueOf)).toBe(
      '/sites/42?limit=5&x={{missing}}',
    );
  });

  it('accepts the documented name alphabet and nothing else', () => {
    expect(findReferences('{{_a-b.c9}}').map((r) => r.name)).toEqual(['_a-b.c9']);
    for (const text of [
      '{{9a}}',
      '{{a b}}',
      '{{$guid}}',
      '{{}}',
      '{{a!}}',
      `{{${'a'.repeat(101)}}}`,
    ]) {
      expect(findReferences(text)).toEqual([]);
      expect(substitute(text, () => 'X')).toBe(text);
    }
    expect(findReferences(`{{${'a'.repeat(100)}}}`)).toHaveLength(1);
  });

  it('\\{{ escapes: the backslash goes, the braces stay literal', () => {
    expect(substitute('\\{{a}} and {{a}}', valueOf)).toBe('{{a}} and A');
    expect(findReferences('\\{{a}}')).toEqual([]);
    expect(substitute('a \\{{ b', valueOf)).toBe('a {{ b');
  });

  it('finds a reference inside extra braces (JSON around it)', () => {
    expect(substitute('{"n":{{limit}}}', valueOf)).toBe('{"n":5}');
    expect(substitute('{{{a}}}', valueOf)).toBe('{A}');
  });

  it('never resolves a value again (no recursion)', () => {
    expect(substitute('{{nested}}', valueOf)).toBe('{{a}}');
  });

  it('leaves text without references untouched, escapes included only when {{ follows', () => {
    expect(substitute('plain \\ text {', valueOf)).toBe('plain \\ text {');
  });
});

describe('references in a request spec', () => {
  const spec = {
    path: 'sites/{{site.id}}',
    query: [
      { name: 'limit', value: '{{limit}}', enabled: true },
      { name: 'off', value: '{{missing}}', enabled: false },
      { name: '{{a}}', value: 'x{{a}}', enabled: true },
    ],
    headers: [{ name: 'X-A', value: 'Bearer {{ a }}', enabled: true }],
    body: { kind: 'json' as const, text: '{"a":"{{a}}"}' },
  };

  it('reports field, row, part and offset of each; disabled rows are skipped', () => {
    expect(referencesIn(spec)).toEqual([
      { name: 'site.id', field: 'path', offset: 6, length: 11 },
      { name: 'limit', field: 'query', row: 0, part: 'value', offset: 0, length: 9 },
      { name: 'a', field: 'query', row: 2, part: 'name', offset: 0, length: 5 },
      { name: 'a', field: 'query', row: 2, part: 'value', offset: 1, length: 5 },
      { name: 'a', field: 'header', row: 0, part: 'value', offset: 7, length: 7 },
      { name: 'a', field: 'body', offset: 6, length: 5 },
    ]);
  });

  it('substitutes every enabled place and keeps disabled rows as typed', () => {
    const out = substituteSpec(spec, valueOf);
    expect(out.path).toBe('sites/42');
    expect(out.query).toEqual([
      { name: 'limit', value: '5', enabled: true },
      { name: 'off', value: '{{missing}}', enabled: false },
      { name: 'A', value: 'xA', enabled: true },
    ]);
    expect(out.headers[0]!.value).toBe('Bearer A');
    expect(out.body).toEqual({ kind: 'json', text: '{"a":"A"}' });
  });

  it('covers form fields and text bodies', () => {
    const form = {
      ...spec,
      path: 'x',
      query: [],
      headers: [],
      body: { kind: 'form' as const, fields: [{ name: 'f', value: '{{limit}}', enabled: true }] },
    };
    expect(referencesIn(form)).toEqual([
      { name: 'limit', field: 'body', row: 0, part: 'value', offset: 0, length: 9 },
    ]);
    expect(substituteSpec(form, valueOf).body).toEqual({
      kind: 'form',
      fields: [{ name: 'f', value: '5', enabled: true }],
    });
    const text = { ...form, body: { kind: 'text' as const, text: 'n={{ limit }}' } };
    expect(substituteSpec(text, valueOf).body).toEqual({ kind: 'text', text: 'n=5' });
  });
});
