import { existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneSpool } from '../../main/core/http/engine';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-01T12:00:00Z');

/** A spool folder with files whose modification times are `ageHours` before NOW. */
function spool(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'soc-prune-'));
  for (const [name, ageHours] of Object.entries(files)) {
    const file = join(dir, name);
    writeFileSync(file, 'body');
    const t = new Date(NOW - ageHours * HOUR);
    utimesSync(file, t, t);
  }
  return dir;
}

describe('pruneSpool', () => {
  it('deletes bodies older than the retention and keeps the rest', async () => {
    const dir = spool({
      'fresh.body': 1,
      'day-old.body': 23,
      'stale.body': 25,
      'ancient.body': 500,
    });
    const result = await pruneSpool(dir, { now: () => NOW });
    expect(result.deleted.sort()).toEqual(['ancient.body', 'stale.body']);
    expect(readdirSync(dir).sort()).toEqual(['day-old.body', 'fresh.body']);
  });

  it('keeps only the newest maxFiles', async () => {
    const dir = spool({ 'a.body': 1, 'b.body': 2, 'c.body': 3, 'd.body': 4 });
    const result = await pruneSpool(dir, { maxFiles: 2, now: () => NOW });
    expect(result.kept).toEqual(['a.body', 'b.body']);
    expect(readdirSync(dir).sort()).toEqual(['a.body', 'b.body']);
  });

  it('honours a custom retention', async () => {
    const dir = spool({ 'a.body': 1, 'b.body': 3 });
    await pruneSpool(dir, { maxAgeMs: 2 * HOUR, now: () => NOW });
    expect(readdirSync(dir)).toEqual(['a.body']);
  });

  it('leaves files that are not spooled bodies alone', async () => {
    const dir = spool({ 'notes.txt': 900, 'old.body': 900 });
    await pruneSpool(dir, { now: () => NOW });
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('treats a missing folder as nothing to prune', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'soc-prune-')), 'responses');
    await expect(pruneSpool(dir)).resolves.toEqual({ deleted: [], kept: [] });
    expect(existsSync(dir)).toBe(false);
  });
});
