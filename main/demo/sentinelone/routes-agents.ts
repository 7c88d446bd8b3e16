import { booleanIs, contains, dateRange, idIn, oneOf, type FilterSpec } from './filters';
import { listEndpoint } from './list-endpoint';
import type { Agent } from './model';
import type { Listing } from './query';
import type { Router } from './router';

export const AGENT_FILTERS: FilterSpec<Agent> = {
  ids: idIn((a) => a.id),
  uuids: oneOf((a) => a.uuid),
  siteIds: idIn((a) => a.siteId),
  groupIds: idIn((a) => a.groupId),
  accountIds: idIn((a) => a.accountId),
  isActive: booleanIs((a) => a.isActive),
  // The filter is `isInfected` but the item field is `infected` (a real API quirk).
  isInfected: booleanIs((a) => a.infected),
  isDecommissioned: booleanIs((a) => a.isDecommissioned),
  networkStatuses: oneOf(
    (a) => a.networkStatus,
    ['connected', 'disconnected', 'connecting', 'disconnecting'],
  ),
  osTypes: oneOf((a) => a.osType, ['windows', 'macos', 'linux']),
  machineTypes: oneOf((a) => a.machineType, ['desktop', 'laptop', 'server']),
  computerName__like: contains((a) => a.computerName),
  computerName__contains: contains((a) => a.computerName),
  ...dateRange<Agent>('createdAt', (a) => a.createdAt),
  ...dateRange<Agent>('lastActiveDate', (a) => a.lastActiveDate),
};

export const AGENT_LISTING: Listing<Agent> = {
  sortFields: {
    id: (a) => a.id,
    computerName: (a) => a.computerName,
    createdAt: (a) => a.createdAt,
    updatedAt: (a) => a.updatedAt,
    registeredAt: (a) => a.registeredAt,
    lastActiveDate: (a) => a.lastActiveDate,
    osType: (a) => a.osType,
    osName: (a) => a.osName,
    agentVersion: (a) => a.agentVersion,
    networkStatus: (a) => a.networkStatus,
    activeThreats: (a) => a.activeThreats,
    siteName: (a) => a.siteName,
    groupName: (a) => a.groupName,
  },
  defaultSort: { field: 'id', order: 'asc' },
  idOf: (a) => a.id,
};

export function registerAgentRoutes(router: Router): void {
  router.get(
    '/agents',
    listEndpoint({
      collection: 'agents',
      items: (data) => data.agents,
      listing: AGENT_LISTING,
      filters: AGENT_FILTERS,
    }),
  );
}
