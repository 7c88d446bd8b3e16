import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SSX_ADMINS } from '../../main/demo/securex';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { findElectronRuntime, tryInstallElectronRuntime } from '../../scripts/electron-runtime';

const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const SCRIPT_TIMEOUT_MS = 30_000;

interface RunningScript {
  child: ChildProcess;
  /** Resolves with the match once stdout matches, rejects if the script exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM to tsx (it relays it to the script); the whole group is killed if that hangs. */
  stop(): Promise<void>;
}

const running = new Set<RunningScript>();

function runScript(args: string[], env: NodeJS.ProcessEnv = {}): RunningScript {
  const child = spawn(tsx, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const script: RunningScript = {
    child,
    output: () => `${stdout}\n--- stderr ---\n${stderr}`,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const onExit = (code: number | null) => {
          cleanup();
          reject(
            new Error(`script exited (${code}) before printing ${pattern}:\n${script.output()}`),
          );
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${script.output()}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          child.off('exit', onExit);
        };
        child.stdout?.on('data', check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop() {
      running.delete(script);
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      child.kill('SIGTERM');
      const timer = new Promise<void>((resolve) => setTimeout(resolve, 5_000));
      await Promise.race([exited, timer]);
      if (child.exitCode === null && child.signalCode === null) {
        if (process.platform === 'win32') child.kill('SIGKILL');
        else process.kill(-child.pid, 'SIGKILL');
      }
    },
  };
  running.add(script);
  return script;
}

afterEach(async () => {
  await Promise.all([...running].map((s) => s.stop()));
});

function listenTcp(port: number): Promise<TcpServer> {
  return new Promise((resolve, reject) => {
    const server = createTcpServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve(server));
  });
}

function closeTcp(server: TcpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port N with N + 1 also free: the demo script takes both. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await listenTcp(0);
    const port = (first.address() as { port: number }).port;
    const second = port < 65535 ? await listenTcp(port + 1).catch(() => null) : null;
    await closeTcp(first);
    if (second) {
      await closeTcp(second);
      return port;
    }
  }
  throw new Error('No two adjacent free ports on 127.0.0.1');
}

describe('npm run demo', () => {
  it(
    '--port N: SentinelOne on N, Secure X on N + 1, tokens and logins printed and working',
    async () => {
      const port = await freePortPair();
      const demo = runScript(['scripts/demo.ts', '--port', String(port)]);
      await demo.waitFor(/Press Ctrl\+C to stop\./);
      const out = demo.output();
      const urls = [...out.matchAll(/base URL\s+(\S+)/g)].map((m) => m[1]);
      expect(urls).toEqual([
        `http://127.0.0.1:${port}/web/api/v2.1`,
        `http://127.0.0.1:${port + 1}`,
      ]);
      const admin = /admin token\s+(\S+)/.exec(out)?.[1];
      const viewer = /viewer token\s+(\S+)/.exec(out)?.[1];
      expect([admin, viewer]).toEqual([DEMO_S1_TOKENS.admin, DEMO_S1_TOKENS.viewer]);
      for (const login of DEMO_SSX_ADMINS) {
        expect(out).toContain(`${login.username} / ${login.password}`);
      }

      const threats = await fetch(`${urls[0]}/threats?limit=1`, {
        headers: { Authorization: `ApiToken ${admin}` },
      });
      expect(threats.status).toBe(200);
      expect(((await threats.json()) as { data: unknown[] }).data).toHaveLength(1);
      const unauthorised = await fetch(`${urls[0]}/threats?limit=1`);
      expect(unauthorised.status).toBe(401);

      const signIn = await fetch(`${urls[1]}/api/admin/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo-admin-password' }),
      });
      expect(signIn.status).toBe(200);

      await demo.stop();
      expect(await demo.exited).toMatchObject({ code: 0 });
      await expect(fetch(`${urls[0]}/threats`)).rejects.toThrow();
    },
    SCRIPT_TIMEOUT_MS,
  );

  it(
    'refuses a port that leaves no room for N + 1',
    async () => {
      const demo = runScript(['scripts/demo.ts', '--port', '65535']);
      expect(await demo.exited).toMatchObject({ code: 2 });
      expect(demo.output()).toContain('--port must be a number from 0 to 65534');
    },
    SCRIPT_TIMEOUT_MS,
  );
});

describe('npm start without an Electron window', () => {
  const rendererIndex = join(root, 'out/renderer/index.html');
  let dataDir = '';

  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function startInBrowserMode(args: string[], env: NodeJS.ProcessEnv = {}): RunningScript {
    if (!existsSync(rendererIndex)) {
      throw new Error(
        `${rendererIndex} is missing: run \`npm run build\` first (npm test builds before testing).`,
      );
    }
    dataDir = mkdtempSync(join(tmpdir(), 'soc-start-'));
    return runScript(['scripts/start.ts', '--no-open', '--no-build', '--port', '0', ...args], {
      SOC_DATA_DIR: dataDir,
      ...env,
    });
  }

  it(
    '--browser: prints the reason and a token URL that serves the console; SIGTERM stops it',
    async () => {
      const start = startInBrowserMode(['--browser']);
      const [, url] = await start.waitFor(
        /\n\s+(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64})\n/,
      );
      // The last line of the banner comes after the URL: wait for it rather than race it.
      await start.waitFor(/Press Ctrl\+C to stop\./);
      expect(start.output()).toContain('No Electron window: --browser was given.');
      expect(start.output()).toContain(`Data directory: ${dataDir}.`);

      const page = await fetch(url as string);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).toContain('<div id="app"');
      const withoutToken = await fetch(new URL('/api/invoke/app:info', url as string), {
        method: 'POST',
        body: '{}',
      });
      expect(withoutToken.status).toBeGreaterThanOrEqual(400);

      const stopped = performance.now();
      await start.stop();
      expect(await start.exited).toMatchObject({ code: 0 });
      expect(performance.now() - stopped).toBeLessThan(5_000);
      await expect(fetch(url as string)).rejects.toThrow();
    },
    SCRIPT_TIMEOUT_MS,
  );

  it.skipIf(findElectronRuntime().available)(
    'no runtime and SOC_NO_ELECTRON_DOWNLOAD=1: says why, without trying a download',
    async () => {
      const started = performance.now();
      const start = startInBrowserMode([], { SOC_NO_ELECTRON_DOWNLOAD: '1', CI: '' });
      await start.waitFor(/Press Ctrl\+C to stop\./);
      expect(start.output()).toMatch(
        /No Electron window: the Electron runtime is not installed .*; not downloading it because SOC_NO_ELECTRON_DOWNLOAD is set\./,
      );
      expect(performance.now() - started).toBeLessThan(20_000);
    },
    SCRIPT_TIMEOUT_MS,
  );
});

describe('Electron runtime download', () => {
  const missing = () => ({
    available: false as const,
    reason: 'the Electron runtime is not installed',
  });
  const closers: Array<() => Promise<void>> = [];

  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  function track(server: Server | TcpServer, sockets: Set<Socket> = new Set()): void {
    server.on('connection', (socket: Socket) => sockets.add(socket));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        }),
    );
  }

  /** A host that accepts the connection and then never answers: a filtered network. */
  async function silentHost(): Promise<string> {
    const server = createTcpServer(() => undefined);
    track(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  }

  async function answeringHost(): Promise<string> {
    const server = createServer((_req, res) => res.writeHead(404).end());
    track(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  }

  function noInstall(): Promise<void> {
    throw new Error('the installer must not run');
  }

  it('skips the attempt under CI and with SOC_NO_ELECTRON_DOWNLOAD=1, saying which', async () => {
    for (const [env, why] of [
      [{ CI: 'true' }, 'CI is set'],
      [{ SOC_NO_ELECTRON_DOWNLOAD: '1' }, 'SOC_NO_ELECTRON_DOWNLOAD is set'],
    ] as const) {
      const result = await tryInstallElectronRuntime({ env, find: missing, install: noInstall });
      expect(result).toEqual({
        available: false,
        reason: `the Electron runtime is not installed; not downloading it because ${why}`,
      });
    }
  });

  it('gives up within the probe timeout when the download host never answers', async () => {
    const probeUrl = await silentHost();
    const started = performance.now();
    const result = await tryInstallElectronRuntime({
      env: {},
      find: missing,
      probeUrl,
      probeTimeoutMs: 300,
      install: noInstall,
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.available).toBe(false);
    expect(!result.available && result.reason).toMatch(
      /^the Electron runtime is not installed; cannot download it: 127\.0\.0\.1:\d+ did not answer within 300 ms/,
    );
  });

  it('runs the installer with a bound once the host answers, and reports its failure', async () => {
    const probeUrl = await answeringHost();
    const timeouts: number[] = [];
    const result = await tryInstallElectronRuntime({
      env: {},
      find: missing,
      probeUrl,
      installTimeoutMs: 1_500,
      install: async (timeoutMs) => {
        timeouts.push(timeoutMs);
        throw Object.assign(new Error('Command failed'), { killed: true });
      },
    });
    expect(timeouts).toEqual([1_500]);
    expect(!result.available && result.reason).toBe(
      'the Electron runtime is not installed; downloading it failed (it did not finish within 2 s)',
    );
  });

  it('returns the runtime the installer put in place', async () => {
    const probeUrl = await answeringHost();
    let installed = false;
    const result = await tryInstallElectronRuntime({
      env: {},
      find: () => (installed ? { available: true, path: '/opt/electron' } : missing()),
      probeUrl,
      install: async () => {
        installed = true;
      },
    });
    expect(result).toEqual({ available: true, path: '/opt/electron' });
  });
});
