/** Search inside a body held in memory (small bodies, JSONPath results): lines and columns. */
export interface SearchOptions {
  regex: boolean;
  caseSensitive: boolean;
}

export interface LineHit {
  line: number;
  column: number;
  length: number;
  preview: string;
  previewStart: number;
}

export type Finder = (text: string, from: number) => { index: number; length: number } | null;

/** Throws a SyntaxError for a bad regular expression (the search bar shows its message). */
export function createFinder(query: string, options: SearchOptions): Finder {
  if (options.regex) {
    const re = new RegExp(query, options.caseSensitive ? 'g' : 'gi');
    return (text, from) => {
      re.lastIndex = from;
      const m = re.exec(text);
      if (!m) return null;
      // An empty match would never move on: count it as one character.
      return { index: m.index, length: Math.max(1, m[0].length) };
    };
  }
  const needle = options.caseSensitive ? query : query.toLowerCase();
  return (text, from) => {
    const hay = options.caseSensitive ? text : text.toLowerCase();
    const index = hay.indexOf(needle, from);
    return index < 0 ? null : { index, length: needle.length };
  };
}

const PREVIEW_BEFORE = 40;
const PREVIEW_CHARS = 160;

export function previewOf(text: string, column: number): { preview: string; previewStart: number } {
  const start = Math.max(0, column - PREVIEW_BEFORE);
  return { preview: text.slice(start, start + PREVIEW_CHARS), previewStart: column - start };
}

/** At most `max` hits, in order; `more` says the lines hold more than that. */
export function searchLines(
  lines: readonly string[],
  query: string,
  options: SearchOptions,
  max = 1000,
): { hits: LineHit[]; more: boolean } {
  const find = createFinder(query, options);
  const hits: LineHit[] = [];
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line]!;
    let from = 0;
    for (let m = find(text, from); m; m = find(text, from)) {
      if (hits.length >= max) return { hits, more: true };
      hits.push({ line, column: m.index, length: m.length, ...previewOf(text, m.index) });
      from = m.index + m.length;
    }
  }
  return { hits, more: false };
}
