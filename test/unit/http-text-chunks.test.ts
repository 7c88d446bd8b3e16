import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTextChunker, type TextChunk } from '../../main/core/http/text-chunks';

const limits = { maxBytes: 1000, intervalMs: 50, batchBytes: 300 };

describe('createTextChunker', () => {
  let events: TextChunk[];
  let clock: number;
  const now = () => clock;

  beforeEach(() => {
    vi.useFakeTimers();
    events = [];
    clock = 0;
  });
  afterEach(() => vi.useRealTimers());

  function advance(ms: number) {
    clock += ms;
    vi.advanceTimersByTime(ms);
  }

  it('coalesces pieces that arrive within one interval into one event', () => {
    const c = createTextChunker((e) => events.push(e), limits, now);
    for (let i = 0; i < 10; i++) c.push(Buffer.from(`line ${i}\n`));
    expect(events).toHaveLength(0); // nothing goes out synchronously
    advance(0);
    expect(events).toHaveLength(1);
    for (let i = 10; i < 20; i++) {
      c.push(Buffer.from(`line ${i}\n`));
      advance(10);
    }
    c.end();
    // 100 ms of pieces after the first event: at most one event per 50 ms, plus the final flush.
    expect(events.length).toBeLessThanOrEqual(4);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    const text = events.map((e) => e.text).join('');
    expect(text).toBe(Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join(''));
    expect(events.reduce((n, e) => n + e.bytes, 0)).toBe(Buffer.byteLength(text));
  });

  it('sends at once when a batch of bytes is waiting', () => {
    const c = createTextChunker((e) => events.push(e), limits, now);
    c.push(Buffer.from('x,'.repeat(200)));
    expect(events).toHaveLength(1);
    expect(events[0]!.bytes).toBe(400);
  });

  it('never ends an event inside a token, so the redactor sees secrets whole', () => {
    const c = createTextChunker((e) => events.push(e), limits, now);
    c.push(Buffer.from('{"token":"abcd'));
    advance(100);
    expect(events.map((e) => e.text)).toEqual(['{"token":"']);
    c.push(Buffer.from('efgh","x":1}'));
    advance(100);
    c.end();
    expect(events.map((e) => e.text)).toEqual(['{"token":"', 'abcdefgh","x":1}']);
  });

  it('keeps multi-byte characters whole across pieces', () => {
    const c = createTextChunker((e) => events.push(e), limits, now);
    const body = Buffer.from('héllo wörld ✓\n');
    for (const byte of body) c.push(Buffer.from([byte]));
    advance(100);
    c.end();
    expect(events.map((e) => e.text).join('')).toBe('héllo wörld ✓\n');
  });

  it('streams only the first maxBytes and stops there', () => {
    const c = createTextChunker((e) => events.push(e), limits, now);
    for (let i = 0; i < 100; i++) {
      c.push(Buffer.from('0123456789abcdefghi\n'));
      advance(60);
    }
    c.end();
    const bytes = events.reduce((n, e) => n + e.bytes, 0);
    expect(bytes).toBe(1000);
    expect(events.map((e) => e.text).join('')).toBe('0123456789abcdefghi\n'.repeat(50));
  });

  it('sends nothing more once disposed (the body failed)', () => {
    const c = createTextChunker((e) => events.push(e), limits, now);
    c.push(Buffer.from('partial line\n'));
    c.dispose();
    advance(100);
    c.push(Buffer.from('more\n'));
    c.end();
    expect(events).toEqual([]);
  });
});
