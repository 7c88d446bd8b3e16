/**
 * The `{{name}}` syntax. A reference is `{{`, optional spaces, a name
 * (`[A-Za-z_][A-Za-z0-9_.-]*`, at most 100 characters), optional spaces, `}}`.
 * `\{{` is an escape: the backslash is dropped and the `{{` stays literal. Anything
 * else between braces (`{{ not a name }}`, `{{$guid}}`) is plain text, sent as typed.
 *
 * Substitution is one pass: a value that itself contains `{{x}}` is inserted as is,
 * never resolved again, so a value cannot pull in another variable (or a secret) by
 * accident and there is no recursion to bound.
 */

export interface TemplateReference {
  name: string;
  /** UTF-16 offset of the `{{` in the text. */
  offset: number;
  /** Length of the whole `{{ … }}`. */
  length: number;
}

type Piece = { text: string } | { ref: TemplateReference };

const REFERENCE = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_.-]{0,99})[ \t]*\}\}/y;

function parse(text: string): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open === -1) {
      literal += text.slice(i);
      break;
    }
    if (open > 0 && text[open - 1] === '\\') {
      // `\{{`: keep `{{` literally and do not let it start a reference.
      literal += text.slice(i, open - 1) + '{{';
      i = open + 2;
      continue;
    }
    REFERENCE.lastIndex = open;
    const m = REFERENCE.exec(text);
    if (!m) {
      // `{{{x}}}` still finds `{{x}}` one character later.
      literal += text.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    literal += text.slice(i, open);
    if (literal) pieces.push({ text: literal });
    literal = '';
    pieces.push({ ref: { name: m[1]!, offset: open, length: m[0].length } });
    i = open + m[0].length;
  }
  if (literal) pieces.push({ text: literal });
  return pieces;
}

/** Every reference in `text`, in order (escaped ones excluded). */
export function findReferences(text: string): TemplateReference[] {
  if (!text.includes('{{')) return [];
  const refs: TemplateReference[] = [];
  for (const p of parse(text)) if ('ref' in p) refs.push(p.ref);
  return refs;
}

/**
 * `text` with each reference replaced by `valueOf(name)`; a reference whose value is
 * undefined stays as typed. Escapes are unescaped either way.
 */
export function substitute(text: string, valueOf: (name: string) => string | undefined): string {
  if (!text.includes('{{')) return text;
  let out = '';
  for (const p of parse(text)) {
    if ('text' in p) {
      out += p.text;
      continue;
    }
    const value = valueOf(p.ref.name);
    out += value ?? text.slice(p.ref.offset, p.ref.offset + p.ref.length);
  }
  return out;
}
