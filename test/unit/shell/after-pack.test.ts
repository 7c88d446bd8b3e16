import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const require = createRequire(import.meta.url);
const afterPack = require('../../../scripts/after-pack.cjs') as (context: unknown) => Promise<void>;
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as {
  getCurrentFuseWire(path: string): Promise<Record<number, number>>;
  FuseV1Options: Record<string, number>;
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 49;
const DISABLE = 48;

/**
 * A stand-in for the Electron executable: just the fuse wire, with Electron's default
 * states (RunAsNode, NODE_OPTIONS, --inspect and file: privileges on; the rest off).
 */
async function standInElectron(path: string): Promise<void> {
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\n'),
    Buffer.from(SENTINEL),
    Buffer.from([1, 8]),
    Buffer.from('10110001'),
  ]);
  await writeFile(path, wire);
  await chmod(path, 0o755);
}

describe('scripts/after-pack.cjs (Electron fuses)', () => {
  let dir: string;
  const context = () => ({
    appOutDir: dir,
    electronPlatformName: 'linux',
    arch: 1,
    packager: { executableName: 'sentinel-operator-console', appInfo: { productFilename: 'x' } },
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'soc-after-pack-'));
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it('turns RunAsNode, NODE_OPTIONS and --inspect off and the asar/cookie fuses on', async () => {
    const binary = join(dir, 'sentinel-operator-console');
    await standInElectron(binary);
    await afterPack(context());
    const wire = await getCurrentFuseWire(binary);
    const state = (name: string) => wire[FuseV1Options[name]!];
    expect(state('RunAsNode')).toBe(DISABLE);
    expect(state('EnableNodeOptionsEnvironmentVariable')).toBe(DISABLE);
    expect(state('EnableNodeCliInspectArguments')).toBe(DISABLE);
    expect(state('OnlyLoadAppFromAsar')).toBe(ENABLE);
    expect(state('EnableEmbeddedAsarIntegrityValidation')).toBe(ENABLE);
    expect(state('EnableCookieEncryption')).toBe(ENABLE);
    expect(state('GrantFileProtocolExtraPrivileges')).toBe(DISABLE);
  });

  it('fails the build when the binary has no fuse wire', async () => {
    await writeFile(join(dir, 'sentinel-operator-console'), 'not electron');
    await expect(afterPack(context())).rejects.toThrow(/sentinel/i);
  });

  it('skips only when SOC_SKIP_FUSES=1 is set, and says so', async () => {
    vi.stubEnv('SOC_SKIP_FUSES', '1');
    await writeFile(join(dir, 'sentinel-operator-console'), 'stand-in');
    await expect(afterPack(context())).resolves.toBeUndefined();
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('NOT flipping'));
  });
});
