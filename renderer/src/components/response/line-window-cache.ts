/**
 * Lines of a body too big to hold, fetched from main 200 at a time as the viewer scrolls.
 * Only a bounded number of windows is kept: when more arrive, the ones farthest from what
 * the operator is looking at are dropped, so memory stays flat however far they scroll.
 */
export interface LineWindow {
  fromLine: number;
  lines: string[];
  /** Absolute numbers of lines main cut at maxLineChars. */
  truncated: number[];
  eof: boolean;
  totalLines: number | null;
}

export type FetchWindow = (fromLine: number, count: number) => Promise<LineWindow>;

export interface LineWindowCacheOptions {
  windowSize?: number;
  /** How many windows stay in memory (default 32: 6400 lines). */
  maxWindows?: number;
  /** Requests in flight at once; more would only queue in main behind each other. */
  maxInFlight?: number;
  /** A window arrived (or failed): the view should draw again. */
  onChange?: () => void;
  onError?: (err: unknown) => void;
}

interface Stored {
  lines: string[];
  truncated: Set<number>;
}

export class LineWindowCache {
  readonly windowSize: number;
  private readonly maxWindows: number;
  private readonly maxInFlight: number;
  private readonly windows = new Map<number, Stored>();
  private readonly inFlight = new Set<number>();
  private readonly failed = new Set<number>();
  private wanted = { first: 0, last: 0 };
  private readonly waiters = new Set<() => void>();
  private generation = 0;
  /** The number of lines, once a window reached the end (or main knew the total). */
  totalLines: number | null = null;

  constructor(
    private readonly fetchWindow: FetchWindow,
    private readonly options: LineWindowCacheOptions = {},
  ) {
    this.windowSize = options.windowSize ?? 200;
    this.maxWindows = Math.max(2, options.maxWindows ?? 32);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 2);
  }

  keyOf(line: number): number {
    return Math.floor(line / this.windowSize);
  }

  get(line: number): string | undefined {
    const w = this.windows.get(this.keyOf(line));
    return w?.lines[line - this.keyOf(line) * this.windowSize];
  }

  isTruncated(line: number): boolean {
    return this.windows.get(this.keyOf(line))?.truncated.has(line) ?? false;
  }

  /** Window keys held now (tests, and the memory note). */
  get loadedKeys(): number[] {
    return [...this.windows.keys()].sort((a, b) => a - b);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** The lines [first, last) are (about to be) on screen: fetch what is missing. */
  want(first: number, last: number): void {
    this.wanted = { first: Math.max(0, first), last: Math.max(first, last) };
    this.pump();
  }

  /** Resolves once every window of [first, last) is loaded (or failed). */
  async load(first: number, last: number): Promise<void> {
    this.want(first, last);
    while (this.missing(first, last).some((k) => this.inFlight.has(k))) {
      await new Promise<void>((resolve) => this.waiters.add(resolve));
      this.want(first, last);
    }
  }

  /** Failed windows are tried again on the next `want`. */
  retry(): void {
    this.failed.clear();
    this.pump();
  }

  /** Forgets everything (the body changed); answers still in flight are ignored. */
  clear(): void {
    this.generation += 1;
    this.windows.clear();
    this.inFlight.clear();
    this.failed.clear();
    this.totalLines = null;
    this.settled();
  }

  private missing(first: number, last: number): number[] {
    const keys: number[] = [];
    if (last <= first) return keys;
    const end = this.totalLines ?? Infinity;
    for (let k = this.keyOf(first); k <= this.keyOf(last - 1); k++) {
      if (k * this.windowSize >= end) break;
      if (!this.windows.has(k) && !this.failed.has(k)) keys.push(k);
    }
    return keys;
  }

  private pump(): void {
    const { first, last } = this.wanted;
    for (const key of this.missing(first, last)) {
      if (this.inFlight.size >= this.maxInFlight) return;
      if (this.inFlight.has(key)) continue;
      this.start(key);
    }
  }

  private start(key: number): void {
    const generation = this.generation;
    this.inFlight.add(key);
    this.fetchWindow(key * this.windowSize, this.windowSize).then(
      (w) => {
        if (generation !== this.generation) return;
        this.inFlight.delete(key);
        this.store(key, w);
        this.settled();
      },
      (err: unknown) => {
        if (generation !== this.generation) return;
        this.inFlight.delete(key);
        this.failed.add(key);
        this.options.onError?.(err);
        this.settled();
      },
    );
  }

  private settled(): void {
    this.options.onChange?.();
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const resolve of waiting) resolve();
    this.pump();
  }

  private store(key: number, w: LineWindow): void {
    this.windows.set(key, { lines: w.lines, truncated: new Set(w.truncated) });
    if (w.totalLines !== null) this.totalLines = w.totalLines;
    else if (w.eof) this.totalLines = w.fromLine + w.lines.length;
    this.evict();
  }

  /** Drops the windows farthest from the wanted range, never one inside it. */
  private evict(): void {
    if (this.windows.size <= this.maxWindows) return;
    const lo = this.keyOf(this.wanted.first);
    const hi = this.keyOf(Math.max(this.wanted.first, this.wanted.last - 1));
    const distance = (k: number) => (k < lo ? lo - k : k > hi ? k - hi : 0);
    const byDistance = [...this.windows.keys()]
      .filter((k) => distance(k) > 0)
      .sort((a, b) => distance(b) - distance(a));
    for (const k of byDistance) {
      if (this.windows.size <= this.maxWindows) break;
      this.windows.delete(k);
    }
  }
}
