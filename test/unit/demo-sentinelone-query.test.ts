import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type CursorState } from '../../main/demo/sentinelone/cursor';
import { ApiError } from '../../main/demo/sentinelone/envelope';
import { buildFilter, dateRange, idIn, oneOf } from '../../main/demo/sentinelone/filters';
import { jsonParams, parseIsoDate, queryParams } from '../../main/demo/sentinelone/params';
import {
  parsePaging,
  parseSort,
  sortItems,
  takePage,
  type Listing,
  type Page,
} from '../../main/demo/sentinelone/query';

interface Row {
  id: string;
  group: string;
  at: string;
}

const listing: Listing<Row> = {
  sortFields: { id: (r) => r.id, group: (r) => r.group, at: (r) => r.at },
  defaultSort: { field: 'id', order: 'asc' },
  idOf: (r) => r.id,
};

const rows: Row[] = Array.from({ length: 25 }, (_, i) => ({
  id: String(1000 + i * 3),
  group: ['b', 'a', 'c'][i % 3] as string,
  at: new Date(Date.UTC(2026, 9, 1 + i)).toISOString(),
}));

function status(fn: () => unknown): number | string {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return err instanceof ApiError ? err.status : String(err);
  }
}

const q = (text: string) => queryParams(new URLSearchParams(text));

describe('cursors', () => {
  it('round-trips the sort and the last key', () => {
    const state = {
      sort: { field: 'group', order: 'desc' as const },
      after: ['a', '1003'] as ['a', string],
    };
    expect(decodeCursor(encodeCursor(state))).toEqual(state);
  });

  it('rejects anything it did not issue with the documented message', () => {
    const samples = [
      'not a cursor',
      Buffer.from('hello').toString('base64'),
      Buffer.from('{"offset":3}').toString('base64'),
      Buffer.from('{"v":1,"s":"id","o":"sideways","k":[1,"2"]}').toString('base64'),
      'A'.repeat(5000),
    ];
    for (const raw of samples) {
      expect(() => decodeCursor(raw)).toThrowError('Invalid cursor value received');
    }
  });

  it('visits every row once when many rows share a sort value', () => {
    const sort = { field: 'group', order: 'asc' as const };
    const sorted = sortItems(rows, listing, sort);
    const seen: string[] = [];
    let cursor: CursorState | null = null;
    do {
      const page: Page<Row> = takePage(
        sorted,
        { limit: 4, skip: 0, cursor, countOnly: false },
        sort,
        listing,
      );
      seen.push(...page.items.map((r) => r.id));
      cursor =
        page.pagination.nextCursor === null ? null : decodeCursor(page.pagination.nextCursor);
    } while (cursor !== null);
    expect(seen).toEqual(sorted.map((r) => r.id));
    expect(new Set(seen).size).toBe(rows.length);
    expect(sorted.map((r) => r.group).join('')).toBe('a'.repeat(8) + 'b'.repeat(9) + 'c'.repeat(8));
  });

  it('resumes after the last key even when rows arrive in front of it', () => {
    const sort = { field: 'id', order: 'asc' as const };
    const first = takePage(
      rows,
      { limit: 5, skip: 0, cursor: null, countOnly: false },
      sort,
      listing,
    );
    const grown = [{ id: '0999', group: 'a', at: '' }, ...rows];
    const cursor = decodeCursor(first.pagination.nextCursor as string);
    const second = takePage(grown, { limit: 5, skip: 0, cursor, countOnly: false }, sort, listing);
    expect(second.items[0]?.id).toBe(rows[5]?.id);
  });
});

describe('paging and sorting parameters', () => {
  it('defaults to limit 10 and validates ranges', () => {
    expect(parsePaging(q(''))).toEqual({ limit: 10, skip: 0, cursor: null, countOnly: false });
    expect(parsePaging(q('limit=1000&skip=1000&countOnly=true'))).toMatchObject({
      limit: 1000,
      skip: 1000,
      countOnly: true,
    });
    for (const bad of [
      'limit=0',
      'limit=1001',
      'limit=2.5',
      'limit=-1',
      'skip=1001',
      'countOnly=yes',
    ]) {
      expect(status(() => parsePaging(q(bad)))).toBe(400);
    }
  });

  it('uses the listing default, an explicit field, or refuses unknown fields', () => {
    expect(parseSort(q(''), listing)).toEqual({ field: 'id', order: 'asc' });
    expect(parseSort(q('sortOrder=desc'), listing)).toEqual({ field: 'id', order: 'desc' });
    expect(parseSort(q('sortBy=at'), listing)).toEqual({ field: 'at', order: 'asc' });
    expect(status(() => parseSort(q('sortBy=__proto__'), listing))).toBe(400);
    expect(status(() => parseSort(q('sortBy=at&sortOrder=random'), listing))).toBe(400);
  });

  it('countOnly returns no items but the full count', () => {
    const sort = listing.defaultSort;
    const page = takePage(
      rows,
      { limit: 5, skip: 0, cursor: null, countOnly: true },
      sort,
      listing,
    );
    expect(page).toEqual({ items: [], pagination: { nextCursor: null, totalItems: 25 } });
  });
});

describe('filters', () => {
  const spec = {
    ids: idIn<Row>((r) => r.id),
    groups: oneOf<Row>((r) => r.group, ['a', 'b', 'c']),
    ...dateRange<Row>('at', (r) => r.at),
  };

  it('ignores unknown parameters and empty lists', () => {
    const built = buildFilter(q('unknown=1&ids=&limit=5'), spec);
    expect(built.criteria).toBe(0);
    expect(rows.filter(built.predicate)).toHaveLength(rows.length);
  });

  it('combines criteria with AND and reads JSON filters the same way', () => {
    const fromQuery = buildFilter(q('groups=a,b&at__gte=2026-10-10T00:00:00Z'), spec);
    const fromJson = buildFilter(jsonParams({ groups: ['a', 'b'], at__gte: '2026-10-10' }), spec);
    const a = rows.filter(fromQuery.predicate).map((r) => r.id);
    expect(a.length).toBeGreaterThan(0);
    expect(rows.filter(fromJson.predicate).map((r) => r.id)).toEqual(a);
    for (const id of a) {
      const row = rows.find((r) => r.id === id) as Row;
      expect(row.group).not.toBe('c');
      expect(row.at >= '2026-10-10').toBe(true);
    }
  });

  it('refuses bad ids, enum values, dates and nested JSON values', () => {
    expect(status(() => buildFilter(q('ids=12,abc'), spec))).toBe(400);
    expect(status(() => buildFilter(q('groups=z'), spec))).toBe(400);
    expect(status(() => buildFilter(q('at__lt=last week'), spec))).toBe(400);
    expect(status(() => buildFilter(jsonParams({ ids: [{ id: 1 }] }), spec))).toBe(400);
  });

  it('normalises ISO dates, including the console microsecond form', () => {
    expect(parseIsoDate('2018-02-27T04:49:26.257525Z', 'x')).toBe('2018-02-27T04:49:26.257Z');
    expect(parseIsoDate('2026-10-01', 'x')).toBe('2026-10-01T00:00:00.000Z');
    expect(parseIsoDate('2026-10-01T02:00:00+02:00', 'x')).toBe('2026-10-01T00:00:00.000Z');
    expect(status(() => parseIsoDate('1700000000', 'x'))).toBe(400);
  });
});
