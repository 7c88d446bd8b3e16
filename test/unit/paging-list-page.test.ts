import { describe, expect, it } from 'vitest';
import {
  errorDetailOf,
  itemIdOf,
  nextCursorOf,
  pageItemsOf,
  totalItemsOf,
} from '../../main/core/paging/list-page';

describe('list envelope', () => {
  it('every recorded way of marking the last page ends the paging', () => {
    const page = (pagination: unknown) => ({ data: [], pagination });
    expect(nextCursorOf(page({ nextCursor: null, totalItems: 3 }))).toBeUndefined();
    expect(nextCursorOf(page({ nextCursor: 'null', totalItems: 3 }))).toBeUndefined();
    expect(nextCursorOf(page({ nextCursor: '', totalItems: 3 }))).toBeUndefined();
    expect(nextCursorOf(page({ nextCursor: '  ', totalItems: 3 }))).toBeUndefined();
    expect(nextCursorOf(page({ totalItems: 3 }))).toBeUndefined();
    expect(nextCursorOf({ data: [] })).toBeUndefined();
    expect(nextCursorOf(page({ nextCursor: 42 }))).toBeUndefined();
    expect(nextCursorOf(page({ nextCursor: 'eyJ2IjoxfQ' }))).toBe('eyJ2IjoxfQ');
  });

  it('totalItems is read when it is a count', () => {
    expect(totalItemsOf({ pagination: { totalItems: 1500 } })).toBe(1500);
    expect(totalItemsOf({ pagination: { totalItems: '1500' } })).toBeUndefined();
    expect(totalItemsOf({ data: [] })).toBeUndefined();
  });

  it('items come from data, or the one list inside a wrapped data (GET /sites)', () => {
    expect(pageItemsOf({ data: [1, 2] })).toEqual([1, 2]);
    expect(
      pageItemsOf({ data: { allSites: { activeLicenses: 1 }, sites: [{ id: 's' }] } }),
    ).toEqual([{ id: 's' }]);
    expect(pageItemsOf({ data: { a: [], b: [] } })).toBeUndefined();
    expect(pageItemsOf({ data: { affected: 1 } })).toBeUndefined();
    expect(pageItemsOf([1])).toBeUndefined();
  });

  it('ids and error details', () => {
    expect(itemIdOf({ id: '123' })).toBe('123');
    expect(itemIdOf({ id: 7 })).toBe('7');
    expect(itemIdOf({ uuid: 'u' })).toBe('u');
    expect(itemIdOf('x')).toBeUndefined();
    expect(
      errorDetailOf({ errors: [{ code: 4000010, detail: 'Invalid cursor value received' }] }),
    ).toBe('Invalid cursor value received');
    expect(errorDetailOf({ data: [] })).toBeUndefined();
  });
});
