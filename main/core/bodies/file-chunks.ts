import { open } from 'node:fs/promises';

/** How much of a body is read at a time: large enough for throughput, small enough to yield often. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * The bytes of a file from `start`, a chunk at a time. Each chunk is a fresh buffer, so a
 * consumer may keep slices of it. Stops early when the consumer stops iterating.
 */
export async function* fileChunks(
  path: string,
  start = 0,
  chunkBytes = CHUNK_BYTES,
): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    let position = start;
    for (;;) {
      const buf = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await handle.read(buf, 0, chunkBytes, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield bytesRead === chunkBytes ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
export async function readBytes(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** An index pass stopped because its body was released or replaced; readers get this. */
export class PassCancelled extends Error {
  constructor() {
    super('The body was closed or replaced while it was being read.');
    this.name = 'PassCancelled';
  }
}

/**
 * An index that grows while a pass over the file runs: readers wait only until the part
 * they need is indexed, so the first screen never waits for the whole body.
 */
export class GrowingIndex {
  /** Lines seen so far (final once `done`). */
  lines = 0;
  /** Bytes of the body scanned so far. */
  scanned = 0;
  done = false;
  failure: unknown = undefined;
  startedAt = 0;
  finishedAt = 0;
  private waiters = new Set<() => void>();

  /** Wakes every waiter; call after each chunk and at the end. */
  progressed(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves once `ready()` holds or the pass ended; rethrows the pass's failure. */
  async until(ready: () => boolean): Promise<void> {
    while (!ready() && !this.done && this.failure === undefined) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
    if (this.failure !== undefined && !ready()) throw this.failure;
  }
}
