/**
 * Finds the string literals in generated code, with their decoded text, so the
 * placeholders httpsnippet quoted literally can be rewritten into expressions that
 * read the environment. The generated code of each target has no comments and only
 * the quoting forms handled here; a literal that does not close ends the scan.
 */

export interface LiteralSpan {
  /** Offsets of the whole literal (quotes included) in the code. */
  start: number;
  end: number;
  /** The string value the literal stands for. */
  value: string;
}

export type LiteralSyntax = 'shell' | 'powershell' | 'c-like';

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  '0': '\0',
};

/** Python, Go, JavaScript: `"…"`, `'…'` and backtick strings with backslash escapes. */
function cLike(code: string, rawBacktick: boolean): LiteralSpan[] {
  const spans: LiteralSpan[] = [];
  let i = 0;
  while (i < code.length) {
    const quote = code[i]!;
    if (quote !== '"' && quote !== "'" && quote !== '`') {
      i += 1;
      continue;
    }
    const start = i;
    const raw = quote === '`' && rawBacktick; // Go raw strings: no escapes at all
    let value = '';
    i += 1;
    for (;;) {
      if (i >= code.length) return spans;
      const c = code[i]!;
      if (c === quote) break;
      if (c === '\\' && !raw) {
        const e = code[i + 1] ?? '';
        const hex = (n: number) => String.fromCodePoint(parseInt(code.slice(i + 2, i + 2 + n), 16));
        if (e in SIMPLE_ESCAPES) {
          value += SIMPLE_ESCAPES[e];
          i += 2;
        } else if (e === 'x') {
          value += hex(2);
          i += 4;
        } else if (e === 'u' && code[i + 2] === '{') {
          const close = code.indexOf('}', i);
          value += String.fromCodePoint(parseInt(code.slice(i + 3, close), 16));
          i = close + 1;
        } else if (e === 'u') {
          value += hex(4);
          i += 6;
        } else if (e === 'U') {
          value += hex(8);
          i += 10;
        } else {
          value += e;
          i += 2;
        }
        continue;
      }
      value += c;
      i += 1;
    }
    i += 1;
    spans.push({ start, end: i, value });
  }
  return spans;
}

/** POSIX shell words: bare text, `'…'`, `"…"` and `\x`, adjacent parts making one word. */
function shellWords(code: string): LiteralSpan[] {
  const spans: LiteralSpan[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      i += 1;
      continue;
    }
    if (c === '\\' && code[i + 1] === '\n') {
      i += 2; // line continuation
      continue;
    }
    const start = i;
    let value = '';
    while (i < code.length && !/[ \t\n]/.test(code[i]!)) {
      const ch = code[i]!;
      if (ch === "'") {
        const close = code.indexOf("'", i + 1);
        if (close === -1) return spans;
        value += code.slice(i + 1, close);
        i = close + 1;
      } else if (ch === '"') {
        i += 1;
        while (i < code.length && code[i] !== '"') {
          if (code[i] === '\\' && /[$`"\\\n]/.test(code[i + 1] ?? '')) i += 1;
          value += code[i];
          i += 1;
        }
        if (i >= code.length) return spans;
        i += 1;
      } else if (ch === '\\') {
        if (code[i + 1] === '\n') break;
        value += code[i + 1] ?? '';
        i += 2;
      } else {
        value += ch;
        i += 1;
      }
    }
    spans.push({ start, end: i, value });
  }
  return spans;
}

const PS_ESCAPES: Record<string, string> = { ...SIMPLE_ESCAPES, e: '\x1b' };

/** PowerShell: `'…'` (`''` is a quote) and `"…"` (backtick escapes, `""` is a quote). */
function powershell(code: string): LiteralSpan[] {
  const spans: LiteralSpan[] = [];
  let i = 0;
  while (i < code.length) {
    const quote = code[i]!;
    if (quote !== "'" && quote !== '"') {
      i += 1;
      continue;
    }
    const start = i;
    let value = '';
    i += 1;
    for (;;) {
      if (i >= code.length) return spans;
      const c = code[i]!;
      if (c === quote) {
        if (code[i + 1] === quote) {
          value += quote;
          i += 2;
          continue;
        }
        break;
      }
      if (c === '`' && quote === '"') {
        const e = code[i + 1] ?? '';
        value += PS_ESCAPES[e] ?? e;
        i += 2;
        continue;
      }
      value += c;
      i += 1;
    }
    i += 1;
    spans.push({ start, end: i, value });
  }
  return spans;
}

export function findLiterals(
  code: string,
  syntax: LiteralSyntax,
  goRawStrings = false,
): LiteralSpan[] {
  if (syntax === 'shell') return shellWords(code);
  if (syntax === 'powershell') return powershell(code);
  return cLike(code, goRawStrings);
}
