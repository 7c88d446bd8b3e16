import { diffLines, type ChangeObject } from 'diff';
import type { HistoryEntry } from '../../../../preload/contract';

export type CellKind = 'same' | 'removed' | 'added';

export interface DiffCell {
  /** 1-based line number on its side. */
  no: number;
  text: string;
  kind: CellKind;
}

/** One line of the side-by-side view; a side is null where the other has a line of its own. */
export interface DiffRow {
  left: DiffCell | null;
  right: DiffCell | null;
}

/** A run of unchanged lines folded away, shown as "N unchanged lines". */
export interface DiffFold {
  fold: true;
  /** Index of the first folded row in the full list, which also keys it. */
  start: number;
  rows: DiffRow[];
}

export type DiffItem = DiffRow | DiffFold;

/** Bigger texts are diffed as they are: parsing and re-printing them would stall the window. */
const PRETTY_MAX_CHARS = 4 * 1024 * 1024;

/** JSON is re-printed with two-space indents first, so the diff is by line, not one long line. */
export function prettyForDiff(text: string): string {
  const trimmed = text.trim();
  const normalised = text.replace(/\r\n/g, '\n');
  if (trimmed.length > PRETTY_MAX_CHARS || !/^[[{]/.test(trimmed)) return normalised;
  try {
    return `${JSON.stringify(JSON.parse(trimmed), null, 2)}\n`;
  } catch {
    return normalised;
  }
}

function linesOf(value: string): string[] {
  const lines = value.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Change objects to rows: a removed run next to the added run that replaced it. */
export function sideBySide(changes: readonly ChangeObject<string>[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let leftNo = 0;
  let rightNo = 0;
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    if (!c.added && !c.removed) {
      for (const text of linesOf(c.value)) {
        rows.push({
          left: { no: ++leftNo, text, kind: 'same' },
          right: { no: ++rightNo, text, kind: 'same' },
        });
      }
      continue;
    }
    const removed = c.removed ? linesOf(c.value) : [];
    const next = changes[i + 1];
    let added: string[] = [];
    if (c.added) added = linesOf(c.value);
    else if (next?.added) {
      added = linesOf(next.value);
      i++;
    }
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const l = removed[k];
      const r = added[k];
      rows.push({
        left: l === undefined ? null : { no: ++leftNo, text: l, kind: 'removed' },
        right: r === undefined ? null : { no: ++rightNo, text: r, kind: 'added' },
      });
    }
  }
  return rows;
}

function unchanged(row: DiffRow): boolean {
  return row.left?.kind === 'same';
}

/** Unchanged runs longer than twice the context are folded, keeping `context` lines each side. */
export function foldUnchanged(rows: readonly DiffRow[], context = 3): DiffItem[] {
  const items: DiffItem[] = [];
  let i = 0;
  while (i < rows.length) {
    if (!unchanged(rows[i]!)) {
      items.push(rows[i++]!);
      continue;
    }
    let end = i;
    while (end < rows.length && unchanged(rows[end]!)) end++;
    const keepHead = i === 0 ? 0 : context;
    const keepTail = end === rows.length ? 0 : context;
    if (end - i > keepHead + keepTail + 1) {
      items.push(...rows.slice(i, i + keepHead));
      items.push({
        fold: true,
        start: i + keepHead,
        rows: rows.slice(i + keepHead, end - keepTail),
      });
      items.push(...rows.slice(end - keepTail, end));
    } else {
      items.push(...rows.slice(i, end));
    }
    i = end;
  }
  return items;
}

/**
 * The line diff, computed in slices so a big body does not freeze the window; null when the
 * texts are too different to finish within `timeoutMs`.
 */
export function diffByLine(
  left: string,
  right: string,
  timeoutMs = 5000,
): Promise<DiffRow[] | null> {
  return new Promise((resolve) => {
    diffLines(left, right, {
      timeout: timeoutMs,
      callback: (changes) => resolve(changes ? sideBySide(changes) : null),
    });
  });
}

/** What the summary line above the diff says about the status and headers. */
export interface MetaSummary {
  left: string;
  right: string;
  sameStatus: boolean;
  headersAdded: string[];
  headersRemoved: string[];
  headersChanged: string[];
}

function statusText(e: HistoryEntry): string {
  if (e.response) return `${e.response.status} ${e.response.statusText}`.trim();
  return e.error?.code ?? 'no response';
}

function headerMap(e: HistoryEntry): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of e.response?.headers ?? []) {
    const key = name.toLowerCase();
    map.set(key, map.has(key) ? `${map.get(key)!}, ${value}` : value);
  }
  return map;
}

export function metaSummary(left: HistoryEntry, right: HistoryEntry): MetaSummary {
  const l = headerMap(left);
  const r = headerMap(right);
  return {
    left: statusText(left),
    right: statusText(right),
    sameStatus: statusText(left) === statusText(right),
    headersAdded: [...r.keys()].filter((k) => !l.has(k)),
    headersRemoved: [...l.keys()].filter((k) => !r.has(k)),
    headersChanged: [...l.keys()].filter((k) => r.has(k) && r.get(k) !== l.get(k)),
  };
}
