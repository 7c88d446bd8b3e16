import { jsonResult } from './envelope';
import { dateRange, idIn, intIn, type FilterSpec } from './filters';
import { listEndpoint } from './list-endpoint';
import type { Activity } from './model';
import type { Listing } from './query';
import type { Router } from './router';

export const ACTIVITY_FILTERS: FilterSpec<Activity> = {
  ids: idIn((a) => a.id),
  activityTypes: intIn((a) => a.activityType),
  accountIds: idIn((a) => a.accountId),
  siteIds: idIn((a) => a.siteId),
  groupIds: idIn((a) => a.groupId),
  agentIds: idIn((a) => a.agentId),
  threatIds: idIn((a) => a.threatId),
  userIds: idIn((a) => a.userId),
  ...dateRange<Activity>('createdAt', (a) => a.createdAt),
};

export const ACTIVITY_LISTING: Listing<Activity> = {
  sortFields: {
    id: (a) => a.id,
    createdAt: (a) => a.createdAt,
    activityType: (a) => a.activityType,
  },
  defaultSort: { field: 'createdAt', order: 'desc' },
  idOf: (a) => a.id,
};

export function registerActivityRoutes(router: Router): void {
  router.get(
    '/activities',
    listEndpoint({
      collection: 'activities',
      items: (data) => data.activities,
      listing: ACTIVITY_LISTING,
      filters: ACTIVITY_FILTERS,
    }),
  );
  router.get('/activities/types', (ctx) => jsonResult({ data: ctx.state.data.activityTypes }));
}
