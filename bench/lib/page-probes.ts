/// <reference lib="dom" />
/**
 * What the benchmark runs inside the page. Each function is serialised by Playwright, so it
 * uses nothing from this module's scope; `NAME_SHIM` makes up for the `__name(…)` calls
 * tsx (esbuild's keepNames) puts into their text.
 */
import type { Page } from '@playwright/test';

export const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

export interface LongTask {
  start: number;
  duration: number;
}

/** Time stamps (page `performance.now()`) of what the operator sees; each set once. */
export interface Milestones {
  send?: number;
  response?: number;
  firstScreen?: number;
  firstScreenAttr?: number;
  /** `data-index-done="true"` on the viewer, where it says so (not part of its contract). */
  indexDone?: number;
}

declare global {
  interface Window {
    __longTasks: LongTask[];
    __milestones: Milestones;
  }
}

/** Runs before the app: every long task (≥ 50 ms) from the very start, and the Send click. */
export function installProbes(): void {
  window.__longTasks = [];
  window.__milestones = {};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener(
    'click',
    (e) => {
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('[data-testid="send-button"]')) {
        window.__milestones.send ??= performance.now();
      }
    },
    true,
  );
}

/**
 * Watches for the response and the viewer's first screen. DOM changes only schedule a
 * check in the next frame; a milestone is stamped after that frame (rAF, then a task),
 * the same "painted" moment the naive client uses.
 */
export function watchMilestones(): void {
  const m = window.__milestones;
  const rowText = (row: Element) =>
    (row.textContent ?? '')
      .replace(/^\s*\d+/, '')
      .replace(/…\s*\(cut\)$/, '')
      .trim();
  const hasText = (row: Element) => {
    const text = rowText(row);
    return text !== '' && text !== '…';
  };
  let scheduled = false;
  let observer: MutationObserver | null = null;
  const check = () => {
    scheduled = false;
    const found: Array<keyof Milestones> = [];
    if (m.response === undefined && document.querySelector('[data-testid="response-time"]')) {
      found.push('response');
    }
    const root = document.querySelector('[data-testid="huge-body"]');
    if (m.firstScreenAttr === undefined && root?.getAttribute('data-first-screen') === 'true') {
      found.push('firstScreenAttr');
    }
    if (m.indexDone === undefined && root?.getAttribute('data-index-done') === 'true') {
      found.push('indexDone');
    }
    if (m.firstScreen === undefined && root) {
      const row = root.querySelector('[data-testid="huge-lines-row"]');
      const rect = row?.getBoundingClientRect();
      if (row && rect && rect.height > 0 && rect.bottom > 0 && hasText(row)) {
        found.push('firstScreen');
      }
    }
    if (found.length === 0) return;
    setTimeout(() => {
      const now = performance.now();
      for (const key of found) m[key] ??= now;
      const all: Array<keyof Milestones> = [
        'response',
        'firstScreen',
        'firstScreenAttr',
        'indexDone',
      ];
      if (all.every((key) => m[key] !== undefined)) observer?.disconnect();
    }, 0);
  };
  observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(check);
  });
  observer.observe(document.body, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['data-first-screen', 'data-index-done'],
  });
}

/**
 * Scrolls the huge-body list to `fraction` (0.5 the middle, 1 the end) and resolves, in ms,
 * once the rows in view have changed and all show text (painted, as above).
 */
export function scrollAndWait(args: { fraction: number; timeoutMs: number }): Promise<number> {
  const list = document.querySelector<HTMLElement>(
    '[data-testid="huge-body"] [data-testid="huge-lines"]',
  );
  if (!list) return Promise.reject(new Error('no [data-testid="huge-lines"] in the huge body'));
  const rowsInView = () => {
    const box = list.getBoundingClientRect();
    return [...list.querySelectorAll('[data-testid="huge-lines-row"]')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.height > 0 && r.bottom > box.top && r.top < box.bottom;
    });
  };
  const rowText = (row: Element) =>
    (row.textContent ?? '')
      .replace(/^\s*\d+/, '')
      .replace(/…\s*\(cut\)$/, '')
      .trim();
  const hasText = (row: Element) => rowText(row) !== '' && rowText(row) !== '…';
  const before = rowsInView()[0]?.textContent ?? '';
  const start = performance.now();
  // While main still indexes, the list grows: aim again at the same fraction of it, as an
  // operator would drag the thumb again, until the rows in view have moved.
  const aim = () => {
    const target = Math.max(0, (list.scrollHeight - list.clientHeight) * args.fraction);
    if (Math.abs(list.scrollTop - target) > 1) list.scrollTop = target;
  };
  aim();
  return new Promise((resolve, reject) => {
    const frame = () => {
      const rows = rowsInView();
      const moved = rows.length > 0 && (rows[0]?.textContent ?? '') !== before;
      if (!moved) aim();
      if (moved && rows.every(hasText)) {
        setTimeout(() => resolve(performance.now() - start), 0);
        return;
      }
      if (performance.now() - start > args.timeoutMs) {
        reject(
          new Error(
            `rows at ${Math.round(args.fraction * 100)} % showed no text within ${args.timeoutMs} ms ` +
              `(${rows.length} rows in view, first: ${JSON.stringify(rows[0]?.textContent?.slice(0, 60) ?? null)})`,
          ),
        );
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

export interface NaiveRun {
  readMs: number;
  parseMs: number;
  stringifyMs: number;
  paintMs: number;
  totalMs: number;
  prettyChars: number;
  start: number;
}

/**
 * What a general client does with the body: every byte through the contract
 * (`bodies:read`, the largest window allowed, over the browser host's HTTP transport, as the
 * page's own api client calls it), one string, JSON.parse, JSON.stringify(…, null, 2), a
 * <pre>. The data stays referenced for `holdMs` after painting so heap samples see the peak.
 * Logs `naive-phase:<name>=<ms>` (console.debug) as each phase ends.
 */
export async function naiveView(args: {
  token: string;
  fileId: string;
  maxRead: number;
  holdMs: number;
}): Promise<NaiveRun> {
  // Each phase is told as it ends: a page that then hangs or crashes still says how far it got.
  const NAIVE_PHASE = 'naive-phase:';
  const start = performance.now();
  const parts: string[] = [];
  let offset = 0;
  for (;;) {
    const res = await fetch('/api/invoke/bodies:read', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sentinel-Token': args.token },
      body: JSON.stringify({ fileId: args.fileId, offset, length: args.maxRead }),
    });
    const envelope = (await res.json()) as
      | { ok: true; value: { text: string; nextOffset: number; eof: boolean } }
      | { ok: false; error: { code: string; message: string } };
    if (!envelope.ok) {
      throw new Error(`bodies:read ${envelope.error.code}: ${envelope.error.message}`);
    }
    parts.push(envelope.value.text);
    offset = envelope.value.nextOffset;
    if (envelope.value.eof) break;
  }
  const raw = parts.join('');
  parts.length = 0;
  const read = performance.now();
  console.debug(`${NAIVE_PHASE}readMs=${read - start}`);
  const value: unknown = JSON.parse(raw);
  const parsed = performance.now();
  console.debug(`${NAIVE_PHASE}parseMs=${parsed - read}`);
  const pretty = JSON.stringify(value, null, 2);
  const stringified = performance.now();
  console.debug(`${NAIVE_PHASE}stringifyMs=${stringified - parsed}`);
  const pre = document.createElement('pre');
  pre.textContent = pretty;
  document.body.appendChild(pre);
  await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const painted = performance.now();
  // Referenced across the hold, so none of the three is collected before the samples see it.
  const kept: unknown[] = [raw, value, pretty];
  await new Promise((resolve) => setTimeout(resolve, args.holdMs));
  const prettyChars = pretty.length;
  kept.length = 0;
  return {
    readMs: read - start,
    parseMs: parsed - read,
    stringifyMs: stringified - parsed,
    paintMs: painted - stringified,
    totalMs: painted - start,
    prettyChars,
    start,
  };
}

export async function readLongTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate(() => window.__longTasks.slice());
}

export async function readMilestones(page: Page): Promise<Milestones> {
  return page.evaluate(() => ({ ...window.__milestones }));
}
