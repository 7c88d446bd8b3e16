/**
 * Every code block marked `run` in resources/docs runs against the demo tenants and must
 * exit 0 (resources/docs/README.md). The tenants run in this process, so samples run as
 * asynchronous child processes: a synchronous spawn would block the servers they call.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSecureXDemo, type SecureXDemo } from '../../main/demo/securex';
import {
  DEMO_S1_TOKENS,
  startSentinelOneDemo,
  type SentinelOneDemo,
} from '../../main/demo/sentinelone';
import { buildReference } from '../../scripts/reference/bundle';
import type { DocPage, DocSample } from '../../renderer/src/reference/types';

const ROOT = join(import.meta.dirname, '../..');
const SAMPLE_TIMEOUT_MS = 15_000;
const TAIL = 2_000;
const SSX_ADMIN = { username: 'admin', password: 'demo-admin-password' };

const reference = await buildReference(ROOT);
const runnable: Array<{ page: DocPage; sample: DocSample; n: number }> = Object.values(
  reference.docs,
).flatMap((page) => page.samples.flatMap((sample, n) => (sample.run ? [{ page, sample, n }] : [])));

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** Runs a child in its own process group, so a timeout also ends the curl it started. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout
      .setEncoding('utf8')
      .on('data', (chunk: string) => (stdout = (stdout + chunk).slice(-4 * TAIL)));
    child.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4 * TAIL)));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr });
    });
  });
}

function commandFor(sample: DocSample): [string, string[]] {
  if (sample.lang === 'bash') return ['bash', ['-euo', 'pipefail', '-c', sample.code]];
  if (sample.lang === 'python') return ['python3', ['-c', sample.code]];
  throw new Error(`${sample.id}: no runner for ${sample.lang}`);
}

/** The caller's environment without proxies (the tenants are on loopback) plus the sample settings. */
function sampleEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...settings,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
  for (const name of [
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'ALL_PROXY',
    'http_proxy',
    'https_proxy',
    'all_proxy',
  ])
    delete env[name];
  env.PYTHONDONTWRITEBYTECODE = '1';
  return env;
}

describe('runnable documentation samples against the demo tenants', () => {
  let s1: SentinelOneDemo;
  let ssx: SecureXDemo;
  let settings: Record<string, string>;

  beforeAll(async () => {
    if (runnable.some(({ sample }) => sample.lang === 'python')) {
      const probe = await run(
        'python3',
        ['-c', 'import requests'],
        sampleEnv({}),
        SAMPLE_TIMEOUT_MS,
      ).catch((error: Error) => ({ code: -1, stderr: error.message }));
      if (probe.code !== 0) {
        throw new Error(
          `Python samples need python3 with the requests library, and it is not importable here ` +
            `(${probe.stderr.trim().split('\n').pop()}). Install it: apt-get install python3-requests ` +
            `(CI does this in .ci/run), or pip install requests for the python3 on your PATH.`,
        );
      }
    }
    [s1, ssx] = await Promise.all([
      startSentinelOneDemo({ port: 0 }),
      startSecureXDemo({ port: 0 }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([s1?.close(), ssx?.close()]);
  });

  beforeEach(async () => {
    // Each sample meets the seeded tenants with no fault switches, whatever ran before it.
    s1.clearFaults();
    s1.reset();
    s1.clearLog();
    ssx.reset();
    ssx.clearLog();
    const res = await fetch(`${ssx.baseUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(SSX_ADMIN),
    });
    const body = (await res.json()) as { token?: string };
    expect(res.status, 'Secure X demo sign-in').toBe(200);
    settings = {
      S1_BASE_URL: s1.baseUrl,
      S1_API_TOKEN: DEMO_S1_TOKENS.admin,
      SSX_BASE_URL: ssx.baseUrl,
      SSX_USERNAME: SSX_ADMIN.username,
      SSX_PASSWORD: SSX_ADMIN.password,
      SSX_SESSION: String(body.token),
    };
  });

  it('has runnable samples to check', () => {
    expect(runnable.length, 'no code block in resources/docs is marked `run`').toBeGreaterThan(0);
  });

  for (const { page, sample, n } of runnable) {
    it(
      `${page.id} sample #${n} (${sample.lang}, line ${sample.line})`,
      async () => {
        const [command, args] = commandFor(sample);
        const outcome = await run(command, args, sampleEnv(settings), SAMPLE_TIMEOUT_MS);
        const how = outcome.timedOut
          ? `did not finish in ${SAMPLE_TIMEOUT_MS / 1000} s`
          : `exited with ${outcome.code ?? `signal ${outcome.signal}`}`;
        expect(
          outcome.code === 0 && !outcome.timedOut,
          `page "${page.id}", sample #${n} (${sample.lang}, line ${sample.line} of its Markdown file) ${how}\n` +
            `--- stdout (tail)\n${outcome.stdout.slice(-TAIL)}\n--- stderr (tail)\n${outcome.stderr.slice(-TAIL)}`,
        ).toBe(true);
      },
      SAMPLE_TIMEOUT_MS + 5_000,
    );
  }
});
