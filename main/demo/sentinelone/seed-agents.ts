import { DATASET_SIZE } from './constants';
import type { Agent, Group, NetworkStatus, OsType, Site } from './model';
import type { OrgData } from './seed-org';
import { FIRST_NAMES, LAST_NAMES, OS_PROFILES, type OsProfile } from './seed-catalog';
import { DAY_MS, HOUR_MS, MINUTE_MS, isoAt, numericId, type SeededRandom } from './prng';

const NETWORK_STATUSES: readonly (readonly [NetworkStatus, number])[] = [
  ['connected', 84],
  ['disconnected', 10],
  ['connecting', 3],
  ['disconnecting', 3],
];

const MODELS: Record<OsType, readonly string[]> = {
  windows: [
    'Dell Latitude 7440',
    'Lenovo ThinkPad T14',
    'HP EliteDesk 800 G9',
    'VMware Virtual Platform',
  ],
  macos: ['MacBook Pro (14-inch, 2023)', 'MacBook Air (M2, 2022)', 'Mac mini (2023)'],
  linux: ['Amazon EC2 m6g.large', 'KVM Virtual Machine', 'Dell PowerEdge R650'],
};

function computerName(profile: OsProfile, group: Group, index: number, user: string): string {
  const serial = String(index).padStart(4, '0');
  if (profile.osName.includes('Server'))
    return `SRV-${group.name.slice(0, 3).toUpperCase()}-${serial}`;
  if (profile.osType === 'macos') return `MBP-${user.replace('.', '-')}-${serial}`;
  if (profile.osType === 'linux')
    return `lnx-${group.name.toLowerCase().replace(/\s+/g, '-')}-${serial}`;
  return `WKS-${group.siteName.slice(0, 3).toUpperCase()}-${serial}`;
}

function machineType(profile: OsProfile, rng: SeededRandom): Agent['machineType'] {
  if (profile.osName.includes('Server') || profile.osType === 'linux') return 'server';
  return profile.osType === 'macos' || rng.chance(0.6) ? 'laptop' : 'desktop';
}

function mac(rng: SeededRandom): string {
  return (rng.hex(12).match(/../g) ?? []).join(':');
}

export function generateAgents(rng: SeededRandom, org: OrgData, nowMs: number): Agent[] {
  const agents: Agent[] = [];
  const sitesById = new Map<string, Site>(org.sites.map((s) => [s.id, s]));
  for (let i = 0; i < DATASET_SIZE.agents; i++) {
    const group = rng.pick(org.groups);
    const site = sitesById.get(group.siteId) as Site;
    const profile = rng.weighted(OS_PROFILES);
    const user = `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`;
    const isDecommissioned = rng.chance(0.02);
    const networkStatus: NetworkStatus = isDecommissioned
      ? 'disconnected'
      : rng.weighted(NETWORK_STATUSES);
    const isActive = !isDecommissioned && networkStatus !== 'disconnected' && rng.chance(0.93);
    const registeredMs = nowMs - rng.int(20, 720) * DAY_MS - rng.int(0, 86_399) * 1000;
    const lastActiveMs = isActive
      ? nowMs - rng.int(0, 90) * MINUTE_MS
      : nowMs - rng.int(2, 60 * 24) * HOUR_MS;
    const updatedMs = Math.max(registeredMs, lastActiveMs - rng.int(0, 72) * HOUR_MS);
    const ipv4 = `10.${rng.int(0, 40)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
    const ifName =
      profile.osType === 'windows' ? 'Ethernet' : profile.osType === 'macos' ? 'en0' : 'eth0';
    const isUpToDate = profile.agentVersion.startsWith('24.');
    agents.push({
      id: numericId('176', 100_000 + i * 7),
      uuid: rng.hex(32),
      computerName: computerName(profile, group, i + 1, user),
      osName: profile.osName,
      osType: profile.osType,
      osArch: profile.osArch,
      osRevision: profile.osRevision,
      agentVersion: profile.agentVersion,
      isActive,
      infected: false,
      activeThreats: 0,
      networkStatus,
      siteId: site.id,
      siteName: site.name,
      groupId: group.id,
      groupName: group.name,
      accountId: org.account.id,
      accountName: org.account.name,
      lastActiveDate: isoAt(lastActiveMs),
      registeredAt: isoAt(registeredMs),
      createdAt: isoAt(registeredMs),
      updatedAt: isoAt(updatedMs),
      networkInterfaces: [
        {
          id: numericId('177', 100_000 + i),
          name: ifName,
          inet: [ipv4],
          inet6: [`fe80::${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}`],
          physical: mac(rng),
        },
      ],
      isDecommissioned,
      scanStatus: rng.weighted([
        ['finished', 70],
        ['none', 20],
        ['started', 6],
        ['aborted', 4],
      ] as const),
      domain: profile.osType === 'windows' ? 'NORTHWIND' : 'northwind.example',
      externalIp: `203.0.113.${rng.int(1, 254)}`,
      lastLoggedInUserName: profile.osName.includes('Server') ? 'Administrator' : user,
      machineType: machineType(profile, rng),
      mitigationMode: rng.chance(0.9) ? 'protect' : 'detect',
      isUpToDate,
      totalMemory: rng.pick([8192, 16384, 32768, 65536]),
      cpuCount: rng.pick([1, 1, 2]),
      coreCount: rng.pick([4, 8, 12, 16]),
      modelName: rng.pick(MODELS[profile.osType]),
    });
  }
  return agents;
}
