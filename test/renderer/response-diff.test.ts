import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { HistoryEntry } from '../../preload/contract';
import ResponseDiff from '../../renderer/src/components/history/ResponseDiff.vue';
import {
  foldUnchanged,
  prettyForDiff,
  sideBySide,
} from '../../renderer/src/components/history/response-diff';
import type { ComparedEntry } from '../../renderer/src/stores/history';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

function side(
  id: string,
  status: number,
  headers: [string, string][],
  text: string | null,
  truncated = false,
): ComparedEntry {
  const entry: HistoryEntry = {
    id,
    at: '2025-03-04T10:00:00.000Z',
    connectionId: 'c-1',
    connectionName: 'Acme production',
    environment: 'production',
    durationMs: 30,
    request: {
      method: 'GET',
      url: 'https://acme.sentinelone.net/web/api/v2.1/agents/101',
      path: 'agents/101',
      query: [],
      headers: [],
      body: { kind: 'none' },
    },
    response: {
      status,
      statusText: status === 200 ? 'OK' : 'Not Found',
      httpVersion: '1.1',
      headers,
      size: text?.length ?? 0,
      timings: { dns: null, connect: 1, tls: null, firstByte: 2, download: 1, total: 4 },
      redirects: [],
      credentialsAttached: true,
    },
    error: null,
    body:
      text === null ? { kind: 'empty' } : { kind: 'text', text, contentType: 'application/json' },
  };
  return { entry, bodyText: text === null ? null : { text, truncated } };
}

describe('response diff', () => {
  it('pretty-prints JSON first so the diff is by line', () => {
    expect(prettyForDiff('{"a":1,"b":[2]}')).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}\n');
    expect(prettyForDiff('not json\r\nline')).toBe('not json\nline');
  });

  it('pairs a removed line with the line that replaced it and folds long unchanged runs', () => {
    const rows = sideBySide([
      { value: 'a\nb\n', count: 2, added: false, removed: false },
      { value: 'c\n', count: 1, added: false, removed: true },
      { value: 'C\nD\n', count: 2, added: true, removed: false },
    ]);
    expect(rows.map((r) => [r.left?.text ?? null, r.right?.text ?? null])).toEqual([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'C'],
      [null, 'D'],
    ]);
    const same = Array.from({ length: 20 }, (_, i) => ({
      left: { no: i + 1, text: `${i}`, kind: 'same' as const },
      right: { no: i + 1, text: `${i}`, kind: 'same' as const },
    }));
    const items = foldUnchanged([...same, rows[2]!]);
    // The run before the change keeps 3 lines of context; the rest is one fold.
    expect(items).toHaveLength(5);
    expect(items[0]).toMatchObject({ fold: true });
  });

  it('marks the added and removed lines of two JSON bodies side by side', async () => {
    const left = side(
      'h1-00000001',
      200,
      [['content-type', 'application/json']],
      JSON.stringify({ id: '101', status: 'active', tags: ['a'] }),
    );
    const right = side(
      'h2-00000002',
      404,
      [
        ['content-type', 'application/json'],
        ['x-request-id', 'r2'],
      ],
      JSON.stringify({ id: '101', status: 'isolated', tags: ['a'], note: 'x' }),
      true,
    );
    wrapper = mount(ResponseDiff, { props: { left, right } });
    await expect.poll(() => wrapper!.findAll('[data-testid="diff-row"]').length).toBeGreaterThan(0);

    const removed = wrapper.findAll('[data-testid="diff-left"][data-kind="removed"]');
    const added = wrapper.findAll('[data-testid="diff-right"][data-kind="added"]');
    expect(removed.map((c) => c.text())).toEqual(['"status": "active",', ']']);
    expect(added.map((c) => c.text())).toEqual(['"status": "isolated",', '],', '"note": "x"']);
    // Unchanged lines are on both sides, unmarked.
    const same = wrapper
      .findAll('[data-testid="diff-left"][data-kind="same"]')
      .map((c) => c.text());
    expect(same).toContain('"id": "101",');

    expect(wrapper.get('[data-testid="diff-status"]').text()).toBe('200 OK → 404 Not Found');
    expect(wrapper.get('[data-testid="diff-headers"]').text()).toContain('+1 (x-request-id)');
    expect(wrapper.find('[data-testid="diff-note-left"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="diff-note-right"]').text()).toContain('truncated');
  });

  it('says so when the bodies are the same', async () => {
    const body = '{"ok":true}';
    wrapper = mount(ResponseDiff, {
      props: {
        left: side('h1-00000001', 200, [], body),
        right: side('h2-00000002', 200, [], body),
      },
    });
    await expect.poll(() => wrapper!.find('[data-testid="diff-identical"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="diff-headers"]').text()).toBe('same headers');
  });
});
