import type { KeyValue } from '../../../preload/contract';
import { AppError } from '../errors';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Framing headers are the engine's job; letting the operator set them produces broken requests. */
const ENGINE_OWNED = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'host',
]);
/** Never sent to an origin other than the one the operator's connection is bound to. */
export const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

export type HeaderList = Array<[string, string]>;

export function validateHeaders(rows: readonly KeyValue[]): HeaderList {
  const out: HeaderList = [];
  for (const row of rows) {
    if (!row.enabled) continue;
    const name = row.name.trim();
    if (name === '' && row.value === '') continue;
    if (!TOKEN.test(name)) {
      throw new AppError(
        'invalid_header',
        `"${name.slice(0, 80)}" is not a valid header name (letters, digits and - only).`,
      );
    }
    if (/[\r\n\0]/.test(row.value)) {
      throw new AppError(
        'invalid_header',
        `The value of header "${name}" contains a line break; remove it.`,
      );
    }
    if (ENGINE_OWNED.has(name.toLowerCase())) {
      throw new AppError(
        'invalid_header',
        `"${name}" is set by the console itself; remove it from the headers.`,
      );
    }
    out.push([name, row.value]);
  }
  return out;
}

export function hasHeader(headers: HeaderList, name: string): boolean {
  const lower = name.toLowerCase();
  return headers.some(([n]) => n.toLowerCase() === lower);
}

export function withoutHeaders(headers: HeaderList, names: Set<string>): HeaderList {
  return headers.filter(([n]) => !names.has(n.toLowerCase()));
}
