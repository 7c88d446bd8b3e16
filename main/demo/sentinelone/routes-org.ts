import { wrappedListResult } from './envelope';
import { contains, idIn, oneOf, type FilterSpec } from './filters';
import { listEndpoint } from './list-endpoint';
import type { Account, Group, Site } from './model';
import type { Listing } from './query';
import type { Router } from './router';

const byName = <T extends { id: string; name: string; createdAt: string }>(): Listing<T> => ({
  sortFields: {
    id: (x) => x.id,
    name: (x) => x.name,
    createdAt: (x) => x.createdAt,
  },
  defaultSort: { field: 'id', order: 'asc' },
  idOf: (x) => x.id,
});

const SITE_FILTERS: FilterSpec<Site> = {
  ids: idIn((s) => s.id),
  accountIds: idIn((s) => s.accountId),
  name__like: contains((s) => s.name),
  state: oneOf((s) => s.state, ['active', 'expired', 'deleted']),
  siteType: oneOf((s) => s.siteType, ['Paid', 'Trial']),
};

const GROUP_FILTERS: FilterSpec<Group> = {
  ids: idIn((g) => g.id),
  siteIds: idIn((g) => g.siteId),
  name__like: contains((g) => g.name),
  type: oneOf((g) => g.type, ['static', 'dynamic', 'pinned']),
};

const ACCOUNT_FILTERS: FilterSpec<Account> = {
  ids: idIn((a) => a.id),
  name__like: contains((a) => a.name),
};

export function registerOrgRoutes(router: Router): void {
  router.get(
    '/sites',
    listEndpoint({
      collection: 'sites',
      items: (data) => data.sites,
      listing: byName<Site>(),
      filters: SITE_FILTERS,
      // The real GET /sites nests the list next to licence totals for the whole scope.
      render: (items, pagination, ctx) => {
        const sites = ctx.state.data.sites;
        const allSites = {
          activeLicenses: sites.reduce((sum, s) => sum + s.activeLicenses, 0),
          totalLicenses: sites.reduce((sum, s) => sum + s.totalLicenses, 0),
        };
        return wrappedListResult(
          (list) => `{"allSites":${JSON.stringify(allSites)},"sites":${list}}`,
          items,
          pagination,
        );
      },
    }),
  );
  router.get(
    '/groups',
    listEndpoint({
      collection: 'groups',
      items: (data) => data.groups,
      listing: byName<Group>(),
      filters: GROUP_FILTERS,
    }),
  );
  router.get(
    '/accounts',
    listEndpoint({
      collection: 'accounts',
      items: (data) => [data.account],
      listing: byName<Account>(),
      filters: ACCOUNT_FILTERS,
    }),
  );
}
