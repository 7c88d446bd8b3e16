import { invalidateJson } from './envelope';
import type { SortSpec } from './cursor';
import { sortItems, type Listing } from './query';
import { generateDemoDataset, type DemoDataset } from './seed-data';

/**
 * The tenant's in-memory state. The dataset is generated on first use and dropped on
 * reset (regenerating from the seed is cheaper and safer than deep-copying a snapshot).
 */
export class DemoState {
  private dataset: DemoDataset | undefined;
  private readonly sortedCache = new Map<string, unknown[]>();
  private readonly startedAtMs = Date.now();

  constructor(
    readonly seed: number,
    readonly now: Date,
  ) {}

  get data(): DemoDataset {
    this.dataset ??= generateDemoDataset(this.seed, this.now);
    return this.dataset;
  }

  reset(): void {
    this.dataset = undefined;
    this.sortedCache.clear();
  }

  /** The seeded "now" plus real time since start, so changes are stamped after the seed data. */
  nowIso(): string {
    return new Date(this.now.getTime() + (Date.now() - this.startedAtMs)).toISOString();
  }

  /** Call after mutating records: drops their cached JSON and every cached ordering. */
  changed(records: Iterable<object>): void {
    for (const record of records) invalidateJson(record);
    this.sortedCache.clear();
  }

  /** A sorted copy of a collection, reused until the next change; filtering keeps the order. */
  sorted<T>(collection: string, items: readonly T[], listing: Listing<T>, sort: SortSpec): T[] {
    const key = `${collection}|${sort.field}|${sort.order}`;
    const hit = this.sortedCache.get(key) as T[] | undefined;
    if (hit) return hit;
    const fresh = sortItems(items, listing, sort);
    this.sortedCache.set(key, fresh);
    return fresh;
  }
}
