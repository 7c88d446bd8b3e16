import { DATASET_SIZE } from './constants';
import type { Account, Group, Site } from './model';
import { CONSOLE_USERS, GROUP_NAMES, SITE_CATALOG, ACCOUNT_NAME } from './seed-catalog';
import { DAY_MS, isoAt, numericId, type SeededRandom } from './prng';

export interface OrgData {
  account: Account;
  sites: Site[];
  groups: Group[];
}

export function generateOrg(rng: SeededRandom, nowMs: number): OrgData {
  const accountCreated = nowMs - 900 * DAY_MS;
  const account: Account = {
    id: numericId('17', 1),
    name: ACCOUNT_NAME,
    state: 'active',
    accountType: 'Paid',
    createdAt: isoAt(accountCreated),
    updatedAt: isoAt(nowMs - 12 * DAY_MS),
    activeAgents: 0,
    numberOfSites: DATASET_SIZE.sites,
  };
  const creator = CONSOLE_USERS[0];
  const sites: Site[] = SITE_CATALOG.slice(0, DATASET_SIZE.sites).map((entry, i) => {
    const createdMs = accountCreated + (i + 1) * rng.int(5, 40) * DAY_MS;
    return {
      id: numericId('171', 101 + i),
      name: entry.name,
      accountId: account.id,
      accountName: account.name,
      state: 'active',
      siteType: entry.siteType,
      sku: entry.sku,
      suite: entry.sku,
      activeLicenses: 0,
      totalLicenses: 0,
      unlimitedLicenses: false,
      isDefault: i === 0,
      healthStatus: true,
      description: i === 0 ? 'Default site' : null,
      externalId: null,
      creator: creator.name,
      creatorId: creator.id,
      createdAt: isoAt(createdMs),
      updatedAt: isoAt(createdMs + rng.int(1, 300) * DAY_MS),
      expiration: entry.siteType === 'Trial' ? isoAt(nowMs + 45 * DAY_MS) : null,
    };
  });

  const groups: Group[] = [];
  for (let i = 0; i < DATASET_SIZE.groups; i++) {
    // Every site gets a default group first, the rest are spread round-robin.
    const site = sites[i % sites.length] as Site;
    const isDefault = i < sites.length;
    const name = isDefault ? 'Default Group' : (GROUP_NAMES[i % GROUP_NAMES.length] as string);
    const createdMs = Date.parse(site.createdAt) + rng.int(0, 60) * DAY_MS;
    groups.push({
      id: numericId('172', 1001 + i),
      name,
      siteId: site.id,
      siteName: site.name,
      type: isDefault ? 'static' : rng.pick(['static', 'dynamic', 'pinned'] as const),
      isDefault,
      inherits: rng.chance(0.7),
      rank: isDefault ? null : rng.int(1, 20),
      totalAgents: 0,
      creator: creator.name,
      creatorId: creator.id,
      createdAt: isoAt(createdMs),
      updatedAt: isoAt(createdMs + rng.int(1, 200) * DAY_MS),
    });
  }
  return { account, sites, groups };
}

/** Licence and agent counters follow the generated agents so the numbers add up. */
export function countAgents(
  org: OrgData,
  agents: readonly { siteId: string; groupId: string; isDecommissioned: boolean }[],
): void {
  const bySite = new Map<string, number>();
  const byGroup = new Map<string, number>();
  for (const agent of agents) {
    if (agent.isDecommissioned) continue;
    bySite.set(agent.siteId, (bySite.get(agent.siteId) ?? 0) + 1);
    byGroup.set(agent.groupId, (byGroup.get(agent.groupId) ?? 0) + 1);
  }
  let active = 0;
  for (const site of org.sites) {
    site.activeLicenses = bySite.get(site.id) ?? 0;
    site.totalLicenses = Math.ceil((site.activeLicenses * 1.2) / 50) * 50;
    active += site.activeLicenses;
  }
  for (const group of org.groups) group.totalAgents = byGroup.get(group.id) ?? 0;
  org.account.activeAgents = active;
}
