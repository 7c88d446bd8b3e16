import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatMs,
  rawResponse,
  statusClass,
  statusTone,
  timingPhases,
} from '../../renderer/src/explorer/response-format';
import { nextCursorOf, readListEnvelope } from '../../renderer/src/explorer/list-envelope';
import type { HttpResponse } from '../../preload/contract';

describe('formatting', () => {
  it('formats sizes in human units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024)).toBe('200 KB');
    expect(formatBytes(5.25 * 1024 * 1024)).toBe('5.3 MB');
  });

  it('formats times in ms, seconds past one second, and a dash for phases that did not happen', () => {
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1534)).toBe('1.53 s');
    expect(formatMs(null)).toBe('—');
  });

  it('lists the timing phases in order', () => {
    const phases = timingPhases({
      dns: 1,
      connect: 2,
      tls: null,
      firstByte: 30,
      download: 4,
      total: 37,
    });
    expect(phases.map((p) => `${p.label}=${p.value}`)).toEqual([
      'DNS=1 ms',
      'Connect=2 ms',
      'TLS=—',
      'First byte=30 ms',
      'Download=4 ms',
      'Total=37 ms',
    ]);
  });
});

describe('status colouring', () => {
  it.each([
    [200, 'success', 'success'],
    [204, 'success', 'success'],
    [301, 'redirect', 'info'],
    [404, 'client-error', 'warning'],
    [429, 'client-error', 'warning'],
    [503, 'server-error', 'error'],
    [101, 'informational', 'default'],
  ])('%i is %s (%s)', (status, cls, tone) => {
    expect(statusClass(status)).toBe(cls);
    expect(statusTone(status)).toBe(tone);
  });
});

describe('list envelopes', () => {
  it('reads rows with id and name-ish columns, including nested threat names', () => {
    const view = readListEnvelope({
      data: [
        { id: '1', threatInfo: { threatName: 'mimikatz.exe', confidenceLevel: 'malicious' } },
        { id: '2', threatInfo: { threatName: 'evil.dll', confidenceLevel: 'suspicious' } },
      ],
      pagination: { nextCursor: 'abc', totalItems: 47 },
    });
    expect(view?.columns.map((c) => c.label)).toEqual(['id', 'threatName', 'confidenceLevel']);
    expect(view?.rows[0]?.cells).toEqual(['1', 'mimikatz.exe', 'malicious']);
    expect(view).toMatchObject({ count: 2, totalItems: 47, nextCursor: 'abc' });
  });

  it('treats every spelling of the last page as no next page', () => {
    for (const nextCursor of [null, 'null', '', undefined]) {
      expect(nextCursorOf({ nextCursor, totalItems: 1 })).toBeNull();
    }
    expect(nextCursorOf(undefined)).toBeNull();
  });

  it('is not a list view for action responses or PowerQuery rows', () => {
    expect(readListEnvelope({ data: { affected: 3 } })).toBeNull();
    expect(readListEnvelope({ data: [['a', 1]] })).toBeNull();
    expect(readListEnvelope('text')).toBeNull();
  });
});

describe('raw response', () => {
  it('shows the status line, repeated headers separately, then the body', () => {
    const res: HttpResponse = {
      requestId: 'r',
      method: 'GET',
      url: 'http://127.0.0.1/x',
      credentialsAttached: true,
      status: 200,
      statusText: 'OK',
      httpVersion: '1.1',
      headers: [
        ['content-type', 'application/json'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ],
      body: { kind: 'text', text: '{"data":[]}', contentType: 'application/json' },
      size: 11,
      timings: { dns: null, connect: null, tls: null, firstByte: 1, download: 1, total: 2 },
      redirects: [],
    };
    expect(rawResponse(res)).toBe(
      'HTTP/1.1 200 OK\ncontent-type: application/json\nset-cookie: a=1\nset-cookie: b=2\n\n{"data":[]}',
    );
  });
});
