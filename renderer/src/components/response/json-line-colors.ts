/** Colours for one line of pretty-printed JSON (the huge-body viewer draws ~60 at a time). */
export interface Segment {
  text: string;
  /** `k` key, `s` string, `d` number, `b` boolean, `n` null, '' punctuation. */
  cls: '' | 'k' | 's' | 'd' | 'b' | 'n';
}

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/** Past this, a line is drawn plain: colouring costs more than it helps. */
const MAX_COLOURED = 2000;

export function colourJsonLine(text: string): Segment[] {
  if (text.length > MAX_COLOURED) return [{ text, cls: '' }];
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at), cls: '' });
    if (m[1] !== undefined) {
      out.push({ text: m[1], cls: m[2] !== undefined ? 'k' : 's' });
      if (m[2] !== undefined) out.push({ text: m[2], cls: '' });
    } else if (m[3] !== undefined) {
      out.push({ text: m[0], cls: m[3] === 'null' ? 'n' : 'b' });
    } else {
      out.push({ text: m[0], cls: 'd' });
    }
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), cls: '' });
  return out;
}
