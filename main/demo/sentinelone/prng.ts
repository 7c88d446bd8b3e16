/**
 * A small seeded generator (mulberry32). The demo data must be identical for the
 * same seed on every machine, so nothing here may touch Math.random or the clock.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick() needs at least one item');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted() needs at least one entry');
    return last[0];
  }

  /** Up to `count` distinct items, keeping the source order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    const wanted = Math.min(count, items.length);
    while (chosen.size < wanted) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i] as T);
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      const n = Math.floor(this.next() * 0x100000000);
      out +=
        (HEX_BYTES[n & 0xff] as string) +
        (HEX_BYTES[(n >>> 8) & 0xff] as string) +
        (HEX_BYTES[(n >>> 16) & 0xff] as string) +
        (HEX_BYTES[n >>> 24] as string);
    }
    return out.length === length ? out : out.slice(0, length);
  }
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 19-digit numeric ids like the console's, equal length so string order is numeric order. */
export function numericId(prefix: string, n: number): string {
  return prefix + String(n).padStart(19 - prefix.length, '0');
}

const dayPrefixes = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * `new Date(ms).toISOString()` without a Date per call: generation formats ~50k timestamps
 * and this was a third of its time. Output is identical for the dates the demo uses.
 */
export function isoAt(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (ms < 0 || !Number.isFinite(ms)) return new Date(ms).toISOString();
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size > 5_000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  const inDay = ms - day * DAY_MS;
  const millis = Math.floor(inDay % 1000);
  const seconds = Math.floor(inDay / 1000);
  const msText = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : String(millis);
  return `${prefix}${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}.${msText}Z`;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
