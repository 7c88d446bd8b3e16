import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CDPSession, Page } from '@playwright/test';
import type { MemoryPeak } from './huge-response-report';

const MiB = 1024 * 1024;
const INTERVAL_MS = 100;

export interface Sampler {
  /** Starts a new measured phase: the next peak counts from the current sample. */
  mark(): void;
  /** The peak since the last mark (or the start) and the sample at that mark. */
  peak(): MemoryPeak;
  stop(): Promise<void>;
}

function tracker(): { add(mib: number): void; mark(): void; peak(): MemoryPeak } {
  let last = 0;
  let before = 0;
  let peak = 0;
  return {
    add(mib) {
      last = mib;
      peak = Math.max(peak, mib);
    },
    mark() {
      before = last;
      peak = last;
    },
    peak: () => ({ peakMiB: peak, beforeMiB: before }),
  };
}

/**
 * The page's JS heap (`JSHeapUsedSize` of CDP `Performance.getMetrics`) about every 100 ms.
 * A renderer stuck in a long task answers late, so the samples thin out exactly when the
 * page is busiest; the naive client keeps its data alive a moment after painting so the
 * peak is still seen.
 */
export async function sampleRendererHeap(page: Page): Promise<Sampler & { session: CDPSession }> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const t = tracker();
  let running = true;
  const read = async () => {
    const { metrics } = await session.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
    if (used !== undefined) t.add(used / MiB);
  };
  await read();
  t.mark();
  const loop = (async () => {
    while (running) {
      // A closed or crashed page ends the loop; its last peak stays.
      await read().catch(() => (running = false));
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  })();
  return {
    session,
    mark: t.mark,
    peak: t.peak,
    async stop() {
      running = false;
      await Promise.race([loop, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await session.detach().catch(() => undefined);
    },
  };
}

/** This Node process (the core and the browser host run in it): RSS and V8 heapUsed. */
export function sampleMainMemory(): { rss: Sampler; heapUsed: Sampler } {
  const rss = tracker();
  const heap = tracker();
  const take = () => {
    const m = process.memoryUsage();
    rss.add(m.rss / MiB);
    heap.add(m.heapUsed / MiB);
  };
  take();
  rss.mark();
  heap.mark();
  const timer = setInterval(take, INTERVAL_MS);
  const stop = async () => clearInterval(timer);
  const sampler = (t: ReturnType<typeof tracker>): Sampler => ({
    mark: () => {
      take();
      t.mark();
    },
    peak: () => {
      take();
      return t.peak();
    },
    stop,
  });
  return { rss: sampler(rss), heapUsed: sampler(heap) };
}

let collect: (() => void) | null = null;

/**
 * This process's V8 heap after two full collections, MiB: what is really kept, where
 * heapUsed peaks also count garbage not yet collected. `--expose-gc` is switched on at run
 * time because the npm script runs plain tsx. Stops the world, so never inside a timed phase.
 */
export function retainedMainHeapMiB(): number {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  collect();
  return process.memoryUsage().heapUsed / MiB;
}
