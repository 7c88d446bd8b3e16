/**
 * Huge-response benchmark: how fast the console shows the first screen of a 10–200 MiB
 * JSON body, how long its longest renderer task is and how much memory it takes, against
 * a naive client measured in the same run on the same body (read it all, JSON.parse,
 * JSON.stringify(…, null, 2), one <pre>).
 *
 *   npm run build && npm run bench:huge            (or: npx tsx bench/huge-response.bench.ts)
 *   npm run bench:huge -- --sizes 10,50            (a subset)
 *
 * Each size gets a fresh core, browser host and headless Chromium (the launch options of
 * playwright.config.ts). Writes bench/results/huge-response.json and the marked section of
 * bench/README.md; exits 1 when the 100 MiB target is missed. Not part of `npm test`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { format, resolveConfig } from 'prettier';
import type { AppCore } from '../main/core/app-core';
import { startBrowserHost, type BrowserHost } from '../main/host/browser-host';
import { MAX_BODY_READ_BYTES } from '../preload/contract';
import playwrightConfig from '../playwright.config';
import { createTestCore } from '../test/helpers/app-harness';
import {
  latestResultsSection,
  longestIn,
  parseSizes,
  replaceSection,
  resultsTable,
  targetFailures,
  TARGET,
  type ConsoleMeasurement,
  type MachineFacts,
  type NaiveMeasurement,
  type Outcome,
  type SizeResult,
} from './lib/huge-response-report';
import { retainedMainHeapMiB, sampleMainMemory, sampleRendererHeap } from './lib/memory-samplers';
import {
  installProbes,
  NAME_SHIM,
  naiveView,
  scrollAndWait,
  watchMilestones,
  type Milestones,
} from './lib/page-probes';

const ROOT = join(import.meta.dirname, '..');
const RENDERER_DIR = join(ROOT, 'out', 'renderer');
const README = join(ROOT, 'bench', 'README.md');
const RESULTS = join(ROOT, 'bench', 'results', 'huge-response.json');
const MiB = 1024 * 1024;

const RESPONSE_TIMEOUT_MS = 180_000;
const FIRST_SCREEN_TIMEOUT_MS = 30_000;
const SCROLL_TIMEOUT_MS = 60_000;
const NAIVE_BUDGET_MS = 120_000;
/** After the last scroll: long tasks are reported a little late, and trailing work counts. */
const SETTLE_MS = 1_000;

class Timeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

function failure(err: unknown): Exclude<Outcome<never>, { status: 'ok' }> {
  const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  if (err instanceof Timeout) return { status: 'timed out', reason };
  if (/crash/i.test(reason)) return { status: 'crashed', reason };
  return { status: 'failed', reason };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new context per measurement: a page that crashes or hangs takes nothing else with it. */
async function openApp(browser: Browser, host: BrowserHost): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport: playwrightConfig.use?.viewport ?? null });
  const page = await context.newPage();
  await page.addInitScript({ content: NAME_SHIM });
  await page.addInitScript(installProbes);
  await page.goto(host.url);
  await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
  return [context, page];
}

async function closeQuietly(context: BrowserContext): Promise<void> {
  await withTimeout(context.close(), 20_000, 'closing the page').catch(() => undefined);
}

async function waitForMilestone(page: Page, key: keyof Milestones, ms: number, what: string) {
  await withTimeout(
    page.waitForFunction((k) => window.__milestones[k] !== undefined, key, {
      polling: 100,
      timeout: 0,
    }),
    ms,
    what,
  );
}

type MainSampling = ReturnType<typeof sampleMainMemory> &
  Pick<SizeResult['main'], 'byResponse' | 'retainedHeap'>;

interface ConsoleRun {
  outcome: Outcome<ConsoleMeasurement>;
  fileId: string | null;
}

async function measureConsole(
  browser: Browser,
  host: BrowserHost,
  core: AppCore,
  bytes: number,
  main: MainSampling,
): Promise<ConsoleRun> {
  const [context, page] = await openApp(browser, host);
  // Known as soon as the send answers, so the naive client can read the body even when the
  // console half fails afterwards.
  const spooled: { fileId: string | null } = { fileId: null };
  const heap = await sampleRendererHeap(page);
  try {
    await page.getByTestId('welcome-use-demo').click();
    const path = page
      .getByTestId('path-input')
      .locator('input')
      .or(page.locator('input[data-testid="path-input"]'))
      .first();
    await path.waitFor();
    const set = await core.dispatch(
      'demo:set-faults',
      {
        tenant: 'sentinelone',
        rules: [{ route: 'GET /threats', hugeBody: { bytes, shape: 'threats-json' } }],
      },
      { emit: () => undefined },
    );
    if (!set.ok) throw new Error(`demo:set-faults: ${set.error.code}: ${set.error.message}`);
    await path.fill('threats');

    const sent = page
      .waitForResponse((r) => r.url().includes('/api/invoke/http:send'), { timeout: 0 })
      .then(async (r) => {
        const envelope = (await r.json()) as {
          ok: boolean;
          value?: { body: { kind: string; fileId?: string } };
        };
        const body = envelope.value?.body;
        spooled.fileId = body?.kind === 'file' ? (body.fileId ?? null) : null;
        return envelope;
      });
    sent.catch(() => undefined); // a page closed early rejects it; the milestones say why
    await page.evaluate(watchMilestones);
    await sleep(500); // let the page go quiet so the marks are its state before Send
    main.retainedHeap = { beforeMiB: retainedMainHeapMiB(), afterMiB: null };
    heap.mark();
    main.rss.mark();
    main.heapUsed.mark();
    await page.getByTestId('send-button').click();

    await waitForMilestone(page, 'response', RESPONSE_TIMEOUT_MS, 'the response');
    main.byResponse = {
      rssMiB: main.rss.peak().peakMiB,
      heapUsedMiB: main.heapUsed.peak().peakMiB,
    };
    const envelope = await withTimeout(sent, 10_000, 'the http:send answer');
    if (!envelope.ok || !spooled.fileId) {
      throw new Error(
        `the send did not answer with a spooled body (${JSON.stringify(envelope).slice(0, 200)})`,
      );
    }
    await waitForMilestone(
      page,
      'firstScreen',
      FIRST_SCREEN_TIMEOUT_MS,
      'the huge-body viewer\'s first screen ([data-testid="huge-body"] with a ' +
        '[data-testid="huge-lines-row"] showing text, after the response)',
    );
    const scrollStart = await page.evaluate(() => performance.now());
    const scrollProblems: string[] = [];
    const scrollTo = (fraction: number) =>
      page
        .evaluate(scrollAndWait, { fraction, timeoutMs: SCROLL_TIMEOUT_MS })
        .catch((err: unknown) => {
          scrollProblems.push(failure(err).reason.replace(/^page\.evaluate: (Error: )?/, ''));
          return null;
        });
    const scrollMiddleMs = await scrollTo(0.5);
    const scrollEndMs = await scrollTo(1);
    await sleep(SETTLE_MS);
    const end = await page.evaluate(() => performance.now());
    main.retainedHeap.afterMiB = retainedMainHeapMiB();
    const [tasks, m] = await page.evaluate(
      () => [window.__longTasks, window.__milestones] as const,
    );
    const send = m.send!;
    const response = m.response!;
    const firstScreen = m.firstScreen!;
    return {
      fileId: spooled.fileId,
      outcome: {
        status: 'ok',
        value: {
          responseMs: response - send,
          firstScreenMs: firstScreen - response,
          firstScreenFromClickMs: firstScreen - send,
          firstScreenAttrMs: m.firstScreenAttr !== undefined ? m.firstScreenAttr - response : null,
          indexDoneMs: m.indexDone !== undefined ? m.indexDone - response : null,
          scrollMiddleMs,
          scrollEndMs,
          ...(scrollProblems.length > 0 ? { scrollProblem: scrollProblems.join('; ') } : {}),
          longestTaskMs: longestIn(tasks, send, end),
          longestTaskByPhase: {
            transfer: longestIn(tasks, send, response),
            firstScreen: longestIn(tasks, response, scrollStart),
            scroll: longestIn(tasks, scrollStart, end),
          },
          longTaskCount: tasks.filter((t) => t.start + t.duration > send).length,
          longestBootTaskMs: longestIn(tasks, 0, send),
          rendererHeap: heap.peak(),
        },
      },
    };
  } catch (err) {
    return { fileId: spooled.fileId, outcome: await consoleFailure(page, err) };
  } finally {
    await closeQuietly(context);
    await heap.stop();
  }
}

/** The failure, what was measured before it, and a screenshot of the page for a look. */
async function consoleFailure(page: Page, err: unknown): Promise<Outcome<ConsoleMeasurement>> {
  const outcome = failure(err);
  const m = await withTimeout(
    page.evaluate(() => ({ ...window.__milestones })),
    5_000,
    'reading the milestones',
  ).catch(() => null);
  if (m?.send !== undefined && m.response !== undefined) {
    outcome.partial = { responseMs: m.response - m.send };
  }
  const shot = join(tmpdir(), `huge-response-console-${Date.now()}.png`);
  await withTimeout(page.screenshot({ path: shot }), 10_000, 'the screenshot')
    .then(() => console.log(`  (console failed; screenshot: ${shot})`))
    .catch(() => undefined);
  return outcome;
}

async function measureNaive(
  browser: Browser,
  host: BrowserHost,
  fileId: string,
): Promise<Outcome<NaiveMeasurement>> {
  const [context, page] = await openApp(browser, host);
  const heap = await sampleRendererHeap(page);
  const crashed = new Promise<never>((_, reject) =>
    page.once('crash', () => reject(new Error('the page crashed (renderer out of memory?)'))),
  );
  crashed.catch(() => undefined);
  const phases: Record<string, number> = {};
  page.on('console', (msg) => {
    const told = /^naive-phase:(\w+)=([\d.]+)$/.exec(msg.text());
    if (told) phases[told[1]!] = Number(told[2]);
  });
  try {
    await sleep(500);
    heap.mark();
    const run = await withTimeout(
      Promise.race([
        page.evaluate(naiveView, {
          token: host.token,
          fileId,
          maxRead: MAX_BODY_READ_BYTES,
          holdMs: 300,
        }),
        crashed,
      ]),
      NAIVE_BUDGET_MS,
      'the naive view',
    );
    await sleep(SETTLE_MS);
    const tasks = await page.evaluate(() => window.__longTasks);
    return {
      status: 'ok',
      value: {
        timeToViewMs: run.totalMs,
        phases: {
          readMs: run.readMs,
          parseMs: run.parseMs,
          stringifyMs: run.stringifyMs,
          paintMs: run.paintMs,
        },
        longestTaskMs: longestIn(tasks, run.start, run.start + run.totalMs),
        rendererHeap: heap.peak(),
        prettyChars: run.prettyChars,
      },
    };
  } catch (err) {
    const outcome = failure(err);
    const next = ['readMs', 'parseMs', 'stringifyMs'].find((p) => phases[p] === undefined);
    const during = { readMs: 'read', parseMs: 'JSON.parse', stringifyMs: 'JSON.stringify' };
    outcome.reason += ` (in ${next ? during[next as keyof typeof during] : 'paint'})`;
    outcome.partial = { ...phases, peakHeapMiB: heap.peak().peakMiB };
    return outcome;
  } finally {
    // Closing first: a renderer stuck in a task would never answer the last heap sample.
    await closeQuietly(context);
    await heap.stop();
  }
}

async function measureSize(sizeMiB: number, onChromium: (v: string) => void): Promise<SizeResult> {
  const bytes = sizeMiB * MiB;
  const { core } = createTestCore({ keychain: 'fake' });
  const host = await startBrowserHost({ core, rendererDir: RENDERER_DIR });
  const main: MainSampling = {
    ...sampleMainMemory(),
    retainedHeap: { beforeMiB: retainedMainHeapMiB(), afterMiB: null },
  };
  const browser = await chromium.launch({ ...playwrightConfig.use?.launchOptions, headless: true });
  onChromium(browser.version());
  try {
    const consoleRun = await measureConsole(browser, host, core, bytes, main);
    const mainPeaks: SizeResult['main'] = {
      rss: main.rss.peak(),
      heapUsed: main.heapUsed.peak(),
      ...(main.byResponse ? { byResponse: main.byResponse } : {}),
      retainedHeap: main.retainedHeap,
    };
    const naive: Outcome<NaiveMeasurement> = consoleRun.fileId
      ? await measureNaive(browser, host, consoleRun.fileId)
      : { status: 'failed', reason: 'no spooled body to read (the console send failed)' };
    return { sizeMiB, bytes, console: consoleRun.outcome, naive, main: mainPeaks };
  } finally {
    await main.rss.stop();
    await withTimeout(browser.close(), 30_000, 'closing Chromium').catch(() => undefined);
    await host.close();
    await core.dispose();
  }
}

/** A cheap look at the build: without the viewer the console half can only time out. */
function viewerBuilt(): boolean {
  const assets = join(RENDERER_DIR, 'assets');
  if (!existsSync(assets)) return false;
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .some((f) => readFileSync(join(assets, f), 'utf8').includes('huge-lines'));
}

function describe(r: SizeResult): string {
  const c = r.console;
  const n = r.naive;
  const con =
    c.status === 'ok'
      ? `console: response ${Math.round(c.value.responseMs)} ms, first screen +${Math.round(c.value.firstScreenMs)} ms, longest task ${Math.round(c.value.longestTaskMs)} ms` +
        (c.value.scrollProblem ? ` (scrolling: ${c.value.scrollProblem})` : '')
      : `console ${c.status}: ${c.reason}` +
        (c.partial?.responseMs !== undefined
          ? ` (response after ${Math.round(c.partial.responseMs)} ms)`
          : '');
  const nai =
    n.status === 'ok'
      ? `naive: ${Math.round(n.value.timeToViewMs)} ms, longest task ${Math.round(n.value.longestTaskMs)} ms`
      : `naive ${n.status}: ${n.reason}`;
  return `${r.sizeMiB} MiB — ${con}; ${nai}`;
}

async function main(): Promise<void> {
  const sizes = parseSizes(process.argv.slice(2));
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('No built renderer in out/renderer: run `npm run build` first.');
  }
  if (!viewerBuilt()) {
    console.warn(
      'The built renderer has no huge-body viewer (no "huge-lines" in out/renderer/assets): ' +
        'the console measurements will time out. Rebuild once the viewer exists.',
    );
  }
  let chromiumVersion = 'unknown';
  const results: SizeResult[] = [];
  for (const size of sizes) {
    console.log(`${size} MiB …`);
    const result = await measureSize(size, (v) => (chromiumVersion = v));
    console.log(`  ${describe(result)}`);
    results.push(result);
  }

  const machine: MachineFacts = {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    chromium: chromiumVersion,
  };
  const run = { date: new Date().toISOString(), machine, results };
  const failures = targetFailures(results);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    RESULTS,
    `${JSON.stringify({ ...run, target: TARGET, targetFailures: failures }, null, 2)}\n`,
  );
  // Formatted as `npm run lint` checks it: failure reasons are free text.
  const readme = replaceSection(readFileSync(README, 'utf8'), latestResultsSection(run));
  const prettier = { ...(await resolveConfig(README)), filepath: README };
  writeFileSync(README, await format(readme, prettier));

  console.log(
    `\nMachine: ${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}, Chromium ${machine.chromium}\n`,
  );
  console.log(resultsTable(results));
  console.log('\nWrote bench/results/huge-response.json and the table in bench/README.md');
  if (!results.some((r) => r.sizeMiB === TARGET.sizeMiB)) {
    console.log(`(${TARGET.sizeMiB} MiB not run: the target was not checked)`);
  } else if (failures.length > 0) {
    for (const reason of failures) console.error(`TARGET MISSED: ${reason}`);
    process.exitCode = 1;
  } else {
    console.log(`Target met at ${TARGET.sizeMiB} MiB.`);
  }
}

await main();
