import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type RuntimeCheck = { available: true; path: string } | { available: false; reason: string };

/** Where @electron/get downloads from unless a mirror is configured. */
const DEFAULT_DOWNLOAD_BASE = 'https://github.com/electron/electron/releases/';
const PROBE_TIMEOUT_MS = 4_000;
/** ~100 MB over a working link; the probe has already shown the host answers. */
const INSTALL_TIMEOUT_MS = 120_000;

/** Is the Electron binary on this machine? (`require('electron')` in Node gives its path, or throws.) */
export function findElectronRuntime(): RuntimeCheck {
  try {
    const path = require('electron') as unknown as string;
    if (typeof path === 'string' && existsSync(path)) return { available: true, path };
    return { available: false, reason: `the Electron binary is missing at ${String(path)}` };
  } catch (err) {
    return {
      available: false,
      reason: `the Electron runtime is not installed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
    };
  }
}

export interface InstallOptions {
  env?: NodeJS.ProcessEnv;
  find?: () => RuntimeCheck;
  /** Defaults to the configured Electron mirror, else GitHub releases. */
  probeUrl?: string;
  probeTimeoutMs?: number;
  /** Runs Electron's own installer; rejects on failure or after `timeoutMs`. */
  install?: (timeoutMs: number) => Promise<void>;
  installTimeoutMs?: number;
}

function duration(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 1_000)} s`;
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function runElectronInstaller(timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [require.resolve('electron/install.js')],
      { timeout: timeoutMs, killSignal: 'SIGKILL' },
      (err) => (err ? reject(err) : resolve()),
    );
  });
}

/**
 * Any HTTP answer (even a 404) shows the download host is reachable. A network that drops
 * packets instead of refusing them would otherwise hold the installer for minutes.
 */
async function probe(url: string, timeoutMs: number): Promise<string | null> {
  try {
    await fetch(url, {
      method: 'HEAD',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return null;
  } catch (err) {
    const host = new URL(url).host;
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    if ((err as Error).name === 'TimeoutError') {
      return `${host} did not answer within ${duration(timeoutMs)} (offline or filtered network?)`;
    }
    return `${host} is not reachable (${cause ?? (err as Error).message})`;
  }
}

/**
 * `npm install` skips Electron's binary download (allowScripts), so the first start tries
 * it once: never under CI or with `SOC_NO_ELECTRON_DOWNLOAD=1`, and only after a short
 * probe shows the download host answers. Every "no" carries the reason `npm start` prints.
 */
export async function tryInstallElectronRuntime(
  options: InstallOptions = {},
): Promise<RuntimeCheck> {
  const env = options.env ?? process.env;
  const find = options.find ?? findElectronRuntime;
  const before = find();
  if (before.available) return before;
  if (isSet(env.CI)) {
    return { available: false, reason: `${before.reason}; not downloading it because CI is set` };
  }
  if (isSet(env.SOC_NO_ELECTRON_DOWNLOAD)) {
    return {
      available: false,
      reason: `${before.reason}; not downloading it because SOC_NO_ELECTRON_DOWNLOAD is set`,
    };
  }
  // Behind a proxy a direct probe proves nothing; the installer's own timeout bounds it.
  const proxied = isSet(env.HTTPS_PROXY) || isSet(env.https_proxy);
  if (!proxied) {
    const base =
      options.probeUrl ??
      env.ELECTRON_MIRROR ??
      env.npm_config_electron_mirror ??
      DEFAULT_DOWNLOAD_BASE;
    const unreachable = await probe(base, options.probeTimeoutMs ?? PROBE_TIMEOUT_MS);
    if (unreachable) {
      return { available: false, reason: `${before.reason}; cannot download it: ${unreachable}` };
    }
  }
  const timeoutMs = options.installTimeoutMs ?? INSTALL_TIMEOUT_MS;
  try {
    await (options.install ?? runElectronInstaller)(timeoutMs);
  } catch (err) {
    const killed = (err as { killed?: boolean }).killed === true;
    const why = killed
      ? `it did not finish within ${duration(timeoutMs)}`
      : (err as Error).message.split('\n')[0];
    return { available: false, reason: `${before.reason}; downloading it failed (${why})` };
  }
  return find();
}
