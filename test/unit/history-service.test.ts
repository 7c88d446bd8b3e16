import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../preload/contract';
import { HistoryEntrySchema, type HistoryListInput } from '../../preload/schemas/history';
import { HISTORY_SETTING_DEFAULTS, type HistorySettings } from '../../preload/schemas/settings';
import { AppError } from '../../main/core/errors';
import { HistoryService, type RecordedSend } from '../../main/core/history/history-service';
import { createRedactor } from '../../main/core/security/redact';
import { StorageProblems } from '../../main/core/storage/versioned-file';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2025-03-01T10:00:00Z');
const SECRET = 'tok-SECRET-9f8e7d6c5b4a';

const opened: HistoryService[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function harness(over: { maxFileBytes?: number; settings?: Partial<HistorySettings> } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'soc-history-'));
  const state = {
    now: T0,
    settings: { ...HISTORY_SETTING_DEFAULTS, ...over.settings } as HistorySettings,
  };
  const redactor = createRedactor();
  redactor.add(SECRET, '$API_TOKEN');
  const problems = new StorageProblems();
  const make = () => {
    const service = new HistoryService({
      dataDir,
      settings: async () => state.settings,
      redactor,
      now: () => state.now,
      problems,
      describeConnection: async (id) => {
        if (id === 'gone') throw new Error('unknown connection');
        return {
          name: `Conn ${id}`,
          environment: 'staging',
          baseUrl: 'https://api.example.test/v1/',
        };
      },
      creator: { name: 'Sentinel Operator Console', version: '0.0.0-test' },
      maxFileBytes: over.maxFileBytes,
    });
    opened.push(service);
    return service;
  };
  return { dataDir, state, problems, service: make(), reopen: make };
}

let n = 0;

function response(over: Partial<HttpResponse> = {}): HttpResponse {
  return {
    requestId: `r${++n}`,
    method: 'GET',
    url: 'https://api.example.test/v1/threats?limit=1',
    status: 200,
    statusText: 'OK',
    httpVersion: '1.1',
    headers: [
      ['Content-Type', 'application/json'],
      ['Set-Cookie', 'sid=abc123; Path=/; HttpOnly'],
    ],
    body: { kind: 'text', text: '{"data":[]}', contentType: 'application/json' },
    size: 11,
    timings: { dns: 1, connect: 2, tls: 3, firstByte: 10, download: 2, total: 12 },
    redirects: [],
    credentialsAttached: true,
    ...over,
  };
}

function sent(
  over: Partial<RecordedSend['input']> = {},
  result: { response?: HttpResponse; error?: unknown } = { response: response() },
  startedAt = T0,
): RecordedSend {
  return {
    input: {
      requestId: `q${++n}`,
      connectionId: 'c1',
      method: 'GET',
      path: 'threats?limit=1',
      query: [],
      headers: [],
      body: { kind: 'none' },
      followRedirects: true,
      ...over,
    },
    startedAt,
    ...result,
  };
}

async function all(service: HistoryService, q: HistoryListInput = {}) {
  const out = [];
  let before: number | undefined;
  for (;;) {
    const page = await service.list({ limit: 7, ...q, ...(before ? { before } : {}) });
    out.push(...page.entries);
    if (page.nextBefore === null) return out;
    before = page.nextBefore;
  }
}

function historyFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'history'))
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
}

function bodyFiles(dataDir: string): string[] {
  const dir = join(dataDir, 'history-bodies');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.body')) : [];
}

describe('recording and listing', () => {
  it('lists newest first, filters and pages across rotated files', async () => {
    const { service, dataDir } = harness({ maxFileBytes: 3000 });
    for (let i = 0; i < 40; i++) {
      const status = [200, 201, 404, 500][i % 4]!;
      const method = i % 5 === 0 ? 'POST' : 'GET';
      await service.record(
        sent(
          { method, path: `threats?i=${i}`, connectionId: i % 2 ? 'c1' : 'c2' },
          {
            response: response({
              status,
              url: `https://api.example.test/v1/threats?i=${i}`,
              body: {
                kind: 'text',
                text: `{"n":${i},"word":"needle${i}"}`,
                contentType: 'application/json',
              },
            }),
          },
          T0 + i * 1000,
        ),
      );
    }
    expect(historyFiles(dataDir).length).toBeGreaterThan(3); // rotated several times

    const everything = await all(service);
    expect(everything).toHaveLength(40);
    expect(everything.map((e) => e.url)).toEqual(
      Array.from({ length: 40 }, (_, i) => `https://api.example.test/v1/threats?i=${39 - i}`),
    );
    expect(everything[0]).toMatchObject({
      method: 'GET',
      status: 500,
      connectionName: 'Conn c1',
      environment: 'staging',
      errorCode: null,
      size: 11,
      durationMs: 12,
    });
    expect((await all(service, { connectionId: 'c2' })).length).toBe(20);
    expect((await all(service, { method: 'POST' })).length).toBe(8);
    expect((await all(service, { status: 404 })).every((e) => e.status === 404)).toBe(true);
    expect((await all(service, { status: 404 })).length).toBe(10);
    expect((await all(service, { statusClass: '5xx' })).length).toBe(10);
    expect((await all(service, { statusClass: '2xx' })).length).toBe(20);
    // Text finds the URL or the body, case-insensitively.
    expect((await all(service, { text: 'NEEDLE17' })).map((e) => e.url)).toEqual([
      'https://api.example.test/v1/threats?i=17',
    ]);
    expect((await all(service, { text: 'i=3' })).length).toBe(11); // 3, 30–39
  });

  it('keeps failures (refused, cancelled) with their code, and skips what was never sent', async () => {
    const { service } = harness();
    await service.record(sent({}, { error: new AppError('read_only', 'Read-only connection.') }));
    await service.record(
      sent({}, { error: new AppError('aborted', 'The request was cancelled.') }),
    );
    await service.record(sent({}, { error: new AppError('confirmation_required', 'Confirm.') }));
    await service.record(sent({}, { error: new AppError('invalid_url', 'Bad URL.') }));
    await service.record(sent({ connectionId: 'gone' }));
    const page = await service.list({});
    expect(page.entries.map((e) => [e.status, e.errorCode])).toEqual([
      [null, 'aborted'],
      [null, 'read_only'],
    ]);
    expect((await service.list({ statusClass: 'error' })).entries).toHaveLength(2);
    const { entry } = await service.get(page.entries[0]!.id);
    expect(entry.response).toBeNull();
    expect(entry.error).toEqual({ code: 'aborted', message: 'The request was cancelled.' });
    expect(entry.request.url).toBe('https://api.example.test/v1/threats?limit=1');
    expect(entry.body.kind).toBe('none');
  });

  it('stores the request without secrets: redactor, credential headers, cookies, JSON keys', async () => {
    const { service } = harness();
    await service.record(
      sent(
        {
          method: 'POST',
          path: `login?api_key=${SECRET}&keep=1`,
          query: [{ name: 'token', value: 'typed-token-123', enabled: true }],
          headers: [
            { name: 'Authorization', value: 'Bearer typed-bearer-xyz', enabled: true },
            { name: 'X-Api-Key', value: 'k-123456', enabled: true },
            { name: 'X-Api-Key', value: '{{apiKey}}', enabled: false },
            { name: 'Cookie', value: 'a=1; b=2', enabled: true },
            { name: 'Accept', value: 'application/json', enabled: true },
          ],
          body: {
            kind: 'json',
            text: `{"username":"admin","password":"hunter22","note":"${SECRET}"}`,
          },
        },
        {
          response: response({
            url: `https://api.example.test/v1/login?api_key=${SECRET}&keep=1`,
            body: {
              kind: 'text',
              text: `{"token":"eyJ.jwt.value","echo":"${SECRET}"}`,
              contentType: 'application/json',
            },
          }),
        },
      ),
    );
    const [summary] = (await service.list({})).entries;
    const { entry } = await service.get(summary!.id);
    const text = JSON.stringify(entry);
    for (const leak of [
      SECRET,
      'typed-token-123',
      'typed-bearer-xyz',
      'k-123456',
      'hunter22',
      'abc123',
      'eyJ.jwt.value',
    ]) {
      expect(text, leak).not.toContain(leak);
    }
    expect(entry.request.headers.map((h) => `${h.name}: ${h.value}`)).toEqual([
      'Authorization: Bearer $REDACTED',
      'X-Api-Key: $REDACTED',
      'X-Api-Key: {{apiKey}}',
      'Cookie: a=$REDACTED; b=$REDACTED',
      'Accept: application/json',
    ]);
    expect(entry.request.query).toEqual([{ name: 'token', value: '$REDACTED', enabled: true }]);
    expect(entry.request.path).toBe('login?api_key=$REDACTED&keep=1');
    expect(entry.request.url).toContain('keep=1');
    expect(entry.response!.headers).toContainEqual([
      'Set-Cookie',
      'sid=$REDACTED; Path=/; HttpOnly',
    ]);
    expect(entry.request.body).toEqual({
      kind: 'json',
      text: '{"username":"admin","password":"$REDACTED","note":"$API_TOKEN"}',
    });
    expect(HistoryEntrySchema.safeParse(entry).success).toBe(true);
  });

  it('records nothing while history is turned off', async () => {
    const { service, state } = harness();
    state.settings.enabled = false;
    await service.record(sent());
    expect((await service.list({})).entries).toHaveLength(0);
  });
});

describe('response bodies', () => {
  it('keeps small bodies inline and big ones as redacted files, copied from the spool', async () => {
    const { service, dataDir } = harness({ settings: { maxBodyBytes: 1024 } });
    const big = `{"items":[${Array.from({ length: 400 }, (_, i) => `"${i}-${SECRET}"`).join(',')}]}`;
    await service.record(sent({}, { response: response() }));
    await service.record(
      sent(
        {},
        {
          response: response({
            body: { kind: 'text', text: big, contentType: 'application/json' },
            size: big.length,
          }),
        },
      ),
    );
    // A body the engine streamed to its spool folder.
    mkdirSync(join(dataDir, 'responses'), { recursive: true });
    writeFileSync(join(dataDir, 'responses', 'spooled.body'), big);
    await service.record(
      sent(
        {},
        {
          response: response({
            body: {
              kind: 'file',
              fileId: 'spooled.body',
              contentType: 'application/json',
              preview: big.slice(0, 100),
            },
            size: big.length,
          }),
        },
      ),
    );
    const [spooled, inlineBig, small] = (await service.list({})).entries;
    expect((await service.get(small!.id)).entry.body).toEqual({
      kind: 'text',
      text: '{"data":[]}',
      contentType: 'application/json',
    });
    for (const s of [inlineBig!, spooled!]) {
      const { entry, bodyText } = await service.get(s.id, true);
      expect(entry.body.kind).toBe('file');
      if (entry.body.kind !== 'file') continue;
      expect(entry.body.fileId).toBe(`${s.id}.body`);
      expect(entry.body.preview.startsWith('{"items":["0-$API_TOKEN"')).toBe(true);
      const onDisk = readFileSync(join(dataDir, 'history-bodies', entry.body.fileId), 'utf8');
      expect(onDisk).not.toContain(SECRET);
      expect(onDisk).toBe(big.replaceAll(SECRET, '$API_TOKEN'));
      expect(entry.body.size).toBe(Buffer.byteLength(onDisk));
      expect(bodyText).toEqual({ text: onDisk, truncated: false });
      // Paged reading of the file.
      const first = await service.bodyChunk(entry.body.fileId, 0, 1000);
      expect(first.nextOffset).toBe(1000);
      const rest = await service.bodyChunk(entry.body.fileId, 1000, 1024 * 1024);
      expect(first.text + rest.text).toBe(onDisk);
      expect(rest.nextOffset).toBeNull();
    }
    expect(bodyFiles(dataDir)).toHaveLength(2);
  });

  it('keeps an inline binary body as base64 and notes a spool file that is gone', async () => {
    const { service } = harness();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    await service.record(
      sent(
        {},
        {
          response: response({
            body: { kind: 'binary', contentType: 'image/png', base64: png.toString('base64') },
            size: 8,
          }),
        },
      ),
    );
    await service.record(
      sent(
        {},
        {
          response: response({
            body: { kind: 'file', fileId: 'missing.body', contentType: 'text/plain', preview: '' },
          }),
        },
      ),
    );
    const [gone, bin] = (await service.list({})).entries;
    expect((await service.get(bin!.id)).entry.body).toEqual({
      kind: 'binary',
      contentType: 'image/png',
      base64: png.toString('base64'),
    });
    expect((await service.get(gone!.id)).entry.body.kind).toBe('none');
  });
});

describe('retention', () => {
  it('by count: keeps the newest maxEntries, drops old files whole and their body files', async () => {
    const { service, dataDir, state } = harness({
      maxFileBytes: 2500,
      settings: { maxEntries: 10, maxBodyBytes: 10 },
    });
    for (let i = 0; i < 60; i++) {
      await service.record(
        sent(
          { path: `p${i}` },
          {
            response: response({
              url: `https://api.example.test/v1/p${i}`,
              body: { kind: 'text', text: `body number ${i}`, contentType: 'text/plain' },
            }),
          },
          T0 + i,
        ),
      );
      const listed = await all(service);
      expect(listed.length).toBe(Math.min(i + 1, 10));
      expect(listed[0]!.url).toBe(`https://api.example.test/v1/p${i}`);
    }
    // Every body went to a file (10-byte limit); only those of kept entries (give or take
    // the half-file not yet trimmed) remain.
    const kept = bodyFiles(dataDir).length;
    expect(kept).toBeGreaterThanOrEqual(10);
    expect(kept).toBeLessThan(20);
    const lines = historyFiles(dataDir)
      .map(
        (f) =>
          readFileSync(join(dataDir, 'history', f), 'utf8')
            .split('\n')
            .filter(Boolean).length,
      )
      .reduce((a, b) => a + b, 0);
    expect(lines).toBeLessThan(20);
    // Lowering the limit hides at once.
    state.settings.maxEntries = 3;
    expect((await all(service)).map((e) => e.url)).toEqual([
      'https://api.example.test/v1/p59',
      'https://api.example.test/v1/p58',
      'https://api.example.test/v1/p57',
    ]);
  });

  it('by age: hides expired entries at once and deletes their files on the next append', async () => {
    const { service, dataDir, state } = harness({
      maxFileBytes: 2000,
      settings: { maxAgeDays: 30, maxBodyBytes: 5 },
    });
    for (let i = 0; i < 20; i++) {
      await service.record(
        sent(
          { path: `old${i}` },
          {
            response: response({
              body: { kind: 'text', text: 'old body', contentType: 'text/plain' },
            }),
          },
          T0 + i,
        ),
      );
    }
    state.now = T0 + 20 * DAY;
    for (let i = 0; i < 5; i++) {
      await service.record(
        sent(
          { path: `new${i}` },
          { response: response({ body: { kind: 'empty' } }) },
          state.now + i,
        ),
      );
    }
    expect(await all(service)).toHaveLength(25);
    state.now = T0 + 31 * DAY; // the first 20 are now older than 30 days
    expect(await all(service)).toHaveLength(5);
    expect(bodyFiles(dataDir)).toHaveLength(20);
    await service.record(
      sent({ path: 'newest' }, { response: response({ body: { kind: 'empty' } }) }, state.now),
    );
    expect(await all(service)).toHaveLength(6);
    expect(bodyFiles(dataDir)).toHaveLength(0);
    const remaining = historyFiles(dataDir)
      .map((f) => readFileSync(join(dataDir, 'history', f), 'utf8'))
      .join('');
    expect(remaining).not.toContain('old');
  });
});

describe('delete and clear', () => {
  async function filled() {
    const h = harness({ maxFileBytes: 2500, settings: { maxBodyBytes: 5 } });
    for (let i = 0; i < 12; i++) {
      await h.service.record(
        sent(
          { connectionId: i % 3 === 0 ? 'c3' : 'c1' },
          {
            response: response({
              body: { kind: 'text', text: `body-${i}`, contentType: 'text/plain' },
            }),
          },
          T0 + i * DAY,
        ),
      );
    }
    h.state.now = T0 + 12 * DAY;
    return h;
  }

  it('deletes one entry and its body file', async () => {
    const { service, dataDir } = await filled();
    const [first] = (await service.list({})).entries;
    expect(await service.delete(first!.id)).toEqual({ deleted: true });
    expect(await service.delete(first!.id)).toEqual({ deleted: false });
    await expect(service.get(first!.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(bodyFiles(dataDir)).toHaveLength(11);
    expect(bodyFiles(dataDir)).not.toContain(`${first!.id}.body`);
    expect(await all(service)).toHaveLength(11);
  });

  it('clears one connection, entries older than N days, or everything — with their body files', async () => {
    const { service, dataDir } = await filled();
    expect(await service.clear({ connectionId: 'c3' })).toEqual({ removed: 4 });
    expect((await all(service)).every((e) => e.connectionId === 'c1')).toBe(true);
    expect(bodyFiles(dataDir)).toHaveLength(8);
    // Entries at days 0..11, now is day 12: older than 5 days are days 0..6.
    await service.clear({ olderThanDays: 5 });
    const left = await all(service);
    expect(left.every((e) => Date.parse(e.at) >= T0 + 7 * DAY)).toBe(true);
    expect(left).toHaveLength(4); // days 7, 8, 10, 11 (9 was c3)
    expect(bodyFiles(dataDir)).toHaveLength(4);
    expect(await service.clear({ all: true })).toEqual({ removed: 4 });
    expect(await all(service)).toHaveLength(0);
    expect(bodyFiles(dataDir)).toHaveLength(0);
    expect(historyFiles(dataDir)).toHaveLength(0);
    // And it keeps working afterwards.
    await service.record(sent());
    expect(await all(service)).toHaveLength(1);
  });
});

describe('damaged files', () => {
  it('drops a last line cut short by a crash, skips an unreadable line, and reports both', async () => {
    const first = harness();
    for (let i = 0; i < 3; i++)
      await first.service.record(sent({ path: `ok${i}` }, { response: response() }, T0 + i));
    await first.service.close();
    const current = join(first.dataDir, 'history', 'history.jsonl');
    const lines = readFileSync(current, 'utf8').split('\n');
    // Garbage in the middle, and a torn write at the end.
    writeFileSync(current, [lines[0], 'not json at all', lines[1], lines[2], ''].join('\n'));
    appendFileSync(current, '{"v":1,"id":"h9-00000000","at":"2025-');
    const again = first.reopen();
    const page = await again.list({});
    expect(page.entries).toHaveLength(3);
    expect(page.unreadableLines).toBe(1);
    const messages = first.problems.list().map((p) => p.message);
    expect(messages.some((m) => /cut short/.test(m))).toBe(true);
    expect(messages.some((m) => /could not be read/.test(m))).toBe(true);
    expect(first.problems.list().every((p) => p.source === 'history')).toBe(true);
    // Appends continue on a line of their own.
    await again.record(sent({ path: 'after' }, { response: response() }, T0 + 10));
    const after = await again.list({});
    expect(after.entries).toHaveLength(4);
    expect(readFileSync(current, 'utf8')).not.toContain('"at":"2025-{');
  });

  it('reports a failed write as a problem and never rejects', async () => {
    const { service, dataDir, problems } = harness();
    writeFileSync(join(dataDir, 'history'), 'a file where the folder belongs');
    await expect(service.record(sent())).resolves.toBeUndefined();
    expect(problems.list()[0]).toMatchObject({ source: 'history' });
    expect(problems.list()[0]!.message).toMatch(/could not be written to the history/);
  });
});

describe('HAR export', () => {
  it('writes valid HAR 1.2 with every required field and no secret', async () => {
    const { service, dataDir } = harness({ settings: { maxBodyBytes: 64 } });
    await service.record(
      sent(
        {
          method: 'POST',
          path: `threats/mitigate/kill?why=${SECRET}`,
          headers: [
            { name: 'X-Auth-Token', value: 'typed-secret-value', enabled: true },
            { name: 'Content-Type', value: 'application/json', enabled: true },
          ],
          body: { kind: 'json', text: `{"filter":{"ids":["1"]},"password":"pw-typed-1"}` },
        },
        {
          response: response({
            method: 'POST',
            url: `https://api.example.test/v1/threats/mitigate/kill?why=${SECRET}`,
            headers: [
              ['Content-Type', 'application/json'],
              ['Set-Cookie', 'sid=abcdef; Path=/'],
            ],
            body: {
              kind: 'text',
              text: `{"data":{"affected":1},"note":"${SECRET}"}`,
              contentType: 'application/json',
            },
            httpVersion: '2',
          }),
        },
      ),
    );
    const big = `{"data":"${'x'.repeat(200)}${SECRET}"}`;
    await service.record(
      sent(
        {},
        {
          response: response({
            body: { kind: 'text', text: big, contentType: 'application/json' },
            size: big.length,
          }),
        },
      ),
    );
    await service.record(
      sent({}, { error: new AppError('connection_refused', `Refused ${SECRET}`) }),
    );
    const ids = (await service.list({})).entries.map((e) => e.id).reverse();
    const out = await service.exportHar([...ids, 'h99999-00000000']);
    expect(out.entries).toBe(3);
    expect(out.missing).toEqual(['h99999-00000000']);
    expect(out.har).not.toContain(SECRET);
    expect(out.har).not.toContain('typed-secret-value');
    expect(out.har).not.toContain('pw-typed-1');
    expect(out.har).not.toContain('abcdef');

    const har = JSON.parse(out.har);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'Sentinel Operator Console', version: '0.0.0-test' });
    for (const e of har.log.entries) {
      expect(Number.isNaN(Date.parse(e.startedDateTime))).toBe(false);
      expect(typeof e.time).toBe('number');
      for (const k of [
        'method',
        'url',
        'httpVersion',
        'headers',
        'queryString',
        'headersSize',
        'bodySize',
        'cookies',
      ]) {
        expect(e.request, k).toHaveProperty(k);
      }
      for (const k of [
        'status',
        'statusText',
        'httpVersion',
        'headers',
        'content',
        'redirectURL',
        'headersSize',
        'bodySize',
        'cookies',
      ]) {
        expect(e.response, k).toHaveProperty(k);
      }
      expect(typeof e.response.content.size).toBe('number');
      expect(typeof e.response.content.mimeType).toBe('string');
      expect(e.cache).toEqual({});
      for (const k of ['send', 'wait', 'receive']) {
        expect(e.timings[k], k).toBeGreaterThanOrEqual(0);
      }
    }
    const [kill, bigOne, refused] = har.log.entries;
    expect(kill.request.method).toBe('POST');
    expect(kill.request.httpVersion).toBe('HTTP/2');
    expect(kill.request.queryString).toEqual([{ name: 'why', value: '$API_TOKEN' }]);
    expect(kill.request.headers).toContainEqual({ name: 'X-Auth-Token', value: '$REDACTED' });
    expect(kill.request.postData.mimeType).toBe('application/json');
    expect(kill.response.content.text).toContain('"affected":1');
    expect(kill.response.headers).toContainEqual({
      name: 'Set-Cookie',
      value: 'sid=$REDACTED; Path=/',
    });
    expect(bigOne.response.content.text).toBe(big.replace(SECRET, '$API_TOKEN')); // from its body file
    expect(refused.response.status).toBe(0);
    expect(refused._error.code).toBe('connection_refused');
    // The files on disk hold no secret either.
    for (const dir of ['history', 'history-bodies']) {
      for (const f of readdirSync(join(dataDir, dir))) {
        expect(readFileSync(join(dataDir, dir, f), 'utf8')).not.toContain(SECRET);
      }
    }
  });
});
