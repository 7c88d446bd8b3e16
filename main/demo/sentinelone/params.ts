import { validationError } from './envelope';

/**
 * One way to read filter values, whether they came from a query string (`ids=1,2`) or from
 * an action body (`"filter":{"ids":["1","2"]}`), so both are validated by the same code.
 */
export interface ParamSource {
  /** The value with repeats and arrays comma-joined; undefined when absent or empty. */
  get(name: string): string | undefined;
  /** Names present, for error messages and "at least one criterion" checks. */
  names(): string[];
}

export function queryParams(query: URLSearchParams): ParamSource {
  return {
    get(name) {
      const values = query.getAll(name).filter((v) => v !== '');
      return values.length === 0 ? undefined : values.join(',');
    },
    names: () => [...new Set(query.keys())],
  };
}

function scalar(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw validationError(`${path}: Must be a string, number, boolean or a list of them.`);
}

export function jsonParams(filter: Record<string, unknown>, path = 'filter'): ParamSource {
  return {
    get(name) {
      const value = filter[name];
      if (value === undefined || value === null) return undefined;
      const text = Array.isArray(value)
        ? value.map((v, i) => scalar(v, `${path}.${name}[${i}]`)).join(',')
        : scalar(value, `${path}.${name}`);
      return text === '' ? undefined : text;
    },
    names: () => Object.keys(filter),
  };
}

export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function parseBoolean(raw: string, name: string): boolean {
  const lower = raw.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw validationError(`${name}: Must be a boolean (true or false), got "${raw.slice(0, 40)}".`);
}

export function parseIntInRange(raw: string, name: string, min: number, max: number): number {
  const value = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw validationError(`${name}: Must be an integer between ${min} and ${max}.`);
  }
  return value;
}

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** ISO 8601 only; the result is normalised to the form the data uses, for string compares. */
export function parseIsoDate(raw: string, name: string): string {
  const text = raw.trim();
  // Fractions beyond milliseconds (the console's own format has microseconds) are truncated.
  const normalised = text.replace(/(\.\d{3})\d+/, '$1').replace(' ', 'T');
  const ms = ISO_DATE.test(text) ? Date.parse(normalised) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw validationError(
      `${name}: Must be an ISO 8601 date, e.g. 2026-10-01T00:00:00Z; got "${text.slice(0, 40)}".`,
    );
  }
  return new Date(ms).toISOString();
}
