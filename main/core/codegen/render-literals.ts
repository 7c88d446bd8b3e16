/**
 * Writes a value made of text and environment variables as an expression of each
 * target language — quoted correctly for that language, which httpsnippet does not
 * always do (PowerShell single quotes and `$`, shell heredocs).
 */

export type ValuePart = { text: string } | { env: string };

export type Language = 'shell' | 'python' | 'powershell' | 'go' | 'javascript';

/** How the value is used: a request body may need bytes rather than text (Python). */
export type ValueRole = 'text' | 'body';

const isEnv = (p: ValuePart): p is { env: string } => 'env' in p;

/** Joins adjacent text parts and drops empty ones. */
export function normalizeParts(parts: readonly ValuePart[]): ValuePart[] {
  const out: ValuePart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (!isEnv(p)) {
      if (p.text === '') continue;
      if (last && !isEnv(last)) out[out.length - 1] = { text: last.text + p.text };
      else out.push(p);
    } else out.push(p);
  }
  return out;
}

// ── shell ────────────────────────────────────────────────────────────────────

const SHELL_SAFE = /^[A-Za-z0-9_@%:,./+-]+$/;

export function shellSingleQuote(text: string): string {
  if (SHELL_SAFE.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function shell(parts: ValuePart[]): string {
  if (parts.length === 0) return "''";
  if (!parts.some(isEnv)) return shellSingleQuote((parts[0] as { text: string }).text);
  const ref = (name: string, next: ValuePart | undefined) =>
    next && !isEnv(next) && /^[A-Za-z0-9_]/.test(next.text) ? `\${${name}}` : `$${name}`;
  if (parts.every((p) => isEnv(p) || !/["\\$`!]/.test(p.text))) {
    // The common case reads like a person wrote it: "Authorization: ApiToken $S1_API_TOKEN".
    return `"${parts.map((p, i) => (isEnv(p) ? ref(p.env, parts[i + 1]) : p.text)).join('')}"`;
  }
  return parts
    .map((p) => (isEnv(p) ? `"$${p.env}"` : `'${p.text.replace(/'/g, `'\\''`)}'`))
    .join('');
}

// ── python, go, javascript ───────────────────────────────────────────────────

/** JSON string syntax is valid Python 3 and Go string syntax. */
const jsonQuote = (text: string) => JSON.stringify(text);

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

const isControl = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;

function jsQuote(text: string): string {
  let body = '';
  for (const c of text) {
    body +=
      JS_ESCAPES[c] ?? (isControl(c) ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c);
  }
  return `'${body}'`;
}

function concat(
  parts: ValuePart[],
  quote: (t: string) => string,
  env: (name: string) => string,
): string {
  if (parts.length === 0) return quote('');
  return parts.map((p) => (isEnv(p) ? env(p.env) : quote(p.text))).join(' + ');
}

function python(parts: ValuePart[], role: ValueRole): string {
  const expr = concat(parts, jsonQuote, (n) => `os.environ[${jsonQuote(n)}]`);
  // requests sends a str body as Latin-1; anything beyond ASCII must go as UTF-8 bytes.
  const nonAscii = parts.some((p) => !isEnv(p) && [...p.text].some((c) => c.charCodeAt(0) > 0x7f));
  if (role !== 'body' || !nonAscii) return expr;
  return parts.length > 1 ? `(${expr}).encode("utf-8")` : `${expr}.encode("utf-8")`;
}

// ── powershell ───────────────────────────────────────────────────────────────

function psSingle(text: string): string {
  // PowerShell also ends single-quoted strings at the typographic single quotes.
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

const PS_DOUBLE_ESCAPES: Record<string, string> = {
  '\0': '`0',
  '\x07': '`a',
  '\b': '`b',
  '\f': '`f',
  '\n': '`n',
  '\r': '`r',
  '\t': '`t',
  '\v': '`v',
};

function powershell(parts: ValuePart[]): string {
  if (!parts.some(isEnv)) return psSingle(parts.length ? (parts[0] as { text: string }).text : '');
  const text = (t: string) =>
    [...t]
      .map((c) => PS_DOUBLE_ESCAPES[c] ?? ('`"$\u201c\u201d\u201e'.includes(c) ? '`' + c : c))
      .join('');
  return `"${parts
    .map((p, i) => {
      if (!isEnv(p)) return text(p.text);
      const next = parts[i + 1];
      // `$env:NAME` would swallow a following letter, digit, `_`, `:` or `?`.
      return next && !isEnv(next) && /^[A-Za-z0-9_:?]/.test(next.text)
        ? `\${env:${p.env}}`
        : `$env:${p.env}`;
    })
    .join('')}"`;
}

/** The value as an expression of `language`. */
export function renderValue(
  language: Language,
  parts: readonly ValuePart[],
  role: ValueRole,
): string {
  const norm = normalizeParts(parts);
  switch (language) {
    case 'shell':
      return shell(norm);
    case 'python':
      return python(norm, role);
    case 'go':
      return concat(norm, jsonQuote, (n) => `os.Getenv(${jsonQuote(n)})`);
    case 'javascript':
      return concat(norm, jsQuote, (n) => `process.env.${n}`);
    case 'powershell':
      return powershell(norm);
  }
}
