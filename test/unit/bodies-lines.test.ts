import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTextWindow } from '../../main/core/bodies/body-window';
import { buildRawLineIndex, RawLineIndex, readRawLines } from '../../main/core/bodies/line-index';
import { INDEX_STRIDE } from '../../main/core/bodies/sparse-index';
import { SeededRandom } from '../../main/demo/sentinelone/prng';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const WORDS = ['threat', 'agent', 'é', '東京', '😀', 'mitigated', ' ', '"', '\\', 'x'];

/** About `bytes` of text: lines of random length (some empty, some long), multi-byte characters. */
function textOf(rng: SeededRandom, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const words = rng.chance(0.05) ? 0 : rng.chance(0.01) ? rng.int(500, 3000) : rng.int(1, 30);
    let line = '';
    for (let i = 0; i < words; i++) line += rng.pick(WORDS);
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return lines.join('\n');
}

describe('raw line index', () => {
  it('finds the same lines as a naive split on a 5 MB file', async () => {
    const rng = new SeededRandom(42);
    const text = textOf(rng, 5 * 1024 * 1024);
    const expected = text.split('\n');
    const path = join(dir, 'five.txt');
    await writeFile(path, text);
    const index = new RawLineIndex();
    await buildRawLineIndex(path, index, { chunkBytes: 65_521 });
    expect(index.lines).toBe(expected.length);
    expect(index.starts.length).toBe(Math.ceil(expected.length / INDEX_STRIDE));
    expect(index.longestLine).toBe(Math.max(...expected.map((l) => Buffer.byteLength(l))));
    // A compact index: one offset per 256 lines.
    expect(index.bytes).toBeLessThan(64 * 1024);
    for (let i = 0; i < 60; i++) {
      const from = rng.int(0, expected.length - 1);
      const count = rng.int(1, 2000);
      const window = await readRawLines(
        path,
        index,
        from,
        count,
        1_000_000,
        rng.pick([4093, 1 << 20]),
      );
      expect(window.lines).toEqual(expected.slice(from, from + count));
      expect(window.eof).toBe(from + count >= expected.length);
    }
  });

  it('counts a trailing newline as an empty last line, strips \\r, and cuts long lines', async () => {
    const path = join(dir, 'small.txt');
    await writeFile(path, `one\r\ntwo\n${'é'.repeat(300)}\n`);
    const index = new RawLineIndex();
    await buildRawLineIndex(path, index);
    expect(index.lines).toBe(4);
    const window = await readRawLines(path, index, 0, 10, 100);
    expect(window.lines).toEqual(['one', 'two', 'é'.repeat(100), '']);
    expect(window.truncated).toEqual([2]);
    expect(window.eof).toBe(true);
  });

  it('serves early lines while the pass is still running', async () => {
    const path = join(dir, 'early.txt');
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    await writeFile(path, text);
    const index = new RawLineIndex();
    const pass = buildRawLineIndex(path, index, { chunkBytes: 1024 });
    const [first, late] = await Promise.all([
      readRawLines(path, index, 0, 3, 100),
      readRawLines(path, index, 4000, 2, 100),
    ]);
    await pass;
    expect(first.lines).toEqual(['line 0', 'line 1', 'line 2']);
    expect(late.lines).toEqual(['line 4000', 'line 4001']);
  });
});

describe('byte windows', () => {
  it('cut on UTF-8 boundaries and join up to exactly the text, for every window size', async () => {
    const text = 'aé東😀\n'.repeat(50) + '😀😀end';
    const path = join(dir, 'utf8.txt');
    await writeFile(path, text);
    const size = Buffer.byteLength(text);
    for (const length of [1, 2, 3, 4, 5, 7, 64, 1 << 20]) {
      let offset = 0;
      let joined = '';
      for (let guard = 0; guard < size + 2; guard++) {
        const w = await readTextWindow(path, size, offset, length);
        expect(w.offset).toBe(offset);
        expect(w.text).not.toContain('\uFFFD');
        expect(Buffer.byteLength(w.text)).toBeLessThanOrEqual(Math.max(length, 4));
        joined += w.text;
        offset = w.nextOffset;
        if (w.eof) break;
      }
      expect(joined).toBe(text);
    }
  });

  it('moves a start inside a character forward to the next character', async () => {
    const path = join(dir, 'mid.txt');
    await writeFile(path, '😀x');
    for (const offset of [1, 2, 3]) {
      expect(await readTextWindow(path, 5, offset, 10)).toEqual({
        text: 'x',
        offset: 4,
        nextOffset: 5,
        eof: true,
      });
    }
    expect(await readTextWindow(path, 5, 9, 10)).toMatchObject({ text: '', eof: true });
  });
});
