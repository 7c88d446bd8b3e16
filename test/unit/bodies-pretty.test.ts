import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonSyntaxError } from '../../main/core/bodies/json-scanner';
import {
  buildPrettyLineIndex,
  PrettyLineIndex,
  readPrettyLines,
} from '../../main/core/bodies/pretty-index';
import { INDEX_STRIDE } from '../../main/core/bodies/sparse-index';
import { SeededRandom } from '../../main/demo/sentinelone/prng';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc-pretty-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Strings that need every kind of escape JSON.stringify writes, and some it does not.
const STRINGS = [
  '',
  'plain',
  'quote " and backslash \\',
  'tab\tnewline\ncr\rformfeed\fbackspace\b',
  'control \u0001\u001f and del \u007f',
  'é ü 東京 😀 مرحبا',
  'lone surrogates \ud800 and \udfff',
  'line separator \u2028 and \u2029',
  'slash / stays',
];

/** A random JSON value: nested arrays and objects, strings with escapes, numbers of every form. */
function value(rng: SeededRandom, depth: number): unknown {
  const roll = rng.int(0, depth > 5 ? 5 : 8);
  switch (roll) {
    case 0:
      return rng.pick(STRINGS) + (rng.chance(0.3) ? rng.hex(rng.int(1, 40)) : '');
    case 1:
      return rng.pick([0, -0.5, 1e21, 1.5e-7, 123456789, -42, 3.14159, 2 ** 53]);
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4:
      return rng.int(-1000, 1000);
    case 5:
      return rng.pick(STRINGS);
    case 6:
    case 7:
      return Array.from({ length: rng.int(0, 6) }, () => value(rng, depth + 1));
    default: {
      const obj: Record<string, unknown> = {};
      // Keys that are not array indexes: JSON.stringify would move those first.
      for (let i = rng.int(0, 6); i > 0; i--) {
        obj[`${rng.pick(STRINGS)}k${i}`] = value(rng, depth + 1);
      }
      return obj;
    }
  }
}

/** The same value written with random whitespace between tokens (still valid JSON). */
function spaced(rng: SeededRandom, v: unknown): string {
  const ws = () => rng.pick(['', ' ', '\n', '\t', '\r\n  ']);
  if (Array.isArray(v))
    return `[${ws()}${v.map((x) => spaced(rng, x)).join(`${ws()},${ws()}`)}${ws()}]`;
  if (v !== null && typeof v === 'object') {
    const parts = Object.entries(v).map(
      ([k, x]) => `${JSON.stringify(k)}${ws()}:${ws()}${spaced(rng, x)}`,
    );
    return `{${ws()}${parts.join(`${ws()},${ws()}`)}${ws()}}`;
  }
  return JSON.stringify(v);
}

async function prettyOf(text: string, chunkBytes?: number) {
  const path = join(dir, `doc-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, text);
  const index = new PrettyLineIndex();
  await buildPrettyLineIndex(path, index, { chunkBytes });
  return { path, index };
}

describe('pretty lines', () => {
  it('equal JSON.stringify(JSON.parse(x), null, 2) for generated documents, read in any chunking', async () => {
    const rng = new SeededRandom(20261101);
    for (let round = 0; round < 60; round++) {
      const doc = value(rng, 0);
      const text = round % 2 === 0 ? JSON.stringify(doc) : spaced(rng, doc);
      const expected = JSON.stringify(JSON.parse(text), null, 2).split('\n');
      const chunkBytes = rng.pick([1, 3, 7, 64, 4096]);
      const { path, index } = await prettyOf(text, chunkBytes);
      expect(index.lines, text.slice(0, 200)).toBe(expected.length);
      const all = await readPrettyLines(path, index, 0, 100_000, 100_000, chunkBytes);
      expect(all.lines).toEqual(expected);
      expect(all.eof).toBe(true);
    }
  });

  it('serves any window from the index, also past many saved line starts', async () => {
    const rng = new SeededRandom(7);
    const doc = {
      data: Array.from({ length: 400 }, (_, i) => ({
        id: String(i),
        nested: { list: [i, [], {}, [i, { deep: STRINGS[i % STRINGS.length] }]] },
        note: rng.hex(12),
      })),
      pagination: { nextCursor: null, totalItems: 400 },
    };
    const expected = JSON.stringify(doc, null, 2).split('\n');
    const { path, index } = await prettyOf(JSON.stringify(doc), 997);
    expect(index.lines).toBe(expected.length);
    expect(index.offsets.length).toBe(Math.ceil(expected.length / INDEX_STRIDE));
    for (let i = 0; i < 40; i++) {
      const from = rng.int(0, expected.length - 1);
      const count = rng.int(1, 700);
      const window = await readPrettyLines(path, index, from, count, 10_000, rng.pick([61, 4096]));
      expect(window.lines).toEqual(expected.slice(from, from + count));
      expect(window.eof).toBe(from + count >= expected.length);
    }
    const past = await readPrettyLines(path, index, expected.length + 5, 10, 10_000);
    expect(past).toMatchObject({ lines: [], eof: true });
  });

  it('renders the first screen without waiting for an index', async () => {
    const doc = { a: [1, 2, { b: 'c' }] };
    const { path } = await prettyOf(JSON.stringify(doc));
    const window = await readPrettyLines(path, new PrettyLineIndex(), 0, 4, 100);
    expect(window.lines).toEqual(JSON.stringify(doc, null, 2).split('\n').slice(0, 4));
    expect(window.eof).toBe(false);
  });

  it('cuts long lines at maxLineChars and lists them', async () => {
    const long = 'x'.repeat(5000);
    const { path, index } = await prettyOf(JSON.stringify({ a: long, b: 1 }), 100);
    const window = await readPrettyLines(path, index, 0, 10, 200);
    expect(window.lines[1]).toBe(`  "a": "${long}`.slice(0, 200));
    expect(window.truncated).toEqual([1]);
    expect(window.lines[2]).toBe('  "b": 1');
  });

  it('keeps numbers as written (no rounding of large integers) and skips a byte order mark', async () => {
    const { path, index } = await prettyOf('\uFEFF[12345678901234567890, 1.0, -0]');
    const window = await readPrettyLines(path, index, 0, 10, 100);
    expect(window.lines).toEqual(['[', '  12345678901234567890,', '  1.0,', '  -0', ']']);
  });

  it.each([
    ['{"a":1,}', 7],
    ['[1 2]', 3],
    ['{"a"}', 4],
    ['01', 0],
    ['[', 1],
    ['"\t"', 1],
    ['{"a":1}x', 7],
    ['[1e]', 1],
    ['', 0],
  ])('refuses %j with the offset of the problem', async (text, offset) => {
    const path = join(dir, 'bad.json');
    await writeFile(path, text);
    const index = new PrettyLineIndex();
    const failure = await buildPrettyLineIndex(path, index).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(JsonSyntaxError);
    expect((failure as JsonSyntaxError).offset).toBe(offset);
    expect(index.failure).toBe(failure);
    expect(() => JSON.parse(text)).toThrow();
  });
});
