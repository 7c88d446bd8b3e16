import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZES_MIB,
  latestResultsSection,
  longestIn,
  parseSizes,
  replaceSection,
  resultsTable,
  SECTION_END,
  SECTION_START,
  targetFailures,
  type ConsoleMeasurement,
  type SizeResult,
} from '../../../bench/lib/huge-response-report';

function consoleOk(over: Partial<ConsoleMeasurement> = {}): SizeResult['console'] {
  return {
    status: 'ok',
    value: {
      responseMs: 900,
      firstScreenMs: 400,
      firstScreenFromClickMs: 1300,
      firstScreenAttrMs: 380,
      indexDoneMs: 2500,
      scrollMiddleMs: 120,
      scrollEndMs: 90,
      longestTaskMs: 80,
      longestTaskByPhase: { transfer: 0, firstScreen: 80, scroll: 60 },
      longTaskCount: 3,
      longestBootTaskMs: 310,
      rendererHeap: { peakMiB: 42.25, beforeMiB: 30 },
      ...over,
    },
  };
}

function result(sizeMiB: number, over: Partial<SizeResult> = {}): SizeResult {
  return {
    sizeMiB,
    bytes: sizeMiB * 1024 * 1024,
    console: consoleOk(),
    naive: {
      status: 'ok',
      value: {
        timeToViewMs: 12_345,
        phases: { readMs: 2000, parseMs: 3000, stringifyMs: 4000, paintMs: 3345 },
        longestTaskMs: 9000,
        rendererHeap: { peakMiB: 812, beforeMiB: 30 },
        prettyChars: 1,
      },
    },
    main: {
      rss: { peakMiB: 400, beforeMiB: 350 },
      heapUsed: { peakMiB: 90, beforeMiB: 80 },
      retainedHeap: { beforeMiB: 60, afterMiB: 58.5 },
    },
    ...over,
  };
}

describe('parseSizes', () => {
  it('defaults to the four sizes and reads both spellings, sorted and without repeats', () => {
    expect(parseSizes([])).toEqual([...DEFAULT_SIZES_MIB]);
    expect(parseSizes(['--sizes', '50,10,50'])).toEqual([10, 50]);
    expect(parseSizes(['--sizes=200'])).toEqual([200]);
  });

  it('refuses what is not a size', () => {
    expect(() => parseSizes(['--sizes'])).toThrow(/needs a list/);
    expect(() => parseSizes(['--sizes', '10,abc'])).toThrow(/"abc"/);
    expect(() => parseSizes(['--sizes', '0'])).toThrow(RangeError);
    expect(() => parseSizes(['--sizes', '1000'])).toThrow(/512/);
  });
});

describe('longestIn', () => {
  const tasks = [
    { start: 100, duration: 60 },
    { start: 500, duration: 250 },
    { start: 1000, duration: 90 },
  ];

  it('counts tasks that overlap the window, and 0 when none', () => {
    expect(longestIn(tasks, 0)).toBe(250);
    expect(longestIn(tasks, 740, 1000)).toBe(250); // still running at 740
    expect(longestIn(tasks, 760, 1000)).toBe(0);
    expect(longestIn(tasks, 760)).toBe(90);
  });
});

describe('resultsTable', () => {
  it('shows one row per size, outcomes without numbers, and the ratio', () => {
    const table = resultsTable([
      result(10),
      result(200, { naive: { status: 'crashed', reason: 'the page crashed' } }),
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| size +\| console first screen \(ms\) \|/);
    expect(lines[1]).toMatch(/^\| -+ \| -+: \|/);
    expect(lines[2]).toContain('| 10 MiB');
    expect(lines[2]).toContain('42.3 (+12.3)');
    expect(lines[2]).toContain('400 (+50.0)');
    expect(lines[2]).toContain('12,345 ms');
    expect(lines[2]).toContain('812 MiB');
    expect(lines[2]).toMatch(/31× \|$/);
    expect(lines[3]).toContain('crashed');
    expect(lines[3]).toMatch(/— \|$/);
    // Every row as wide as the header: a readable table in plain text too.
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('says "< 50" for a run without long tasks', () => {
    const table = resultsTable([result(10, { console: consoleOk({ longestTaskMs: 0 }) })]);
    expect(table).toContain('< 50');
  });
});

describe('targetFailures', () => {
  it('checks only the 100 MiB row', () => {
    expect(targetFailures([result(10, { console: consoleOk({ firstScreenMs: 9000 }) })])).toEqual(
      [],
    );
    expect(targetFailures([result(100)])).toEqual([]);
  });

  it('names the slow first screen and the phase of the long task', () => {
    const failures = targetFailures([
      result(100, {
        console: consoleOk({
          firstScreenMs: 2100,
          longestTaskMs: 480,
          longestTaskByPhase: { transfer: 90, firstScreen: 480, scroll: 120 },
        }),
      }),
    ]);
    expect(failures).toHaveLength(2);
    expect(failures[0]).toContain('2,100 ms');
    expect(failures[1]).toContain('480 ms (during firstScreen');
  });

  it('fails a console that did not get there', () => {
    const failures = targetFailures([
      result(100, { console: { status: 'timed out', reason: 'no viewer' } }),
    ]);
    expect(failures).toEqual(['At 100 MiB the console timed out: no viewer']);
  });
});

describe('replaceSection', () => {
  it('replaces only what is between the markers', () => {
    const readme = `# Bench\n\nbefore\n${SECTION_START}\nold\n${SECTION_END}\nafter\n`;
    expect(replaceSection(readme, 'new table\n')).toBe(
      `# Bench\n\nbefore\n${SECTION_START}\nnew table\n${SECTION_END}\nafter\n`,
    );
  });

  it('appends the markers when the file has none, and refuses a broken pair', () => {
    expect(replaceSection('# Bench\n', 'x')).toBe(
      `# Bench\n\n${SECTION_START}\nx\n${SECTION_END}\n`,
    );
    expect(() => replaceSection(`${SECTION_END}\n${SECTION_START}`, 'x')).toThrow(/broken/);
  });
});

describe('latestResultsSection', () => {
  const machine = {
    cpu: 'AMD EPYC',
    cores: 2,
    memoryGiB: 24,
    os: 'linux 6.18',
    node: 'v20.20.2',
    chromium: '156.0.8078.114',
  };

  it('has the machine, both tables and the verdict', () => {
    const text = latestResultsSection({
      date: '2026-12-02T10:00:00.000Z',
      machine,
      results: [result(100)],
    });
    expect(text).toContain('2026-12-02. Machine: AMD EPYC, 2 cores, 24 GiB');
    expect(text).toContain('Chromium 156.0.8078.114');
    expect(text).toContain('| Send → response');
    expect(text).toContain('2,000 / 3,000 / 4,000 / 3,345');
    expect(text).toContain('58.5 (−1.5)');
    expect(text.trimEnd().endsWith('Target met at 100 MiB.')).toBe(true);
  });

  it('is already formatted the way `prettier --check` (npm run lint) wants bench/README.md', async () => {
    const text = `${latestResultsSection({
      date: '2026-12-02',
      machine,
      results: [
        result(10),
        result(100, { console: consoleOk({ longestTaskMs: 0 }) }),
        result(200, {
          naive: {
            status: 'timed out',
            reason: 'the naive view took longer than 120 s (in paint)',
            partial: { readMs: 9000, parseMs: 1200.4, stringifyMs: 3000, peakHeapMiB: 1900 },
          },
        }),
      ],
    })}\n`;
    expect(text).toContain(
      'timed out: the naive view took longer than 120 s (in paint), after 9,000 / 1,200 / 3,000',
    );
    const file = join(import.meta.dirname, '../../../bench/README.md');
    const options = { ...(await resolveConfig(file)), filepath: file };
    expect(await format(text, options)).toBe(text);
  });

  it('says when the target size was not run', () => {
    const text = latestResultsSection({ date: '2026-12-02', machine, results: [result(10)] });
    expect(text).toContain('was not run');
  });
});
