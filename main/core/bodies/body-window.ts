import { readBytes } from './file-chunks';

/** The most one `bodies:read` answers. */
export const MAX_READ_BYTES = 1024 * 1024;

const isContinuation = (b: number) => (b & 0xc0) === 0x80;

export interface TextWindow {
  text: string;
  /** Where the text starts: `offset` as asked, moved forward off the middle of a character. */
  offset: number;
  /** Where the next window starts (always on a character boundary). */
  nextOffset: number;
  eof: boolean;
}

/**
 * Up to `length` bytes of the body from `offset`, as text cut on UTF-8 character
 * boundaries: a start inside a character moves to the next one, and the end stops before
 * a character that does not fit whole, so windows read one after another (`nextOffset`)
 * join up to exactly the body's text.
 */
export async function readTextWindow(
  path: string,
  size: number,
  offset: number,
  length: number,
): Promise<TextWindow> {
  if (offset >= size) return { text: '', offset: size, nextOffset: size, eof: true };
  // Three bytes either side are enough to find both boundaries.
  const buf = await readBytes(path, offset, Math.min(length + 4, size - offset));
  let start = 0;
  while (start < 3 && start < buf.length && isContinuation(buf[start]!)) start++;
  let end = Math.min(start + length, buf.length);
  if (offset + end < size) {
    while (end > start && isContinuation(buf[end]!)) end--;
    // A window smaller than the character at its start still carries that character.
    if (end === start) {
      end = start + 1;
      while (end < buf.length && isContinuation(buf[end]!)) end++;
    }
  }
  const nextOffset = offset + end;
  return {
    text: buf.toString('utf8', start, end),
    offset: offset + start,
    nextOffset,
    eof: nextOffset >= size,
  };
}
