import { fileChunks, GrowingIndex, PassCancelled } from './file-chunks';
import { JsonScanner, OBJECT, type ContainerKind, type ScanSink } from './json-scanner';
import { LineCollector, type IndexPassOptions, type LineWindow } from './line-index';
import { INDEX_STRIDE, IntList, OffsetList, StackTrie } from './sparse-index';

/**
 * Where the lines of the pretty-printed form of a JSON body start: for every
 * `INDEX_STRIDE`-th pretty line, the byte offset of its first token and the stack of
 * containers open there (a trie node). One streaming pass builds it; memory grows with
 * lines / 256, never with the size of a value.
 */
export class PrettyLineIndex extends GrowingIndex {
  readonly offsets = new OffsetList();
  readonly stacks = new IntList();
  readonly trie = new StackTrie();

  get bytes(): number {
    return this.offsets.bytes + this.stacks.bytes + this.trie.bytes;
  }
}

export async function buildPrettyLineIndex(
  path: string,
  index: PrettyLineIndex,
  options: IndexPassOptions = {},
): Promise<void> {
  index.startedAt = performance.now();
  const sink: ScanSink = {
    lineStart(offset) {
      if (index.lines % INDEX_STRIDE === 0) {
        index.offsets.push(offset);
        index.stacks.push(index.trie.nodeOf(scanner.stack, scanner.depth));
      }
      index.lines++;
    },
  };
  const scanner = new JsonScanner(sink);
  try {
    for await (const chunk of fileChunks(path, 0, options.chunkBytes)) {
      if (options.cancelled?.()) {
        index.failure = new PassCancelled();
        return;
      }
      scanner.write(chunk);
      index.scanned = scanner.position;
      index.progressed();
      options.onProgress?.();
    }
    scanner.end();
    index.done = true;
    index.finishedAt = performance.now();
  } catch (err) {
    index.failure = err;
    throw err;
  } finally {
    index.progressed();
  }
}

/** Indentation by depth, built once (depth is at most MAX_DEPTH). */
const INDENTS: string[] = [];
function indent(depth: number): string {
  for (let d = INDENTS.length; d <= depth; d++) INDENTS.push('  '.repeat(d));
  return INDENTS[depth]!;
}

/** Receives each pretty line in order; return false to stop. */
export type LineConsumer = (text: string, cut: boolean) => boolean;

/** Builds pretty lines from the scanner's events, each capped at `maxLineChars`. */
class PrettyRenderer implements ScanSink {
  private line: number;
  private current = '';
  private cut = false;
  stopped = false;

  constructor(
    firstIndexedLine: number,
    private readonly fromLine: number,
    private readonly maxLineChars: number,
    private readonly consume: LineConsumer,
    private readonly stopScanner: () => void,
  ) {
    this.line = firstIndexedLine - 1;
  }

  lineStart(_offset: number, depth: number): void {
    this.flush();
    if (this.stopped) return;
    this.line++;
    this.current = indent(depth);
    this.cut = false;
  }

  /** Hands over the line in progress (at the next line start or the end of the document). */
  flush(): void {
    if (this.line < this.fromLine || this.stopped) return;
    if (!this.consume(this.current, this.cut)) {
      this.stopped = true;
      this.stopScanner();
    }
    this.current = '';
  }

  private append(text: string, truncated = false): void {
    if (this.line < this.fromLine || this.cut) return;
    this.current += text;
    if (truncated || this.current.length > this.maxLineChars) this.cut = true;
  }

  open(kind: ContainerKind): void {
    this.append(kind === OBJECT ? '{' : '[');
  }

  close(kind: ContainerKind): void {
    this.append(kind === OBJECT ? '}' : ']');
  }

  key(text: string, truncated: boolean): void {
    this.append(text, truncated);
    this.append(': ');
  }

  scalar(text: string, truncated: boolean): void {
    this.append(text, truncated);
  }

  comma(): void {
    this.append(',');
  }
}

/**
 * Streams the pretty lines from `fromLine` on to `consume`, resuming at the nearest indexed
 * line; answers whether the document ended (false: the consumer stopped first).
 */
export async function forEachPrettyLine(
  path: string,
  index: PrettyLineIndex,
  fromLine: number,
  maxLineChars: number,
  consume: LineConsumer,
  chunkBytes?: number,
): Promise<boolean> {
  const checkpoint = Math.floor(fromLine / INDEX_STRIDE);
  // Line 0 needs no index: the first screen renders from the start of the file at once.
  if (checkpoint > 0) await index.until(() => index.offsets.length > checkpoint);
  if (
    (checkpoint > 0 && index.offsets.length <= checkpoint) ||
    (index.done && fromLine >= index.lines)
  ) {
    return true;
  }
  const start =
    checkpoint === 0
      ? { offset: 0, stack: [] }
      : {
          offset: index.offsets.at(checkpoint),
          stack: index.trie.stackOf(index.stacks.at(checkpoint)),
        };
  const made: { scanner?: JsonScanner } = {};
  const renderer = new PrettyRenderer(
    checkpoint * INDEX_STRIDE,
    fromLine,
    maxLineChars,
    consume,
    () => {
      if (made.scanner) made.scanner.stopped = true;
    },
  );
  // Enough of each token for a capped line; the rest of a long string is skipped.
  const scanner = new JsonScanner(renderer, { captureBytes: maxLineChars * 4 + 16, start });
  made.scanner = scanner;
  for await (const chunk of fileChunks(path, start.offset, chunkBytes)) {
    scanner.write(chunk);
    if (renderer.stopped) return false;
  }
  scanner.end();
  renderer.flush();
  return !renderer.stopped;
}

/** Renders `count` pretty lines from `fromLine`. */
export async function readPrettyLines(
  path: string,
  index: PrettyLineIndex,
  fromLine: number,
  count: number,
  maxLineChars: number,
  chunkBytes?: number,
): Promise<LineWindow> {
  const out = new LineCollector(fromLine, maxLineChars);
  let more = false;
  await forEachPrettyLine(
    path,
    index,
    fromLine,
    maxLineChars,
    (text, cut) => {
      if (out.lines.length >= count || out.full) {
        more = true;
        return false;
      }
      out.push(text, cut);
      return true;
    },
    chunkBytes,
  );
  return { fromLine, lines: out.lines, truncated: out.truncated, eof: !more };
}
