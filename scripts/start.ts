/**
 * `npm start`: the Electron app when its runtime is present, otherwise the
 * browser host serving the same renderer and contract on 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAppCore } from '../main/core/app-core';
import { defaultDataDir } from '../main/core/storage/data-dir';
import { startBrowserHost } from '../main/host/browser-host';
import { openInBrowser } from '../main/host/open-in-browser';
import { isAllowedExternalUrl } from '../main/core/security/external-links';
import { tryInstallElectronRuntime } from './electron-runtime';

const root = join(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
    'no-open': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfStale(): void {
  const marker = join(root, 'out/renderer/index.html');
  const sources = ['main', 'preload', 'renderer'].map((d) => newestMtime(join(root, d)));
  if (existsSync(marker) && statSync(marker).mtimeMs >= Math.max(...sources)) return;
  console.log('Building the console (first start or sources changed)…');
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

async function main(): Promise<void> {
  if (!args['no-build']) buildIfStale();
  const runtime = args.browser
    ? { available: false as const, reason: '--browser was given' }
    : await tryInstallElectronRuntime();
  if (runtime.available) {
    const child = spawn(runtime.path, [root], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  const version = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const dataDir = defaultDataDir();
  const core = createAppCore({
    dataDir,
    transport: 'browser-host',
    version,
    openExternal: async (url) => {
      if (isAllowedExternalUrl(url)) await openInBrowser(url);
    },
    log: (line) => console.error(`[core] ${line}`),
  });
  const host = await startBrowserHost({
    core,
    rendererDir: join(root, 'out/renderer'),
    port: Number(args.port),
    log: (line) => console.error(line),
  });
  console.log(`No Electron window: ${runtime.reason}.`);
  console.log('Serving the console in your browser instead (same features, local only):');
  console.log(`\n  ${host.url}\n`);
  console.log(`Data directory: ${dataDir}. Press Ctrl+C to stop.`);
  if (!args['no-open']) {
    const opened = await openInBrowser(host.url);
    if (!opened) console.log('(No desktop browser found to open it; copy the link above.)');
  }
  const shutdown = async () => {
    await host.close();
    await core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

void main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
