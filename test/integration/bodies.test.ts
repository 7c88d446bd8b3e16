import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/core/app-core';
import type { BodyLines, BodySearchHit, HttpResponse } from '../../preload/contract';
import { DEMO_S1_CONNECTION_ID } from '../../main/demo/demo-manager';
import { createTestCore } from '../helpers/app-harness';

// The generated threat list is checked field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const BYTES = 50 * 1024 * 1024;

let core: AppCore;
let dataDir: string;
let fileId: string;
let parsed: Json;
const events: Array<[string, Json]> = [];
const ctx = { emit: (e: string, p: unknown) => void events.push([e, p]) };

async function call<T = Json>(channel: string, input: unknown): Promise<T> {
  const result = await core.dispatch(channel, input, ctx);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

beforeAll(async () => {
  ({ core, dataDir } = createTestCore());
  await call('demo:start', { tenant: 'sentinelone' });
  await call('demo:set-faults', {
    tenant: 'sentinelone',
    rules: [{ route: 'GET /threats', hugeBody: { bytes: BYTES }, times: 1 }],
  });
  const res = await call<HttpResponse>('http:send', {
    requestId: 'huge-1',
    connectionId: DEMO_S1_CONNECTION_ID,
    method: 'GET',
    path: 'threats',
  });
  if (res.body.kind !== 'file') throw new Error(`expected a spooled body, got ${res.body.kind}`);
  fileId = res.body.fileId;
  parsed = JSON.parse(await readFile(join(dataDir, 'responses', fileId), 'utf8'));
}, 60_000);

afterAll(async () => {
  await core.dispose();
});

/** Pretty line numbers where each threat starts, from the parsed document. */
function threatStarts(): number[] {
  const starts: number[] = [];
  let line = 2; // '{', '  "data": ['
  for (const t of parsed.data) {
    starts.push(line);
    line += JSON.stringify(t, null, 2).split('\n').length;
  }
  starts.push(line); // '  ],'
  return starts;
}

const indented = (value: unknown, comma: boolean) => {
  const lines = JSON.stringify(value, null, 2)
    .split('\n')
    .map((l) => `    ${l}`);
  if (comma) lines[lines.length - 1] += ',';
  return lines;
};

describe('a 50 MB JSON response, spooled by the engine', () => {
  it('is on disk with the size the demo sent, and bodies:info describes it', async () => {
    expect((await stat(join(dataDir, 'responses', fileId))).size).toBe(BYTES);
    expect(await call('bodies:info', { fileId })).toMatchObject({
      fileId,
      size: BYTES,
      isJson: true,
      encoding: 'utf-8',
    });
  });

  it('shows its first screen of pretty lines before any index exists', async () => {
    const started = performance.now();
    const first = await call<BodyLines>('bodies:pretty-lines', { fileId, fromLine: 0, count: 200 });
    const ms = performance.now() - started;
    expect(first.lines.slice(0, 2)).toEqual(['{', '  "data": [']);
    expect(first.lines.slice(2, 2 + indented(parsed.data[0], true).length)).toEqual(
      indented(parsed.data[0], true),
    );
    expect(first.totalLines).toBeNull();
    expect(ms).toBeLessThan(1000);
  });

  it('builds the pretty index with progress events, then serves windows anywhere', async () => {
    events.length = 0;
    const index = await call('bodies:index', { fileId, view: 'pretty' });
    const starts = threatStarts();
    // After the threats: '  ],', '  "pagination": {', its two fields, '  }', '}'.
    expect(index).toMatchObject({ view: 'pretty', lines: starts.at(-1)! + 6 });
    const progress = events.filter(([e]) => e === 'bodies:index-progress').map(([, p]) => p);
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.at(-1)).toMatchObject({
      fileId,
      view: 'pretty',
      done: true,
      totalBytes: BYTES,
    });

    const mid = Math.floor(parsed.data.length / 2);
    const window = await call<BodyLines>('bodies:pretty-lines', {
      fileId,
      fromLine: starts[mid],
      count: 100,
    });
    expect(window.lines.slice(0, indented(parsed.data[mid], true).length)).toEqual(
      indented(parsed.data[mid], true),
    );
    expect(window.totalLines).toBe(index.lines);

    const last = parsed.data.length - 1;
    const tail = await call<BodyLines>('bodies:pretty-lines', {
      fileId,
      fromLine: starts[last],
      count: 2000,
    });
    expect(tail.lines).toEqual([
      ...indented(parsed.data[last], false),
      '  ],',
      '  "pagination": {',
      '    "nextCursor": null,',
      `    "totalItems": ${parsed.data.length}`,
      '  }',
      '}',
    ]);
    expect(tail.eof).toBe(true);
  });

  it('reads raw windows and lines (one minified line: cut at maxLineChars)', async () => {
    const raw = await call('bodies:index', { fileId, view: 'raw' });
    expect(raw).toMatchObject({ lines: 1, longestLineBytes: BYTES });
    const lines = await call<BodyLines>('bodies:lines', { fileId, fromLine: 0, count: 10 });
    expect(lines).toMatchObject({
      lines: [expect.any(String)],
      truncated: [0],
      eof: true,
      totalLines: 1,
    });
    expect(lines.lines[0]).toHaveLength(10_000);
    const window = await call('bodies:read', { fileId, offset: 1000, length: 1024 * 1024 });
    const text = (await readFile(join(dataDir, 'responses', fileId))).subarray(
      1000,
      window.nextOffset,
    );
    expect(window.text).toBe(text.toString('utf8'));
    await expect(
      call('bodies:read', { fileId, offset: 0, length: 2 * 1024 * 1024 }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('finds a threat by id, numbered in raw and in pretty lines', async () => {
    const target = parsed.data[parsed.data.length - 3];
    const raw = await call<{ hits: BodySearchHit[] }>('bodies:search', {
      fileId,
      query: target.id,
      caseSensitive: true,
    });
    const buf = await readFile(join(dataDir, 'responses', fileId));
    expect(raw.hits[0]).toMatchObject({ line: 0, offset: buf.indexOf(`"id":"${target.id}"`) + 6 });
    expect(raw.hits).toHaveLength(2); // id and threatInfo.threatId
    // Pretty search renders every line it passes; start a little before the threat.
    const line = threatStarts()[parsed.data.length - 3]! + 1;
    const pretty = await call<{ hits: BodySearchHit[] }>('bodies:search', {
      fileId,
      query: `"id": "${target.id}"`,
      view: 'pretty',
      from: { line: line - 300, column: 0 },
    });
    expect(pretty.hits).toEqual([expect.objectContaining({ line, column: 6 })]);
  });

  it('answers JSONPath on it (under 64 MiB)', async () => {
    expect(await call('bodies:jsonpath', { fileId, path: '$.pagination.totalItems' })).toEqual({
      count: 1,
      text: `[\n  ${parsed.data.length}\n]`,
      truncated: false,
    });
  });

  it('is released when its tab closes', async () => {
    expect(await call('bodies:release', { fileId })).toEqual({ released: true });
    await expect(stat(join(dataDir, 'responses', fileId))).rejects.toThrow();
    await expect(call('bodies:info', { fileId })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('bodies:info', { fileId: '../connections.json' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
