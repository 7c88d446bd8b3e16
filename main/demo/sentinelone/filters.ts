import { validationError } from './envelope';
import { parseBoolean, parseIntInRange, parseIsoDate, splitList, type ParamSource } from './params';

export type Predicate<T> = (item: T) => boolean;
/** Turns one raw parameter into a predicate; null means "no constraint" (e.g. `ids=`). */
export type FilterParser<T> = (raw: string, name: string) => Predicate<T> | null;
export type FilterSpec<T> = Record<string, FilterParser<T>>;

export interface BuiltFilter<T> {
  predicate: Predicate<T>;
  /** How many parameters actually constrain the result. */
  criteria: number;
}

/** Unknown parameters are ignored, as real consoles do; known ones are validated strictly. */
export function buildFilter<T>(params: ParamSource, spec: FilterSpec<T>): BuiltFilter<T> {
  const predicates: Predicate<T>[] = [];
  for (const [name, parse] of Object.entries(spec)) {
    const raw = params.get(name);
    if (raw === undefined) continue;
    const predicate = parse(raw, name);
    if (predicate) predicates.push(predicate);
  }
  if (predicates.length === 0) return { predicate: () => true, criteria: 0 };
  return {
    predicate: (item) => predicates.every((p) => p(item)),
    criteria: predicates.length,
  };
}

export function oneOf<T>(get: (item: T) => string, allowed?: readonly string[]): FilterParser<T> {
  return (raw, name) => {
    const values = splitList(raw);
    if (values.length === 0) return null;
    if (allowed) {
      const bad = values.find((v) => !allowed.includes(v));
      if (bad !== undefined) {
        throw validationError(
          `${name}: "${bad.slice(0, 40)}" is not a valid choice. Valid: ${allowed.join(', ')}.`,
        );
      }
    }
    const set = new Set(values);
    return (item) => set.has(get(item));
  };
}

/** Case-insensitive list match, for free-text enums such as classification names. */
export function oneOfIgnoreCase<T>(get: (item: T) => string): FilterParser<T> {
  return (raw) => {
    const set = new Set(splitList(raw).map((v) => v.toLowerCase()));
    return set.size === 0 ? null : (item) => set.has(get(item).toLowerCase());
  };
}

export function idIn<T>(get: (item: T) => string | null): FilterParser<T> {
  return (raw, name) => {
    const values = splitList(raw);
    if (values.length === 0) return null;
    const bad = values.find((v) => !/^\d{1,20}$/.test(v));
    if (bad !== undefined)
      throw validationError(`${name}: "${bad.slice(0, 40)}" is not a valid id.`);
    const set = new Set(values);
    return (item) => {
      const id = get(item);
      return id !== null && set.has(id);
    };
  };
}

export function intIn<T>(get: (item: T) => number): FilterParser<T> {
  return (raw, name) => {
    const values = splitList(raw).map((v) => parseIntInRange(v, name, 0, 999_999_999));
    if (values.length === 0) return null;
    const set = new Set(values);
    return (item) => set.has(get(item));
  };
}

export function booleanIs<T>(get: (item: T) => boolean): FilterParser<T> {
  return (raw, name) => {
    const wanted = parseBoolean(raw, name);
    return (item) => get(item) === wanted;
  };
}

export function contains<T>(get: (item: T) => string): FilterParser<T> {
  return (raw) => {
    const needle = raw.toLowerCase();
    return (item) => get(item).toLowerCase().includes(needle);
  };
}

/** `field__gt`, `__gte`, `__lt`, `__lte` on an ISO timestamp (compared as normalised strings). */
export function dateRange<T>(field: string, get: (item: T) => string): FilterSpec<T> {
  const make =
    (test: (value: string, bound: string) => boolean): FilterParser<T> =>
    (raw, name) => {
      const bound = parseIsoDate(raw, name);
      return (item) => test(get(item), bound);
    };
  return {
    [`${field}__gt`]: make((v, b) => v > b),
    [`${field}__gte`]: make((v, b) => v >= b),
    [`${field}__lt`]: make((v, b) => v < b),
    [`${field}__lte`]: make((v, b) => v <= b),
  };
}
