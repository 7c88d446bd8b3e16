/**
 * `npm run test:package`: checks that electron-builder accepts the packaging
 * config and produces the app archive we expect. The Electron binary cannot be
 * downloaded here, so a stand-in folder plays `electronDist` (fuses skipped:
 * a stand-in has no fuse wire; the after-pack unit test covers the fuses).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(path: string, o: object): string[] };
const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'soc-package-'));
const standIn = join(work, 'electron-dist');
const output = join(work, 'dist');

spawnSync('mkdir', ['-p', standIn]);
writeFileSync(join(standIn, 'electron'), '#!/bin/sh\necho stand-in\n');
chmodSync(join(standIn, 'electron'), 0o755);

const result = spawnSync(
  process.execPath,
  [
    require.resolve('electron-builder/cli.js'),
    '--linux',
    'dir',
    `-c.electronDist=${standIn}`,
    `-c.directories.output=${output}`,
  ],
  { cwd: root, encoding: 'utf8', env: { ...process.env, SOC_SKIP_FUSES: '1' } },
);
if (result.status !== 0) {
  console.error(result.stdout, result.stderr);
  console.error('electron-builder refused the packaging config.');
  process.exit(1);
}

const appDir = join(output, 'linux-unpacked');
const archive = join(appDir, 'resources', 'app.asar');
const problems: string[] = [];
if (!existsSync(join(appDir, 'sentinel-operator-console'))) problems.push('executable not renamed');
if (!existsSync(archive)) problems.push('no app.asar');
const entries = existsSync(archive) ? asar.listPackage(archive, { isPack: false }) : [];
for (const needed of [
  '/out/main/index.js',
  '/out/preload/index.cjs',
  '/out/renderer/index.html',
  '/package.json',
]) {
  if (!entries.includes(needed)) problems.push(`missing ${needed}`);
}
const leaked = entries.filter(
  (e) => /\/test\/|\.spec\.|\.test\.|\.map$/.test(e) && !e.includes('node_modules'),
);
if (leaked.length) problems.push(`test or map files packaged: ${leaked.slice(0, 5).join(', ')}`);
if (!existsSync(join(appDir, 'resources', 'app.asar.unpacked')))
  problems.push('keytar .node not unpacked');
if (problems.length) {
  console.error(`package check failed: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(
  `package check: electron-builder --dir accepted the config; app.asar has ${entries.length} entries`,
);
