import { listResult, type ApiResult, type Pagination } from './envelope';
import { buildFilter, type FilterSpec } from './filters';
import { queryParams } from './params';
import { parsePaging, resolveSort, takePage, type Listing } from './query';
import type { ApiContext, Handler } from './router';
import type { DemoDataset } from './seed-data';

export interface ListEndpoint<T extends object> {
  /** Cache key for sorted copies; one per collection. */
  collection: string;
  items: (data: DemoDataset) => readonly T[];
  listing: Listing<T>;
  filters: FilterSpec<T>;
  /** Override the envelope (GET /sites nests its list). */
  render?: (items: T[], pagination: Pagination, ctx: ApiContext) => ApiResult;
}

/** GET handler with paging, sorting, filtering and countOnly, shared by every list route. */
export function listEndpoint<T extends object>(spec: ListEndpoint<T>): Handler {
  return (ctx) => {
    const params = queryParams(ctx.query);
    const page = parsePaging(params);
    const sort = resolveSort(params, page, spec.listing);
    const { predicate, criteria } = buildFilter(params, spec.filters);
    const all = spec.items(ctx.state.data);
    const sorted = ctx.state.sorted(spec.collection, all, spec.listing, sort);
    const matching = criteria === 0 ? sorted : sorted.filter(predicate);
    const { items, pagination } = takePage(matching, page, sort, spec.listing);
    return spec.render ? spec.render(items, pagination, ctx) : listResult(items, pagination);
  };
}
