import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFinder, searchPretty, searchRaw } from '../../main/core/bodies/body-search';
import { buildRawLineIndex, RawLineIndex } from '../../main/core/bodies/line-index';
import {
  buildPrettyLineIndex,
  forEachPrettyLine,
  PrettyLineIndex,
} from '../../main/core/bodies/pretty-index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc-search-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rawFile(name: string, text: string) {
  const path = join(dir, name);
  await writeFile(path, text);
  const index = new RawLineIndex();
  await buildRawLineIndex(path, index);
  return { path, index };
}

const q = (query: string, more: Partial<Parameters<typeof createFinder>[0]> = {}) =>
  createFinder({ query, regex: false, caseSensitive: false, maxHits: 200, ...more });

const start = { fromLine: 0, fromColumn: 0, maxHits: 200 };

/** Every occurrence of `needle` in `text` by a plain scan: [line, column, byte offset]. */
function naive(text: string, needle: string): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  text.split('\n').forEach((line, n) => {
    for (let at = line.indexOf(needle); at >= 0; at = line.indexOf(needle, at + needle.length)) {
      out.push([n, at, 0]);
    }
  });
  let from = 0;
  const buf = Buffer.from(text);
  const bytes = Buffer.from(needle);
  for (const hit of out) {
    hit[2] = buf.indexOf(bytes, from);
    from = hit[2] + bytes.length;
  }
  return out;
}

describe('body search', () => {
  it('finds every hit with line, column and byte offset, also across reads', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) =>
      i % 97 === 0 ? `é東 agent-${i} Mitigated then mitigated` : `row ${i} 😀 nothing here`,
    );
    const text = lines.join('\n');
    const { path, index } = await rawFile('many.txt', text);
    const expected = naive(text.toLowerCase(), 'mitigated');
    const found = await searchRaw(path, index, q('MITIGATED'), { ...start, chunkBytes: 4099 });
    expect(found.hits.map((h) => [h.line, h.column, h.offset])).toEqual(expected.slice(0, 200));
    expect(found.hits[0]).toMatchObject({
      length: 9,
      preview: 'é東 agent-0 Mitigated then mitigated',
    });
    expect(found.hits[0]!.preview.slice(found.hits[0]!.previewStart)).toMatch(/^Mitigated/);
    expect(found.next).toEqual({ line: expected[199]![0], column: expected[199]![1] + 9 });

    // Page on from `next` until done: every hit exactly once.
    const all = [...found.hits];
    let next = found.next;
    while (next) {
      const page = await searchRaw(path, index, q('mitigated'), {
        fromLine: next.line,
        fromColumn: next.column,
        maxHits: 200,
      });
      all.push(...page.hits);
      next = page.next;
    }
    expect(all.map((h) => [h.line, h.column, h.offset])).toEqual(expected);
  });

  it('is case sensitive on request and takes regular expressions', async () => {
    const { path, index } = await rawFile('case.txt', 'Alpha alpha\nbeta ALPHA\nid=185123 id=77');
    const sensitive = await searchRaw(path, index, q('alpha', { caseSensitive: true }), start);
    expect(sensitive.hits.map((h) => [h.line, h.column])).toEqual([[0, 6]]);
    const re = await searchRaw(path, index, q('id=(\\d{6})\\b', { regex: true }), start);
    expect(re.hits.map((h) => [h.line, h.column, h.length])).toEqual([[2, 0, 9]]);
    const anchored = await searchRaw(path, index, q('^\\w+', { regex: true }), start);
    expect(anchored.hits.map((h) => h.line)).toEqual([0, 1, 2]);
    expect(() => q('(unclosed', { regex: true })).toThrow(/not a valid regular expression/);
  });

  it('stops a regular expression that backtracks forever, with a clear error', async () => {
    const { path, index } = await rawFile('redos.txt', `${'a'.repeat(5000)}b\n`.repeat(4));
    const started = performance.now();
    await expect(searchRaw(path, index, q('(a+)+$', { regex: true }), start)).rejects.toMatchObject(
      {
        code: 'invalid_input',
        message: expect.stringMatching(/took longer than/),
      },
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('finds matches in a line longer than a search segment, also across the cut', async () => {
    const line = `${'x'.repeat(1024 * 1024 - 3)}NEEDLE${'y'.repeat(2 * 1024 * 1024)}NEEDLE`;
    const { path, index } = await rawFile('long.txt', `${line}\nNEEDLE`);
    const found = await searchRaw(path, index, q('needle'), start);
    expect(found.hits.map((h) => [h.line, h.column, h.offset])).toEqual([
      [0, 1024 * 1024 - 3, 1024 * 1024 - 3],
      [0, 3 * 1024 * 1024 + 3, 3 * 1024 * 1024 + 3],
      [1, 0, line.length + 1],
    ]);
    expect(found.hits[0]!.preview.length).toBeLessThan(200);
  });

  it('numbers hits by pretty line in the pretty view', async () => {
    const doc = {
      data: [
        { id: '1', name: 'Alpha' },
        { id: '2', name: 'alpha beta' },
      ],
    };
    const path = join(dir, 'doc.json');
    await writeFile(path, JSON.stringify(doc));
    const index = new PrettyLineIndex();
    await buildPrettyLineIndex(path, index);
    const lines = JSON.stringify(doc, null, 2).split('\n');
    const found = await searchPretty(
      (from, max, consume) => forEachPrettyLine(path, index, from, max, consume),
      q('alpha'),
      start,
    );
    expect(found.hits.map((h) => [h.line, h.column])).toEqual([
      [lines.findIndex((l) => l.includes('Alpha')), lines[4]!.indexOf('Alpha')],
      [lines.findIndex((l) => l.includes('alpha beta')), lines[8]!.indexOf('alpha')],
    ]);
    expect(found.hits[0]).not.toHaveProperty('offset');
    expect(found.next).toBeNull();
  });
});
