/**
 * Replaces known secret values with placeholders in text and in JSON-like values before
 * anything leaves main: responses to the renderer, history, the audit log, error details,
 * log lines. Secrets are also matched in the encoded forms they take on the wire: in a
 * URL (percent- and form-encoded) and inside a Basic `Authorization` header.
 */

export interface Redactor {
  /** Adds a secret; values shorter than 4 characters are ignored (they would match everywhere). */
  add(secret: string, placeholder: string): void;
  /** Adds a Basic credential: the password and the base64 of `username:password`. */
  addBasic(username: string, password: string, placeholder: string): void;
  redactText(text: string): string;
  /** A copy of `value` with every string value redacted; object keys are left alone. */
  redactDeep<T>(value: T): T;
  /** How many patterns (secrets and their encoded forms) are known. */
  readonly size: number;
}

export const MIN_SECRET_LENGTH = 4;

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** The forms a secret takes in a URL: `encodeURIComponent` and form encoding (`+`, `!'()~`). */
function urlForms(secret: string): string[] {
  const forms = [
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ];
  // Some clients write percent escapes in lower case.
  for (const f of [...forms]) forms.push(f.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  return forms;
}

export function createRedactor(): Redactor {
  const placeholders = new Map<string, string>();
  // One combined pattern to find secrets fast, and the same one anchored (sticky) to
  // test single positions when matches overlap.
  let scan: RegExp | null = null;
  let at: RegExp | null = null;

  function addPattern(text: string, placeholder: string): void {
    if (text.length < MIN_SECRET_LENGTH) return;
    // The first placeholder wins: a later add with the same value must not relabel it.
    if (!placeholders.has(text)) placeholders.set(text, placeholder);
  }

  function rebuild(): void {
    // Longest first: alternation takes the first alternative that matches, so at any
    // position the longest secret starting there wins (a secret that is a prefix of
    // another must not leave the rest visible).
    const alternatives = [...placeholders.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|');
    scan = alternatives ? new RegExp(alternatives, 'g') : null;
    at = alternatives ? new RegExp(alternatives, 'y') : null;
  }

  function redactText(text: string): string {
    if (scan === null || at === null || text.length < MIN_SECRET_LENGTH) return text;
    const found = scan;
    const sticky = at;
    found.lastIndex = 0;
    let out = '';
    let copiedTo = 0; // text before this index is already in `out`
    for (let m = found.exec(text); m !== null; m = found.exec(text)) {
      const start = m.index;
      let end = start + m[0].length;
      // A plain scan resumes after the match and would miss a secret that starts inside
      // it and runs past its end; check each position inside the span and widen it so
      // no tail of an overlapping secret stays visible.
      for (let p = start + 1; p < end; p += 1) {
        sticky.lastIndex = p;
        const inner = sticky.exec(text);
        if (inner !== null && p + inner[0].length > end) end = p + inner[0].length;
      }
      out += text.slice(copiedTo, start) + (placeholders.get(m[0]) ?? '');
      copiedTo = end;
      found.lastIndex = end;
    }
    return copiedTo === 0 ? text : out + text.slice(copiedTo);
  }

  function redactDeep<T>(value: T): T {
    // Maps each visited object to its copy: cycles and shared references come out as the
    // same shape instead of recursing forever.
    const copies = new WeakMap<object, unknown>();

    const visit = (v: unknown): unknown => {
      if (typeof v === 'string') return redactText(v);
      if (v === null || typeof v !== 'object') return v;
      const seen = copies.get(v);
      if (seen !== undefined) return seen;

      if (Array.isArray(v)) {
        const copy: unknown[] = [];
        copies.set(v, copy);
        for (const item of v) copy.push(visit(item));
        return copy;
      }
      if (v instanceof Date) return new Date(v.getTime());
      // Bytes are not text; callers redact text before it becomes a Buffer.
      if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v;
      if (v instanceof Map) {
        const copy = new Map<unknown, unknown>();
        copies.set(v, copy);
        for (const [k, item] of v) copy.set(k, visit(item));
        return copy;
      }
      if (v instanceof Set) {
        const copy = new Set<unknown>();
        copies.set(v, copy);
        for (const item of v) copy.add(visit(item));
        return copy;
      }
      // Plain objects, errors and class instances all become plain objects: the result is
      // data for logs and IPC, and an Error's message and stack are not enumerable.
      const copy: Record<string, unknown> = {};
      copies.set(v, copy);
      if (v instanceof Error) {
        copy.name = v.name;
        copy.message = redactText(v.message);
        if (v.stack !== undefined) copy.stack = redactText(v.stack);
      }
      for (const [k, item] of Object.entries(v)) copy[k] = visit(item);
      return copy;
    };

    return visit(value) as T;
  }

  return {
    add(secret, placeholder) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
      const before = placeholders.size;
      addPattern(secret, placeholder);
      for (const form of urlForms(secret)) addPattern(form, placeholder);
      if (placeholders.size !== before) rebuild();
    },

    addBasic(username, password, placeholder) {
      if (typeof password !== 'string' || password.length === 0) return;
      const before = placeholders.size;
      addPattern(password, placeholder);
      if (password.length >= MIN_SECRET_LENGTH) {
        for (const form of urlForms(password)) addPattern(form, placeholder);
      }
      // The header carries base64(`user:password`); the password never appears as itself.
      const encoded = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
      addPattern(encoded, placeholder);
      // Some tools drop the padding.
      addPattern(encoded.replace(/=+$/, ''), placeholder);
      if (placeholders.size !== before) rebuild();
    },

    redactText,
    redactDeep,

    get size() {
      return placeholders.size;
    },
  };
}
