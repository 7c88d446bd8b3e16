import { performance } from 'node:perf_hooks';

/** One piece of a textual response body as it arrives (the engine adds nothing else). */
export interface TextChunk {
  /** 0, 1, 2… in body order. */
  seq: number;
  text: string;
  /** Body bytes (after content decoding) this text covers. */
  bytes: number;
}

export interface TextChunkLimits {
  /** Only the first this-many body bytes are streamed; the rest arrives with the response. */
  maxBytes: number;
  /** At most one event per this many milliseconds… */
  intervalMs: number;
  /** …unless this many bytes are waiting. */
  batchBytes: number;
}

export const DEFAULT_TEXT_CHUNK_LIMITS: TextChunkLimits = {
  maxBytes: 256 * 1024,
  intervalMs: 50,
  batchBytes: 64 * 1024,
};

export interface TextChunker {
  push(chunk: Buffer): void;
  /** The body is complete: send what is pending. */
  end(): void;
  /** The body failed: send nothing more. */
  dispose(): void;
}

/**
 * Bytes after which an event may end. All are ASCII, so a cut there never
 * splits a UTF-8 sequence, and none occurs inside a token, session id or JWT:
 * every chunk goes through the redactor on its own, and a secret cut in two
 * would slip past it half by half.
 */
const BOUNDARY = new Set([...' \t\r\n"\',{}[]<>&;'].map((c) => c.charCodeAt(0)));

function lastBoundary(buf: Buffer): number {
  for (let i = buf.length - 1; i >= 0; i--) if (BOUNDARY.has(buf[i]!)) return i + 1;
  return 0;
}

/**
 * Turns body bytes into few, ordered text events: coalesced to at most one per
 * `intervalMs` (or per `batchBytes`), only for the first `maxBytes`, so a fast
 * or huge body never floods IPC. Concatenated, the texts are the body's prefix.
 */
export function createTextChunker(
  emit: (chunk: TextChunk) => void,
  limits: TextChunkLimits = DEFAULT_TEXT_CHUNK_LIMITS,
  clock: () => number = () => performance.now(),
): TextChunker {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let taken = 0;
  let seq = 0;
  let lastEmit = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function clearTimer() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function flush(whole: boolean) {
    clearTimer();
    if (pendingBytes === 0) return;
    const buf = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    const cut = whole ? buf.length : lastBoundary(buf);
    if (cut === 0) return; // wait for a boundary (or the end, or the cap)
    const rest = buf.subarray(cut);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
    lastEmit = clock();
    emit({ seq: seq++, text: buf.subarray(0, cut).toString('utf8'), bytes: cut });
  }

  return {
    push(chunk) {
      if (stopped) return;
      const room = limits.maxBytes - taken;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      taken += part.length;
      if (part.length > 0) {
        pending.push(part);
        pendingBytes += part.length;
      }
      if (taken >= limits.maxBytes) {
        // The cap cuts at a boundary too; what lies past it is not streamed.
        flush(false);
        stopped = true;
        pending = [];
        pendingBytes = 0;
        return;
      }
      if (pendingBytes >= limits.batchBytes) flush(false);
      if (pendingBytes > 0 && timer === undefined) {
        timer = setTimeout(() => flush(false), Math.max(0, lastEmit + limits.intervalMs - clock()));
      }
    },
    end() {
      if (stopped) return;
      flush(true);
      stopped = true;
    },
    dispose() {
      clearTimer();
      stopped = true;
      pending = [];
      pendingBytes = 0;
    },
  };
}
