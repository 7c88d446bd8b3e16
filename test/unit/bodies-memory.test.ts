import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(__dirname, '../..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc-bodies-mem-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A child process with --expose-gc: vitest's workers cannot force a collection, and
// heapUsed without one says more about the GC's timing than about the index.
const SCRIPT = `
import { createWriteStream } from 'node:fs';
import { hugeBody } from '${repo}/main/demo/sentinelone/fault-huge-body.ts';
import { buildPrettyLineIndex, PrettyLineIndex, readPrettyLines } from '${repo}/main/core/bodies/pretty-index.ts';
import { buildRawLineIndex, RawLineIndex } from '${repo}/main/core/bodies/line-index.ts';
const path = process.argv[2];
const out = createWriteStream(path);
for (const piece of hugeBody(100 * 1024 * 1024).chunks()) {
  if (!out.write(piece)) await new Promise((r) => out.once('drain', r));
}
await new Promise((r) => out.end(r));
const heap = () => { globalThis.gc(); return process.memoryUsage().heapUsed; };
const before = heap();
let peak = before;
const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 5);
let t = performance.now();
const pretty = new PrettyLineIndex();
await buildPrettyLineIndex(path, pretty);
const prettyMs = performance.now() - t;
t = performance.now();
const raw = new RawLineIndex();
await buildRawLineIndex(path, raw);
const rawMs = performance.now() - t;
t = performance.now();
const window = await readPrettyLines(path, pretty, Math.floor(pretty.lines * 0.9), 500, 10000);
const windowMs = performance.now() - t;
clearInterval(sample);
const after = heap();
console.log(JSON.stringify({
  heapGrowth: after - before, peakGrowth: peak - before, indexBytes: pretty.bytes + raw.bytes,
  prettyMs, rawMs, windowMs, lines: pretty.lines, windowLines: window.lines.length,
}));
`;

describe('index memory', () => {
  it('indexing a 100 MB JSON body keeps the heap bounded', async () => {
    const script = join(dir, 'measure.mts');
    await writeFile(script, SCRIPT);
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', script, join(dir, 'body.json')],
      { cwd: repo, maxBuffer: 1 << 20 },
    );
    const m = JSON.parse(stdout.trim().split('\n').at(-1)!);
    console.log(
      `100 MiB JSON: pretty index ${Math.round(m.prettyMs)} ms (${m.lines} lines), raw index ${Math.round(m.rawMs)} ms, window at 90 % ${Math.round(m.windowMs)} ms; index ${Math.round(m.indexBytes / 1024)} KiB, heap +${(m.heapGrowth / 1048576).toFixed(1)} MiB (peak +${(m.peakGrowth / 1048576).toFixed(1)} MiB)`,
    );
    expect(m.lines).toBeGreaterThan(4_000_000);
    expect(m.windowLines).toBe(500);
    expect(m.indexBytes).toBeLessThan(4 * 1024 * 1024);
    expect(m.heapGrowth).toBeLessThan(16 * 1024 * 1024);
    expect(m.peakGrowth).toBeLessThan(64 * 1024 * 1024);
  }, 180_000);
});
