import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Settings, StorageProblem } from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { createTestCore } from '../helpers/app-harness';

const ctx = { emit: () => undefined };

async function call<T>(core: AppCore, channel: string, input: unknown) {
  const r = await core.dispatch(channel, input, ctx);
  return r as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
}

async function value<T>(core: AppCore, channel: string, input: unknown): Promise<T> {
  const r = await call<T>(core, channel, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('settings', () => {
  it('answers the defaults, saves a validated change atomically and reads it back after a restart', async () => {
    const { core, dataDir } = createTestCore();
    expect(await value<Settings>(core, 'settings:get', {})).toEqual({
      history: { enabled: true, maxEntries: 5000, maxAgeDays: 30, maxBodyBytes: 256 * 1024 },
      explorer: {},
    });
    const updated = await value<Settings>(core, 'settings:update', {
      patch: { history: { maxEntries: 200, maxBodyBytes: 1024 } },
    });
    expect(updated.history).toEqual({
      enabled: true,
      maxEntries: 200,
      maxAgeDays: 30,
      maxBodyBytes: 1024,
    });
    const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'));
    expect(file).toEqual({ version: 1, ...updated });
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await core.dispose();

    const { core: again } = createTestCore({ dataDir });
    expect((await value<Settings>(again, 'settings:get', {})).history.maxEntries).toBe(200);
    await again.dispose();
  });

  it('refuses unknown keys and values out of range, and changes nothing', async () => {
    const { core, dataDir } = createTestCore();
    for (const patch of [
      { history: { maxEntries: 0 } },
      { history: { maxAgeDays: 1.5 } },
      { history: { maxBodyBytes: -1 } },
      { history: { colour: 'blue' } },
      { theme: 'dark' },
      { explorer: { anything: true } },
    ]) {
      const r = await call(core, 'settings:update', { patch });
      expect(r.ok, JSON.stringify(patch)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
    await core.dispose();
  });

  it('sets a corrupt file aside and reports it; a newer file is left alone and not written over', async () => {
    const corruptDir = mkdtempSync(join(tmpdir(), 'soc-settings-'));
    writeFileSync(join(corruptDir, 'settings.json'), '{"version":1,"history":{"maxEntries":-3}}');
    const { core } = createTestCore({ dataDir: corruptDir });
    expect((await value<Settings>(core, 'settings:get', {})).history.maxEntries).toBe(5000);
    const problems = await value<StorageProblem[]>(core, 'app:problems', {});
    expect(
      problems.some((p) => p.source === 'settings' && /could not be read/.test(p.message)),
    ).toBe(true);
    expect(readdirSync(corruptDir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
    // Writing works again from the defaults.
    await value(core, 'settings:update', { patch: { history: { maxAgeDays: 7 } } });
    await core.dispose();

    const newerDir = mkdtempSync(join(tmpdir(), 'soc-settings-'));
    const newer = '{"version":9,"history":{"maxEntries":10},"future":{}}\n';
    writeFileSync(join(newerDir, 'settings.json'), newer);
    const { core: later } = createTestCore({ dataDir: newerDir });
    expect((await value<Settings>(later, 'settings:get', {})).history.maxEntries).toBe(5000);
    const refused = await call(later, 'settings:update', {
      patch: { history: { enabled: false } },
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('newer_data');
    expect(readFileSync(join(newerDir, 'settings.json'), 'utf8')).toBe(newer);
    const problems2 = await value<StorageProblem[]>(later, 'app:problems', {});
    expect(problems2.some((p) => p.source === 'settings' && /newer version/.test(p.message))).toBe(
      true,
    );
    await later.dispose();
  });

  it('the history limits apply to the next send', async () => {
    const { core } = createTestCore();
    await value(core, 'demo:start', { tenant: 'sentinelone' });
    await value(core, 'settings:update', { patch: { history: { maxBodyBytes: 16 } } });
    await value(core, 'http:send', {
      requestId: 's1',
      connectionId: 'demo-sentinelone',
      method: 'GET',
      path: 'threats?limit=1',
    });
    const page = await value<{ entries: Array<{ id: string }> }>(core, 'history:list', {});
    const got = await value<{ entry: { body: { kind: string } } }>(core, 'history:get', {
      id: page.entries[0]!.id,
    });
    expect(got.entry.body.kind).toBe('file');
    await core.dispose();
  });
});
