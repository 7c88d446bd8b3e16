/**
 * Finds where a JSON text first goes wrong, as line and column.
 *
 * JSON.parse alone is not enough: engines word their errors differently and
 * V8 omits the position for "Unexpected token" errors, so the operator would
 * not learn where to look. JSON.parse stays the fast path for valid text.
 */
export type JsonCheck = { ok: true } | { ok: false; reason: string; line: number; column: number };

class Fault extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

function describe(text: string, at: number): string {
  if (at >= text.length) return 'Unexpected end of input';
  const cp = text.codePointAt(at) ?? 0;
  return `Unexpected token '${String.fromCodePoint(cp)}'`;
}

function locate(text: string): Fault | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  /** `expected` completes "Unexpected token 'x'" with what would have been valid there. */
  const fail = (expected?: string): never => {
    const found = describe(text, i);
    throw new Fault(expected ? `${found}, expected ${expected}` : found, i);
  };
  const failWith = (reason: string): never => {
    throw new Fault(reason, i);
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) failWith('Unterminated string');
      const ch = text[i] as string;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch < ' ') failWith('Bad control character in string');
      if (ch === '\\') {
        i++;
        const esc = text[i];
        if (esc === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              failWith('Bad Unicode escape in string');
            }
          }
          i += 5;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i++;
        else failWith('Bad escaped character in string');
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-') failWith('Invalid number');
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === '}') failWith("Unexpected token '}' after a trailing comma");
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail("':' after the property name");
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail("',' or '}'");
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === ']') failWith("Unexpected token ']' after a trailing comma");
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail("',' or ']'");
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    fail('a value');
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return null;
  } catch (err) {
    if (err instanceof Fault) return err;
    throw err;
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function locateSafely(text: string): Fault | null {
  try {
    return locate(text);
  } catch {
    return null; // e.g. absurd nesting overflowing the stack: fall back to the engine's words
  }
}

export function checkJson(text: string): JsonCheck {
  try {
    JSON.parse(text);
    return { ok: true };
  } catch (err) {
    const fault = locateSafely(text);
    if (fault) return { ok: false, reason: fault.reason, ...lineColumn(text, fault.offset) };
    const reason = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(reason);
    const where = position ? lineColumn(text, Number(position[1])) : { line: 1, column: 1 };
    return { ok: false, reason, ...where };
  }
}

/** The inline message under the body editor. */
export function jsonErrorMessage(check: Exclude<JsonCheck, { ok: true }>): string {
  return `Body is not valid JSON: ${check.reason} at line ${check.line} column ${check.column}`;
}
