/** A piece of text and whether it is one of the matched terms (for `<mark>`). */
export interface HighlightPart {
  text: string;
  hit: boolean;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Splits `text` around the matched terms, case-insensitively, longest terms
 * first so "cancel-query" wins over "cancel". Plain text in, plain text out:
 * the caller renders `<mark>` itself, so nothing is parsed as HTML.
 */
export function highlightParts(text: string, terms: readonly string[]): HighlightPart[] {
  const usable = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  if (!usable.length || !text) return [{ text, hit: false }];
  const re = new RegExp(`(${usable.map(escapeRegExp).join('|')})`, 'gi');
  const parts: HighlightPart[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at), hit: false });
    parts.push({ text: m[0], hit: true });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}
