/**
 * A push-based JSON scanner over bytes: feed it chunks of a file in order and it
 * validates the document and reports where each line of the pretty-printed form
 * (`JSON.stringify(value, null, 2)`) starts, without ever holding more than the token
 * it is in. It can start in the middle of a document from a saved line start (the byte
 * offset of the line's first token and the stack of open containers), which is how a
 * window of pretty lines is rendered without reading what comes before it.
 *
 * Pretty lines start at: an object key, a value inside an array (or the root value),
 * and the closing bracket of a non-empty container. An empty container stays on its
 * opening line (`[]`, `{}`), as in `JSON.stringify`.
 */

export const OBJECT = 0;
export const ARRAY = 1;
export type ContainerKind = typeof OBJECT | typeof ARRAY;

/** Deeper documents are refused: the stack is stored for every saved line start. */
export const MAX_DEPTH = 512;

export interface ScanSink {
  /** A pretty line starts at byte `offset`, indented by `depth` levels. */
  lineStart(offset: number, depth: number): void;
  /** Only called when the scanner captures text (rendering). */
  open?(kind: ContainerKind): void;
  close?(kind: ContainerKind, empty: boolean): void;
  /** A key's text, already in JSON.stringify's form (`"name"`). */
  key?(text: string, truncated: boolean): void;
  /** A string, number or literal, as JSON.stringify writes it (numbers keep their source text). */
  scalar?(text: string, truncated: boolean): void;
  comma?(): void;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

// Grammar states.
const S_VALUE = 0; // a value must come (root, after ':' or after ',' in an array)
const S_VALUE_OR_CLOSE = 1; // after '['
const S_KEY_OR_CLOSE = 2; // after '{'
const S_KEY = 3; // after ',' in an object
const S_COLON = 4;
const S_AFTER_VALUE = 5;
const S_DONE = 6;

// Token states.
const T_NONE = 0;
const T_STRING = 1;
const T_ESCAPE = 2;
const T_UNICODE = 3;
const T_NUMBER = 4;
const T_LITERAL = 5;

// Number sub-states: where in -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? the scanner is.
const N_MINUS = 0;
const N_ZERO = 1;
const N_INT = 2;
const N_DOT = 3;
const N_FRAC = 4;
const N_E = 5;
const N_E_SIGN = 6;
const N_EXP = 7;

const LITERALS = [Buffer.from('true'), Buffer.from('false'), Buffer.from('null')];

export interface ScanStart {
  /** Byte offset of the first token to read. */
  offset: number;
  /** The containers open at that point, outermost first (`OBJECT`/`ARRAY`). */
  stack: ArrayLike<number>;
}

export class JsonScanner {
  /** Container kinds, outermost first; only `depth` entries are meaningful. */
  readonly stack = new Uint8Array(MAX_DEPTH);
  depth = 0;
  /** Set it from a sink to stop scanning; `write` returns at once. */
  stopped = false;

  private readonly hasChildren = new Uint8Array(MAX_DEPTH);
  private state = S_VALUE;
  /** Whether the value the grammar expects starts a pretty line (not after a colon). */
  private valueStartsLine = true;
  private token = T_NONE;
  private tokenIsKey = false;
  private tokenStart = 0;
  private unicodeLeft = 0;
  private numberState = N_MINUS;
  private literal: Buffer = LITERALS[0]!;
  private literalAt = 0;
  private offset: number;
  private started: boolean;
  /** Where captured tokens that span chunks are collected (null: counting only). */
  private readonly capture: Buffer | null;
  private captured = 0;
  private capturedAll = true;
  private escaped = false;
  private chunk: Buffer | null = null;
  private chunkBase = 0;
  /** Index in the current chunk where the token's text starts; -1: in an earlier chunk. */
  private tokenFrom = -1;

  /**
   * `captureBytes`: how much of each token to keep for the sink's `key`/`scalar` (0 for
   * counting only). A resumed scanner (`start`) trusts that the offset is a line start.
   */
  constructor(
    private readonly sink: ScanSink,
    options: { captureBytes?: number; start?: ScanStart } = {},
  ) {
    this.capture = options.captureBytes ? Buffer.allocUnsafe(options.captureBytes) : null;
    const start = options.start;
    this.offset = start?.offset ?? 0;
    this.started = start !== undefined && start.offset > 0;
    if (start && start.stack.length > 0) {
      for (let i = 0; i < start.stack.length; i++) {
        this.stack[i] = start.stack[i]!;
        this.hasChildren[i] = 1;
      }
      this.depth = start.stack.length;
      const top = this.stack[this.depth - 1];
      this.state = top === OBJECT ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
    }
  }

  /** Bytes consumed so far (the next chunk's offset). */
  get position(): number {
    return this.offset;
  }

  get done(): boolean {
    return this.state === S_DONE;
  }

  /** Feeds the next bytes of the document. Throws JsonSyntaxError on invalid JSON. */
  write(buf: Buffer): void {
    const base = this.offset;
    const n = buf.length;
    this.chunk = buf;
    this.chunkBase = base;
    let i = 0;
    if (!this.started) {
      this.started = true;
      // A UTF-8 byte order mark is not JSON, but servers send one; skip it.
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
    }
    while (i < n) {
      if (this.stopped) return;
      const c = buf[i]!;
      switch (this.token) {
        case T_STRING: {
          let b = c;
          while (b !== 0x22 && b !== 0x5c && b >= 0x20) {
            if (++i === n) break;
            b = buf[i]!;
          }
          if (i === n) continue; // the string goes on in the next chunk
          if (b === 0x22) {
            this.endString(i);
            i++;
          } else if (b === 0x5c) {
            this.escaped = true;
            i++;
            this.token = T_ESCAPE;
          } else {
            throw new JsonSyntaxError(base + i, 'A control character must be escaped in a string');
          }
          continue;
        }
        case T_ESCAPE:
          if (c === 0x75) {
            this.token = T_UNICODE;
            this.unicodeLeft = 4;
          } else if (
            c === 0x22 ||
            c === 0x5c ||
            c === 0x2f ||
            c === 0x62 ||
            c === 0x66 ||
            c === 0x6e ||
            c === 0x72 ||
            c === 0x74
          ) {
            this.token = T_STRING;
          } else {
            throw new JsonSyntaxError(base + i, 'Invalid escape in a string');
          }
          i++;
          continue;
        case T_UNICODE:
          if (!isHex(c)) throw new JsonSyntaxError(base + i, 'Invalid \\u escape in a string');
          i++;
          if (--this.unicodeLeft === 0) this.token = T_STRING;
          continue;
        case T_NUMBER:
          if (this.number(c)) {
            i++;
            continue;
          }
          this.endNumber(i);
          continue; // the same byte is read again as the next token
        case T_LITERAL:
          if (c !== this.literal[this.literalAt]) {
            throw new JsonSyntaxError(base + i, 'Unexpected character');
          }
          i++;
          if (++this.literalAt === this.literal.length) {
            this.token = T_NONE;
            this.emitScalar(i);
            this.afterValue();
          }
          continue;
      }
      // Between tokens.
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      this.structural(c, base + i);
      i++;
    }
    // A token that goes on in the next chunk: keep what this chunk has of it.
    if (this.token !== T_NONE && this.capture) {
      this.carry(buf, this.tokenFrom >= 0 ? this.tokenFrom : 0, n);
      this.tokenFrom = -1;
    }
    this.chunk = null;
    this.offset = base + n;
  }

  /** Call at the end of the file: throws if the document is incomplete. */
  end(): void {
    if (this.token === T_NUMBER) this.endNumber(0);
    if (this.state !== S_DONE) {
      throw new JsonSyntaxError(
        this.offset,
        this.offset === 0 ? 'The body is empty' : 'The JSON document ends too early',
      );
    }
  }

  private structural(c: number, at: number): void {
    const state = this.state;
    if (state === S_DONE) throw new JsonSyntaxError(at, 'Unexpected data after the JSON value');
    if (state === S_COLON) {
      if (c !== 0x3a) throw new JsonSyntaxError(at, 'Expected ":" after a key');
      this.state = S_VALUE;
      this.valueStartsLine = false;
      return;
    }
    if (state === S_AFTER_VALUE) {
      if (c === 0x2c) {
        this.sink.comma?.();
        if (this.stack[this.depth - 1] === OBJECT) this.state = S_KEY;
        else {
          this.state = S_VALUE;
          this.valueStartsLine = true;
        }
        return;
      }
      if (c === 0x7d || c === 0x5d) return this.close(c, at);
      throw new JsonSyntaxError(at, 'Expected "," or a closing bracket');
    }
    if (state === S_KEY_OR_CLOSE || state === S_KEY) {
      if (c === 0x22) {
        this.child(at);
        this.beginToken(T_STRING, at);
        this.tokenIsKey = true;
        return;
      }
      if (c === 0x7d && state === S_KEY_OR_CLOSE) return this.close(c, at);
      throw new JsonSyntaxError(at, 'Expected a key in double quotes');
    }
    // S_VALUE or S_VALUE_OR_CLOSE
    if (c === 0x5d && state === S_VALUE_OR_CLOSE) return this.close(c, at);
    if (c === 0x7b || c === 0x5b) {
      if (this.depth >= MAX_DEPTH) {
        throw new JsonSyntaxError(at, `The document nests deeper than ${MAX_DEPTH} levels`);
      }
      this.valueStart(at);
      const kind = c === 0x7b ? OBJECT : ARRAY;
      this.stack[this.depth] = kind;
      this.hasChildren[this.depth] = 0;
      this.depth++;
      this.sink.open?.(kind);
      if (kind === OBJECT) this.state = S_KEY_OR_CLOSE;
      else {
        this.state = S_VALUE_OR_CLOSE;
        this.valueStartsLine = true;
      }
      return;
    }
    if (c === 0x22) {
      this.valueStart(at);
      this.beginToken(T_STRING, at);
      this.tokenIsKey = false;
      return;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.valueStart(at);
      this.beginToken(T_NUMBER, at);
      this.numberState = c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT;
      return;
    }
    const literal = c === 0x74 ? 0 : c === 0x66 ? 1 : c === 0x6e ? 2 : -1;
    if (literal >= 0) {
      this.valueStart(at);
      this.beginToken(T_LITERAL, at);
      this.literal = LITERALS[literal]!;
      this.literalAt = 1;
      return;
    }
    throw new JsonSyntaxError(at, 'Unexpected character');
  }

  private child(at: number): void {
    this.hasChildren[this.depth - 1] = 1;
    this.sink.lineStart(at, this.depth);
  }

  private valueStart(at: number): void {
    if (this.valueStartsLine) {
      if (this.depth > 0) this.hasChildren[this.depth - 1] = 1;
      this.sink.lineStart(at, this.depth);
    }
  }

  private close(c: number, at: number): void {
    const kind = this.stack[this.depth - 1];
    if ((c === 0x7d) !== (kind === OBJECT)) {
      throw new JsonSyntaxError(at, 'The closing bracket does not match the opening one');
    }
    const empty = this.hasChildren[this.depth - 1] === 0;
    // The line start is reported while the container is still on the stack, so a
    // scanner resumed here knows which container the bracket closes.
    if (!empty) this.sink.lineStart(at, this.depth - 1);
    this.depth--;
    this.sink.close?.(kind as ContainerKind, empty);
    this.afterValue();
  }

  private afterValue(): void {
    this.state = this.depth === 0 ? S_DONE : S_AFTER_VALUE;
  }

  private beginToken(token: number, at: number): void {
    this.token = token;
    this.tokenStart = at;
    this.captured = 0;
    this.capturedAll = true;
    this.escaped = false;
    // A string's text starts after its opening quote.
    this.tokenFrom = at - this.chunkBase + (token === T_STRING ? 1 : 0);
  }

  /** Advances the number grammar by one byte; false when the byte ends the number. */
  private number(c: number): boolean {
    const digit = c >= 0x30 && c <= 0x39;
    switch (this.numberState) {
      case N_MINUS:
        if (!digit) throw new JsonSyntaxError(this.tokenStart, 'Invalid number');
        this.numberState = c === 0x30 ? N_ZERO : N_INT;
        return true;
      case N_ZERO:
      case N_INT:
        if (digit && this.numberState === N_INT) return true;
        if (digit) throw new JsonSyntaxError(this.tokenStart, 'A number cannot have a leading 0');
        if (c === 0x2e) return ((this.numberState = N_DOT), true);
        if (c === 0x65 || c === 0x45) return ((this.numberState = N_E), true);
        return false;
      case N_DOT:
        if (!digit) throw new JsonSyntaxError(this.tokenStart, 'Invalid number');
        this.numberState = N_FRAC;
        return true;
      case N_FRAC:
        if (digit) return true;
        if (c === 0x65 || c === 0x45) return ((this.numberState = N_E), true);
        return false;
      case N_E:
        if (c === 0x2b || c === 0x2d) return ((this.numberState = N_E_SIGN), true);
        if (!digit) throw new JsonSyntaxError(this.tokenStart, 'Invalid number');
        this.numberState = N_EXP;
        return true;
      case N_E_SIGN:
        if (!digit) throw new JsonSyntaxError(this.tokenStart, 'Invalid number');
        this.numberState = N_EXP;
        return true;
      default:
        return digit;
    }
  }

  /** `end`: index in the current chunk just past the number (0 at the end of the file). */
  private endNumber(end: number): void {
    const s = this.numberState;
    if (s === N_MINUS || s === N_DOT || s === N_E || s === N_E_SIGN) {
      throw new JsonSyntaxError(this.chunkBase + end, 'Invalid number');
    }
    this.token = T_NONE;
    this.emitScalar(end);
    this.afterValue();
  }

  /** `end`: index of the closing quote in the current chunk. */
  private endString(end: number): void {
    this.token = T_NONE;
    if (this.tokenIsKey) {
      if (this.capture && this.sink.key) this.sink.key(this.stringText(end), !this.capturedAll);
      this.state = S_COLON;
      return;
    }
    if (this.capture && this.sink.scalar) {
      this.sink.scalar(this.stringText(end), !this.capturedAll);
    }
    this.afterValue();
  }

  private emitScalar(end: number): void {
    if (!this.capture || !this.sink.scalar) return;
    this.sink.scalar(this.tokenText(end, 'latin1'), !this.capturedAll);
  }

  /** The string token in JSON.stringify's form: escapes normalised, as `JSON.stringify(JSON.parse(raw))`. */
  private stringText(end: number): string {
    const raw = this.tokenText(end, 'utf8');
    // Short escapes (\" \\ \n …) are already what JSON.stringify writes; \/ and \u may not be.
    if (!this.escaped || (!raw.includes('\\u') && !raw.includes('\\/'))) return `"${raw}"`;
    return `"${canonicalEscapes(raw)}"`;
  }

  /**
   * The token's text up to `end` in the current chunk, at most `capture.length` bytes: read
   * straight from the chunk when the token lies in it, else from what was carried over.
   */
  private tokenText(end: number, encoding: 'utf8' | 'latin1'): string {
    const cap = this.capture!;
    const chunk = this.chunk;
    if (this.tokenFrom >= 0 && chunk) {
      const from = this.tokenFrom;
      if (end - from <= cap.length) return chunk.toString(encoding, from, end);
      this.capturedAll = false;
      const cut = from + cap.length;
      return chunk.toString(
        encoding,
        from,
        from + utf8Boundary(chunk.subarray(from, cut), cap.length),
      );
    }
    if (chunk && end > 0) this.carry(chunk, 0, end);
    const upTo = this.capturedAll ? this.captured : utf8Boundary(cap, this.captured);
    return cap.toString(encoding, 0, upTo);
  }

  /** Appends bytes of a token that spans chunks, up to the capture's size. */
  private carry(buf: Buffer, from: number, to: number): void {
    const cap = this.capture!;
    const take = Math.min(cap.length - this.captured, to - from);
    if (take > 0) buf.copy(cap, this.captured, from, from + take);
    this.captured += Math.max(0, take);
    if (take < to - from) this.capturedAll = false;
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** The end of the last whole UTF-8 character in `buf[0, length)`. */
export function utf8Boundary(buf: Uint8Array, length: number): number {
  let end = length;
  // Step back over continuation bytes to the lead byte of the last character.
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && (buf[end - back - 1]! & 0xc0) === 0x80) back++;
  const leadAt = end - back - 1;
  if (leadAt < 0) return end;
  const lead = buf[leadAt]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (back + 1 < need) end = leadAt;
  return end;
}

/**
 * The content of a JSON string re-escaped the way JSON.stringify escapes it. The input may
 * be cut short (a truncated capture): an incomplete escape at its end is dropped.
 */
function canonicalEscapes(raw: string): string {
  for (let cut = 0; cut <= 6 && cut <= raw.length; cut++) {
    try {
      return JSON.stringify(JSON.parse(`"${raw.slice(0, raw.length - cut)}"`)).slice(1, -1);
    } catch {
      // the capture ended inside an escape: try a little shorter
    }
  }
  return raw;
}
