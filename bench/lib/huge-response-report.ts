/**
 * The pure half of the huge-response benchmark: result shapes, the `--sizes` option, the
 * Markdown tables, the marked README section and the acceptance check. No browser, no
 * files: the unit tests run it on hand-made results.
 */

export const DEFAULT_SIZES_MIB = [10, 50, 100, 200] as const;
export const SECTION_START = '<!-- huge-response:start -->';
export const SECTION_END = '<!-- huge-response:end -->';

/** The product's acceptance target, checked at this size. */
export const TARGET = { sizeMiB: 100, firstScreenMs: 1500, longestTaskMs: 200 } as const;

/** A measurement that ran, or why it has no number. */
export type Outcome<T> =
  | { status: 'ok'; value: T }
  | {
      status: 'crashed' | 'timed out' | 'failed';
      reason: string;
      /** What was measured before it stopped (e.g. Send → response when the viewer never drew). */
      partial?: Record<string, number>;
    };

export interface MemoryPeak {
  /** Largest sample, MiB. */
  peakMiB: number;
  /** The sample taken just before the measured phase started, MiB. */
  beforeMiB: number;
}

export interface ConsoleMeasurement {
  /** Click on Send → the `response-time` metric on screen. */
  responseMs: number;
  /** Response on screen → first row of the huge-body viewer painted with text. */
  firstScreenMs: number;
  /** Click on Send → first screen. */
  firstScreenFromClickMs: number;
  /** When `data-first-screen="true"` was seen, from the response (null: never). */
  firstScreenAttrMs: number | null;
  /** When the viewer said its line index was done, from the response (null: not seen). */
  indexDoneMs: number | null;
  /** scrollTop set to the middle / the end → rows there painted with text (null: never). */
  scrollMiddleMs: number | null;
  scrollEndMs: number | null;
  /** Why a scroll got no rows with text; the first screen still counts for the target. */
  scrollProblem?: string;
  /** Longest renderer task from the click on Send to the end of the scrolling (0: none over 50 ms). */
  longestTaskMs: number;
  /** The same, split by phase, to say which one was slow. */
  longestTaskByPhase: { transfer: number; firstScreen: number; scroll: number };
  longTaskCount: number;
  /** Longest task while the app started (before Send), for reference only. */
  longestBootTaskMs: number;
  rendererHeap: MemoryPeak;
}

export interface NaiveMeasurement {
  /** Start → the <pre> painted (read + parse + stringify + paint). */
  timeToViewMs: number;
  phases: { readMs: number; parseMs: number; stringifyMs: number; paintMs: number };
  longestTaskMs: number;
  rendererHeap: MemoryPeak;
  /** Characters of the pretty-printed text put in the <pre>. */
  prettyChars: number;
}

export interface SizeResult {
  sizeMiB: number;
  bytes: number;
  console: Outcome<ConsoleMeasurement>;
  naive: Outcome<NaiveMeasurement>;
  /** This Node process (core and browser host run in it) while the console measured. */
  main: {
    rss: MemoryPeak;
    heapUsed: MemoryPeak;
    /** The peaks up to the response on screen: the rest came while viewing it. */
    byResponse?: { rssMiB: number; heapUsedMiB: number };
    /** V8 heap after full collections, before Send and after the scrolling (null: not reached). */
    retainedHeap: { beforeMiB: number; afterMiB: number | null };
  };
}

export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
}

/** `--sizes 10,50` (or `--sizes=10,50`); the four default sizes without it. */
export function parseSizes(argv: readonly string[]): number[] {
  const at = argv.findIndex((a) => a === '--sizes' || a.startsWith('--sizes='));
  if (at === -1) return [...DEFAULT_SIZES_MIB];
  const arg = argv[at] as string;
  const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  if (!raw) throw new RangeError('--sizes needs a list of MiB, e.g. --sizes 10,50');
  const sizes = raw.split(',').map((s) => Number(s.trim()));
  for (const [i, n] of sizes.entries()) {
    if (!Number.isInteger(n) || n < 1 || n > 512) {
      throw new RangeError(
        `--sizes: "${raw.split(',')[i]}" is not a whole number of MiB between 1 and 512`,
      );
    }
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}

const group = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatMs(ms: number): string {
  return group.format(Math.round(ms));
}

/** Long tasks are only reported from 50 ms up; none means "under 50". */
export function formatTask(ms: number): string {
  return ms > 0 ? formatMs(ms) : '< 50';
}

export function formatMiB(mib: number): string {
  return mib >= 100 ? group.format(Math.round(mib)) : (Math.round(mib * 10) / 10).toFixed(1);
}

function withDelta(peak: MemoryPeak): string {
  const delta = peak.peakMiB - peak.beforeMiB;
  return `${formatMiB(peak.peakMiB)} (${delta < 0 ? '−' : '+'}${formatMiB(Math.abs(delta))})`;
}

function cell<T>(outcome: Outcome<T>, show: (v: T) => string): string {
  return outcome.status === 'ok' ? show(outcome.value) : outcome.status;
}

function ratio(r: SizeResult): string {
  if (r.console.status !== 'ok' || r.naive.status !== 'ok') return '—';
  const c = r.console.value.firstScreenMs;
  if (c <= 0) return '—';
  const x = r.naive.value.timeToViewMs / c;
  return `${x >= 10 ? Math.round(x) : x.toFixed(1)}×`;
}

function markdownTable(header: string[], rows: string[][], align: Array<'l' | 'r'>): string {
  // A failure reason is free text: a `|` in it would end the cell.
  const cells = [header, ...rows].map((row) => row.map((c) => c.replace(/\|/g, '\\|')));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    `| ${row.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}

/** The main table: one row per size, console beside the naive client. */
export function resultsTable(results: readonly SizeResult[]): string {
  const header = [
    'size',
    'console first screen (ms)',
    'console longest task (ms)',
    'console peak renderer heap (MiB)',
    'main RSS peak (MiB)',
    'naive time to view',
    'naive longest task',
    'naive peak heap',
    'ratio (naive/console time to view)',
  ];
  const rows = results.map((r) => [
    `${r.sizeMiB} MiB`,
    cell(r.console, (v) => formatMs(v.firstScreenMs)),
    cell(r.console, (v) => formatTask(v.longestTaskMs)),
    cell(r.console, (v) => withDelta(v.rendererHeap)),
    withDelta(r.main.rss),
    cell(r.naive, (v) => `${formatMs(v.timeToViewMs)} ms`),
    cell(r.naive, (v) => `${formatTask(v.longestTaskMs)} ms`),
    cell(r.naive, (v) => `${formatMiB(v.rendererHeap.peakMiB)} MiB`),
    ratio(r),
  ]);
  return markdownTable(header, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
}

/** Where the time went: the console's phases and the naive client's. */
export function phasesTable(results: readonly SizeResult[]): string {
  const header = [
    'size',
    'Send → response',
    'response → first screen',
    'line index done',
    'scroll to middle',
    'scroll to end',
    'longest task: transfer / first screen / scroll',
    'main heapUsed peak (MiB)',
    'main heap kept after (MiB)',
    'naive: read / parse / stringify / paint',
  ];
  const rows = results.map((r) => [
    `${r.sizeMiB} MiB`,
    r.console.status !== 'ok' && r.console.partial?.responseMs !== undefined
      ? formatMs(r.console.partial.responseMs)
      : cell(r.console, (v) => formatMs(v.responseMs)),
    cell(r.console, (v) => formatMs(v.firstScreenMs)),
    cell(r.console, (v) => (v.indexDoneMs === null ? '—' : formatMs(v.indexDoneMs))),
    cell(r.console, (v) => (v.scrollMiddleMs === null ? 'no rows' : formatMs(v.scrollMiddleMs))),
    cell(r.console, (v) => (v.scrollEndMs === null ? 'no rows' : formatMs(v.scrollEndMs))),
    cell(r.console, (v) =>
      [v.longestTaskByPhase.transfer, v.longestTaskByPhase.firstScreen, v.longestTaskByPhase.scroll]
        .map(formatTask)
        .join(' / '),
    ),
    withDelta(r.main.heapUsed),
    r.main.retainedHeap.afterMiB === null
      ? '—'
      : withDelta({
          peakMiB: r.main.retainedHeap.afterMiB,
          beforeMiB: r.main.retainedHeap.beforeMiB,
        }),
    r.naive.status === 'ok'
      ? Object.values(r.naive.value.phases).map(formatMs).join(' / ')
      : naiveFailure(r.naive),
  ]);
  return markdownTable(header, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']);
}

function naiveFailure(n: Exclude<SizeResult['naive'], { status: 'ok' }>): string {
  const done = (['readMs', 'parseMs', 'stringifyMs'] as const)
    .filter((k) => n.partial?.[k] !== undefined)
    .map((k) => formatMs(n.partial![k]!));
  return `${n.status}: ${n.reason}${done.length > 0 ? `, after ${done.join(' / ')}` : ''}`;
}

/** Why a run misses the product's target at 100 MiB; empty when it meets it (or was not run). */
export function targetFailures(results: readonly SizeResult[]): string[] {
  const at = results.find((r) => r.sizeMiB === TARGET.sizeMiB);
  if (!at) return [];
  if (at.console.status !== 'ok') {
    return [`At ${TARGET.sizeMiB} MiB the console ${at.console.status}: ${at.console.reason}`];
  }
  const v = at.console.value;
  const out: string[] = [];
  if (v.firstScreenMs > TARGET.firstScreenMs) {
    out.push(
      `At ${TARGET.sizeMiB} MiB the first screen took ${formatMs(v.firstScreenMs)} ms after the ` +
        `response arrived (target ≤ ${formatMs(TARGET.firstScreenMs)} ms).`,
    );
  }
  if (v.longestTaskMs > TARGET.longestTaskMs) {
    const phase = Object.entries(v.longestTaskByPhase).sort((a, b) => b[1] - a[1])[0]?.[0];
    out.push(
      `At ${TARGET.sizeMiB} MiB the longest renderer task was ${formatMs(v.longestTaskMs)} ms ` +
        `(during ${phase}; target ≤ ${TARGET.longestTaskMs} ms).`,
    );
  }
  return out;
}

/** Puts `body` between the markers, or appends markers and body when the file has none. */
export function replaceSection(readme: string, body: string): string {
  const block = `${SECTION_START}\n${body.trim()}\n${SECTION_END}`;
  const start = readme.indexOf(SECTION_START);
  const end = readme.indexOf(SECTION_END);
  if (start === -1 && end === -1) return `${readme.trimEnd()}\n\n${block}\n`;
  if (start === -1 || end < start) {
    throw new Error(`bench/README.md has a broken ${SECTION_START} … ${SECTION_END} pair`);
  }
  return readme.slice(0, start) + block + readme.slice(end + SECTION_END.length);
}

export interface RunSummary {
  date: string;
  machine: MachineFacts;
  results: SizeResult[];
}

/** What goes between the markers: when and where it ran, the two tables, the verdict. */
export function latestResultsSection(run: RunSummary): string {
  const m = run.machine;
  const failures = targetFailures(run.results);
  const checked = run.results.some((r) => r.sizeMiB === TARGET.sizeMiB);
  const verdict = !checked
    ? `The ${TARGET.sizeMiB} MiB size was not run, so the target was not checked.`
    : failures.length === 0
      ? `Target met at ${TARGET.sizeMiB} MiB.`
      : `Target missed: ${failures.join(' ')}`;
  return [
    '### Latest results',
    '',
    `${run.date.slice(0, 10)}. Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, ` +
      `Node ${m.node}, Chromium ${m.chromium} (headless).`,
    '',
    resultsTable(run.results),
    '',
    'Where the time went (ms):',
    '',
    phasesTable(run.results),
    '',
    verdict,
  ].join('\n');
}

/** Longest task overlapping [from, to) in page time; 0 when none (all under 50 ms). */
export function longestIn(
  tasks: ReadonlyArray<{ start: number; duration: number }>,
  from: number,
  to = Infinity,
): number {
  let longest = 0;
  for (const t of tasks) {
    if (t.start + t.duration > from && t.start < to) longest = Math.max(longest, t.duration);
  }
  return longest;
}
