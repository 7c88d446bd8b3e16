/** CSV for exported lists: dotted names for nested fields, RFC 4180 quoting, CRLF lines. */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A text cell a spreadsheet would run as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

export interface FlattenOptions {
  /** Prefix such text cells with `'` (threat names, command lines and paths are attacker-made). */
  spreadsheetSafe: boolean;
}

/**
 * `{threatInfo:{threatName:"x"}, indicators:[…]}` → `threatInfo.threatName = x`,
 * `indicators = [… as JSON]`. null becomes an empty cell, an empty object `{}`; a value
 * that is not an object at all becomes the single column `value`.
 */
export function flattenItem(item: unknown, options: FlattenOptions): Map<string, string> {
  const out = new Map<string, string>();
  const put = (name: string, value: unknown) => {
    if (isPlainObject(value)) {
      const keys = Object.keys(value);
      if (keys.length === 0) out.set(name, '{}');
      for (const key of keys) put(name ? `${name}.${key}` : key, value[key]);
      return;
    }
    if (Array.isArray(value)) out.set(name, JSON.stringify(value));
    else if (value === null || value === undefined) out.set(name, '');
    else if (typeof value === 'string') {
      out.set(name, options.spreadsheetSafe && FORMULA_START.test(value) ? `'${value}` : value);
    } else out.set(name, String(value));
  };
  if (isPlainObject(item)) put('', item);
  else put('value', item);
  return out;
}

/** RFC 4180: a field with a quote, comma, CR or LF is quoted, and its quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
