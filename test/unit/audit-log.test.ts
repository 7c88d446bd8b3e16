import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  appendFile,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuditLog,
  AuditLogError,
  GENESIS_HASH,
  sha256Hex,
  type AuditEntry,
  type AuditLogOptions,
  type AuditRecord,
} from '../../main/core/audit/audit-log';
import { createRedactor } from '../../main/core/security/redact';

const CANARY = 'CANARY-tok-9f3b7c1e2d';

let dir: string;
let clock: number;
const opened: AuditLog[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc-audit-'));
  clock = Date.UTC(2025, 0, 1);
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((log) => log.close()));
  await rm(dir, { recursive: true, force: true });
});

async function openLog(options: Partial<AuditLogOptions> = {}): Promise<AuditLog> {
  const redactor = createRedactor();
  redactor.add(CANARY, '[REDACTED:token]');
  const log = await AuditLog.open({
    dir,
    redact: redactor.redactText,
    now: () => (clock += 1000),
    ...options,
  });
  opened.push(log);
  return log;
}

/** Closes one instance (a quit) so the next open is a restart. */
async function quit(log: AuditLog): Promise<void> {
  opened.splice(opened.indexOf(log), 1);
  await log.close();
}

function record(i: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  const methods = ['POST', 'PUT', 'DELETE'];
  const outcomes = ['sent', 'refused', 'failed', 'cancelled'] as const;
  return {
    actor: 'alice',
    connectionId: i % 2 === 0 ? 'conn-a' : 'conn-b',
    connectionName: i % 2 === 0 ? 'Acme production' : 'Lab staging',
    environment: i % 2 === 0 ? 'production' : 'staging',
    method: methods[i % 3] ?? 'POST',
    url: `https://tenant.example/web/api/v2.1/threats/${i}/actions`,
    status: i % 4 === 0 ? 200 : null,
    outcome: outcomes[i % 4] ?? 'sent',
    confirmed: i % 2 === 0,
    targetCount: i,
    bodySha256: sha256Hex(`body ${i}`),
    durationMs: 12.5,
    ...overrides,
  };
}

async function appendMany(log: AuditLog, from: number, to: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (let i = from; i <= to; i += 1) out.push(await log.append(record(i)));
  return out;
}

async function lines(name = 'audit.jsonl'): Promise<string[]> {
  const text = await readFile(join(dir, name), 'utf8');
  return text.split('\n').filter((l) => l !== '');
}

async function writeLines(name: string, content: string[]): Promise<void> {
  await writeFile(join(dir, name), content.map((l) => `${l}\n`).join(''));
}

async function rotatedNames(): Promise<string[]> {
  return (await readdir(dir)).filter((n) => /^audit-\d+\.jsonl$/.test(n)).sort();
}

/** The hash as the spec states it, computed without the module's helpers. */
function expectedHash(entry: AuditEntry): string {
  const { hash: _hash, ...rest } = entry;
  const sorted = Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256')
    .update(entry.prevHash + JSON.stringify(sorted))
    .digest('hex');
}

/** Re-hashes an entry after editing it, as a forger who knows the scheme would. */
function forge(entry: AuditEntry): string {
  return JSON.stringify({ ...entry, hash: expectedHash(entry) });
}

async function verifyAfterRestart() {
  return (await openLog()).verify();
}

describe('audit log chain', () => {
  it('chains every entry to the one before it, starting from 64 zeros', async () => {
    const log = await openLog();
    const entries = await appendMany(log, 1, 50);
    const stored = (await lines()).map((l) => JSON.parse(l) as AuditEntry);
    expect(stored).toEqual(entries);
    expect(stored[0]?.prevHash).toBe(GENESIS_HASH);
    stored.forEach((e, i) => {
      expect(e.version).toBe(1);
      expect(e.seq).toBe(i + 1);
      expect(e.hash).toBe(expectedHash(e));
      if (i > 0) expect(e.prevHash).toBe(stored[i - 1]?.hash);
    });
    expect(stored[0]?.at).toBe('2025-01-01T00:00:01.000Z');
    expect(await log.verify()).toEqual({ ok: true, entries: 50, firstSeq: 1, lastSeq: 50 });
  });

  it('continues the chain when a new instance opens the same directory', async () => {
    const first = await openLog();
    const before = await appendMany(first, 1, 3);
    await quit(first);
    const second = await openLog();
    expect(second.head).toEqual({ seq: 3, hash: before[2]?.hash });
    const next = await second.append(record(4));
    expect(next.seq).toBe(4);
    expect(next.prevHash).toBe(before[2]?.hash);
    expect(second.problems).toEqual([]);
    expect(await second.verify()).toMatchObject({ ok: true, entries: 4 });
  });

  it('rotates by size, names rotated files by their first seq, and keeps verifying', async () => {
    const log = await openLog({ maxFileBytes: 2000, keepRotated: 100 });
    await appendMany(log, 1, 60);
    const rotated = await rotatedNames();
    expect(rotated.length).toBeGreaterThan(5);
    let expectedFirst = 1;
    for (const name of [...rotated, 'audit.jsonl']) {
      expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(2000);
      const seqs = (await lines(name)).map((l) => (JSON.parse(l) as AuditEntry).seq);
      if (name !== 'audit.jsonl')
        expect(name).toBe(`audit-${String(seqs[0]).padStart(12, '0')}.jsonl`);
      expect(seqs[0]).toBe(expectedFirst);
      expectedFirst = (seqs.at(-1) ?? 0) + 1;
    }
    expect(expectedFirst).toBe(61);
    expect(await log.verify()).toEqual({ ok: true, entries: 60, firstSeq: 1, lastSeq: 60 });
  });

  it('drops the oldest rotated files beyond keepRotated and verifies from the oldest kept', async () => {
    const log = await openLog({ maxFileBytes: 1500, keepRotated: 3 });
    await appendMany(log, 1, 80);
    const rotated = await rotatedNames();
    expect(rotated).toHaveLength(3);
    const result = await log.verify();
    expect(result).toMatchObject({ ok: true, lastSeq: 80 });
    if (!result.ok) return;
    expect(result.firstSeq).toBeGreaterThan(1);
    expect(result.entries).toBe(80 - (result.firstSeq ?? 0) + 1);
    await quit(log);
    const again = await openLog({ maxFileBytes: 1500, keepRotated: 3 });
    await appendMany(again, 81, 90);
    expect(await again.verify()).toMatchObject({ ok: true, lastSeq: 90 });
  });
});

describe('audit log tampering', () => {
  async function tenEntries(): Promise<string[]> {
    const log = await openLog();
    await appendMany(log, 1, 10);
    await quit(log);
    return lines();
  }

  it('finds an edited field', async () => {
    const original = await tenEntries();
    const edited = [...original];
    edited[3] = JSON.stringify({ ...JSON.parse(original[3] ?? ''), status: 204 });
    await writeLines('audit.jsonl', edited);
    expect(await verifyAfterRestart()).toMatchObject({
      ok: false,
      entries: 3,
      brokenAt: { file: 'audit.jsonl', line: 4, seq: 4 },
      reason: 'hash_mismatch',
    });
  });

  it('finds a deleted line', async () => {
    const original = await tenEntries();
    await writeLines(
      'audit.jsonl',
      original.filter((_, i) => i !== 4),
    );
    expect(await verifyAfterRestart()).toMatchObject({
      ok: false,
      entries: 4,
      brokenAt: { file: 'audit.jsonl', line: 5, seq: 6 },
      reason: 'seq_gap',
    });
  });

  it('finds two swapped lines', async () => {
    const original = await tenEntries();
    const swapped = [...original];
    [swapped[2], swapped[3]] = [original[3] ?? '', original[2] ?? ''];
    await writeLines('audit.jsonl', swapped);
    expect(await verifyAfterRestart()).toMatchObject({
      ok: false,
      entries: 2,
      brokenAt: { file: 'audit.jsonl', line: 3, seq: 4 },
      reason: 'reordered',
    });
  });

  it('finds an inserted line whose hash was recomputed but whose prevHash is wrong', async () => {
    const original = await tenEntries();
    const sixth = JSON.parse(original[5] ?? '') as AuditEntry;
    const fifth = JSON.parse(original[4] ?? '') as AuditEntry;
    const forged = forge({ ...sixth, seq: 7, method: 'DELETE', prevHash: fifth.hash });
    await writeLines('audit.jsonl', [...original.slice(0, 6), forged, ...original.slice(6)]);
    expect(await verifyAfterRestart()).toMatchObject({
      ok: false,
      entries: 6,
      brokenAt: { file: 'audit.jsonl', line: 7, seq: 7 },
      reason: 'prev_hash_mismatch',
    });
  });

  it('finds an inserted line that links correctly, at the entry it displaced', async () => {
    const original = await tenEntries();
    const sixth = JSON.parse(original[5] ?? '') as AuditEntry;
    const forged = forge({ ...sixth, seq: 7, method: 'DELETE', prevHash: sixth.hash });
    await writeLines('audit.jsonl', [...original.slice(0, 6), forged, ...original.slice(6)]);
    expect(await verifyAfterRestart()).toMatchObject({
      ok: false,
      entries: 7,
      brokenAt: { file: 'audit.jsonl', line: 8, seq: 7 },
      reason: 'reordered',
    });
  });

  it('finds the first entry removed', async () => {
    const original = await tenEntries();
    await writeLines('audit.jsonl', original.slice(1));
    expect(await verifyAfterRestart()).toMatchObject({
      ok: false,
      brokenAt: { file: 'audit.jsonl', line: 1, seq: 2 },
      reason: 'bad_genesis',
    });
  });

  it('finds a rotated file removed from the middle', async () => {
    const log = await openLog({ maxFileBytes: 1500, keepRotated: 50 });
    await appendMany(log, 1, 40);
    await quit(log);
    const rotated = await rotatedNames();
    expect(rotated.length).toBeGreaterThanOrEqual(4);
    await unlink(join(dir, rotated[1] ?? ''));
    const afterGap = rotated[2] ?? '';
    const firstSeq = Number(/audit-(\d+)/.exec(afterGap)?.[1]);
    expect(await verifyAfterRestart()).toMatchObject({
      ok: false,
      brokenAt: { file: afterGap, line: 1, seq: firstSeq },
      reason: 'file_missing',
    });
  });

  it('finds lines cut from the start of a rotated file', async () => {
    const log = await openLog({ maxFileBytes: 1500, keepRotated: 50 });
    await appendMany(log, 1, 40);
    await quit(log);
    const oldest = (await rotatedNames())[0] ?? '';
    await writeLines(oldest, (await lines(oldest)).slice(1));
    expect(await verifyAfterRestart()).toMatchObject({
      ok: false,
      brokenAt: { file: oldest, line: 1, seq: 2 },
      reason: 'file_name_mismatch',
    });
  });
});

describe('audit log crash safety and concurrency', () => {
  it('sets aside a last line cut short by a crash and continues from the last complete entry', async () => {
    const log = await openLog();
    const entries = await appendMany(log, 1, 5);
    await quit(log);
    const complete = await readFile(join(dir, 'audit.jsonl'));
    const torn = JSON.stringify({ ...entries[4], seq: 6 }).slice(0, 70);
    await appendFile(join(dir, 'audit.jsonl'), torn);

    const reopened = await openLog();
    expect(reopened.problems).toEqual([
      expect.objectContaining({
        source: 'audit',
        code: 'partial_line_set_aside',
        message: expect.stringMatching(
          /^The last audit entry was cut short by a crash; it was set aside as audit\.partial-2025-01-01T00-00-06-000Z .*entry 5\.$/,
        ),
      }),
    ]);
    const aside = (await readdir(dir)).filter((n) => n.startsWith('audit.partial-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir, aside[0] ?? ''), 'utf8')).toBe(torn);
    expect(await readFile(join(dir, 'audit.jsonl'))).toEqual(complete);

    const next = await reopened.append(record(6));
    expect(next).toMatchObject({ seq: 6, prevHash: entries[4]?.hash });
    expect(await reopened.verify()).toMatchObject({ ok: true, entries: 6 });
  });

  it('reports an unreadable last line, leaves it in place and lets verify point at it', async () => {
    const log = await openLog();
    await appendMany(log, 1, 3);
    await quit(log);
    await appendFile(join(dir, 'audit.jsonl'), 'garbage written by hand\n');
    const reopened = await openLog();
    expect(reopened.problems).toEqual([expect.objectContaining({ code: 'unreadable_tail' })]);
    expect((await reopened.append(record(4))).seq).toBe(4);
    expect(await lines()).toHaveLength(5);
    expect(await reopened.verify()).toMatchObject({
      ok: false,
      brokenAt: { file: 'audit.jsonl', line: 4, seq: null },
      reason: 'unreadable',
    });
  });

  it('serializes 200 concurrent appends into 200 whole lines with consecutive seqs', async () => {
    const log = await openLog();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => log.append(record(i + 1))),
    );
    expect(results.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const stored = (await lines()).map((l) => JSON.parse(l) as AuditEntry);
    expect(stored).toHaveLength(200);
    expect(stored.map((e) => e.targetCount)).toEqual(results.map((e) => e.targetCount));
    expect(await log.verify()).toMatchObject({ ok: true, entries: 200 });
  });

  it('refuses a record that would not survive JSON unchanged, and writes nothing', async () => {
    const log = await openLog();
    await log.append(record(1));
    const bad = log.append(record(2, { durationMs: Number.NaN }));
    await expect(bad).rejects.toBeInstanceOf(AuditLogError);
    await expect(bad).rejects.toMatchObject({ code: 'audit_invalid_record' });
    expect((await log.append(record(3))).seq).toBe(2);
    expect(await lines()).toHaveLength(2);
  });
});

describe('audit log redaction, listing and export', () => {
  it('never writes a secret a caller passed by mistake', async () => {
    const log = await openLog({ maxFileBytes: 1200 });
    for (let i = 1; i <= 12; i += 1) {
      await log.append({
        ...record(i, {
          actor: `admin ${CANARY}`,
          connectionName: `Acme ${CANARY}`,
          url: `https://tenant.example/api?token=${encodeURIComponent(CANARY)}&x=${CANARY}`,
          errorCode: CANARY,
        }),
        // Not an audit field: it must be dropped, not written.
        body: `{"apiToken":"${CANARY}"}`,
      } as AuditRecord);
    }
    const files = await readdir(dir);
    expect(files.length).toBeGreaterThan(1);
    for (const name of files) expect(await readFile(join(dir, name), 'utf8')).not.toContain(CANARY);
    const exported: string[] = [];
    for await (const line of log.export()) exported.push(line);
    expect(exported.join('')).not.toContain(CANARY);
    expect(exported.join('')).toContain('[REDACTED:token]');
    expect(exported.join('')).not.toContain('apiToken');
    expect(await log.verify()).toMatchObject({ ok: true, entries: 12 });
  });

  it('lists newest first, filters, and pages by seq across rotated files', async () => {
    const log = await openLog({ maxFileBytes: 1500, keepRotated: 100 });
    await appendMany(log, 1, 120);
    expect((await rotatedNames()).length).toBeGreaterThan(5);

    const seen: number[] = [];
    let before: number | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await log.list({ limit: 25, before });
      seen.push(...result.entries.map((e) => e.seq));
      if (result.nextBefore === null) break;
      before = result.nextBefore;
    }
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => 120 - i));

    const expected = Array.from({ length: 120 }, (_, i) => record(i + 1))
      .map((r, i) => ({ ...r, seq: i + 1 }))
      .filter(
        (r) => r.connectionId === 'conn-b' && r.method === 'DELETE' && r.outcome === 'cancelled',
      )
      .map((r) => r.seq)
      .reverse();
    const filtered = { connectionId: 'conn-b', method: 'delete', outcome: 'cancelled' } as const;
    expect(expected).toHaveLength(10);
    const firstPage = await log.list({ ...filtered, limit: 3 });
    expect(firstPage.entries.map((e) => e.seq)).toEqual(expected.slice(0, 3));
    expect(firstPage.nextBefore).toBe(expected[2]);
    const rest = await log.list({ ...filtered, limit: 100, before: firstPage.nextBefore ?? 0 });
    expect(rest.entries.map((e) => e.seq)).toEqual(expected.slice(3));
    expect(rest.nextBefore).toBeNull();

    const byText = await log.list({ text: 'THREATS/7/', limit: 10 });
    expect(byText.entries.map((e) => e.seq)).toEqual([7]);
    expect((await log.list({ text: 'lab staging', before: 10 })).entries.map((e) => e.seq)).toEqual(
      [9, 7, 5, 3, 1],
    );
    expect(byText.unreadableLines).toBe(0);
  });

  it('exports exactly the stored lines, oldest first, to an iterator and to a file', async () => {
    const log = await openLog({ maxFileBytes: 1500, keepRotated: 100 });
    await appendMany(log, 1, 30);
    const stored = (
      await Promise.all([...(await rotatedNames()), 'audit.jsonl'].map((n) => lines(n)))
    ).flat();
    const exported: string[] = [];
    for await (const line of log.export()) exported.push(line);
    expect(exported).toEqual(stored.map((l) => `${l}\n`));
    expect(exported.map((l) => (JSON.parse(l) as AuditEntry).seq)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );

    const target = join(dir, 'saved', 'audit-export.jsonl');
    expect(await log.exportTo(target)).toMatchObject({ lines: 30 });
    expect(await readFile(target, 'utf8')).toBe(exported.join(''));
  });
});
