/**
 * Geometry of the fixed-line-height viewer. A 100 MB body pretty-prints to millions of lines,
 * more pixels than a browser lets an element be tall, so past `MAX_SCROLL_PX` the scrollbar is
 * scaled: its position maps to a line proportionally, and the wheel moves by lines (see
 * VirtualLines). `topLine` (fractional) is the source of truth; scrollTop follows it.
 */
export const LINE_HEIGHT = 18;
/** Well under every engine's limit on element height (Chromium ~33 M px, Firefox ~17 M px). */
export const MAX_SCROLL_PX = 8_000_000;

export interface Geometry {
  lineCount: number;
  viewportPx: number;
  lineHeight?: number;
}

function lh(g: Geometry): number {
  return g.lineHeight ?? LINE_HEIGHT;
}

/** Height of the scrolled content: the real height, capped. */
export function contentHeight(g: Geometry): number {
  return Math.min(g.lineCount * lh(g), MAX_SCROLL_PX);
}

export function isScaled(g: Geometry): boolean {
  return g.lineCount * lh(g) > MAX_SCROLL_PX;
}

/** The largest top line: the last line sits at the bottom of the viewport. */
export function maxTopLine(g: Geometry): number {
  return Math.max(0, g.lineCount - g.viewportPx / lh(g));
}

function maxScroll(g: Geometry): number {
  return Math.max(0, contentHeight(g) - g.viewportPx);
}

export function clampTopLine(topLine: number, g: Geometry): number {
  return Math.min(Math.max(0, topLine), maxTopLine(g));
}

/** The (fractional) line at the top of the viewport for a scroll position. */
export function topLineFromScroll(scrollTop: number, g: Geometry): number {
  if (!isScaled(g)) return clampTopLine(scrollTop / lh(g), g);
  const range = maxScroll(g);
  return range > 0 ? clampTopLine((scrollTop / range) * maxTopLine(g), g) : 0;
}

/** The scroll position that puts `topLine` at the top (inverse of topLineFromScroll). */
export function scrollFromTopLine(topLine: number, g: Geometry): number {
  const t = clampTopLine(topLine, g);
  if (!isScaled(g)) return t * lh(g);
  const top = maxTopLine(g);
  return top > 0 ? (t / top) * maxScroll(g) : 0;
}

/** Whole lines to render: the visible ones plus `overscan` on each side, within the body. */
export function visibleRange(
  topLine: number,
  g: Geometry,
  overscan = 20,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(topLine) - overscan);
  const last = Math.min(g.lineCount, Math.ceil(topLine + g.viewportPx / lh(g)) + overscan);
  return { first, last: Math.max(first, last) };
}

/**
 * Where line `i` is drawn inside the scrolled content. Rows sit relative to the scroll
 * position, so the same formula holds whether or not the scrollbar is scaled.
 */
export function rowTop(i: number, topLine: number, scrollTop: number, g: Geometry): number {
  return scrollTop + (i - topLine) * lh(g);
}

/** The top line that shows `line` with a few lines of context above it. */
export function topLineToReveal(line: number, g: Geometry, context = 3): number {
  return clampTopLine(line - context, g);
}

/** Whether `line` is fully in view at `topLine`. */
export function isLineVisible(line: number, topLine: number, g: Geometry): boolean {
  return line >= topLine && line + 1 <= topLine + g.viewportPx / lh(g);
}
