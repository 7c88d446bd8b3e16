/** Shapes of the seeded records, following SentinelOne Management API v2.1 responses. */

export type OsType = 'windows' | 'macos' | 'linux';
export type NetworkStatus = 'connected' | 'disconnected' | 'connecting' | 'disconnecting';
export type ConfidenceLevel = 'malicious' | 'suspicious' | 'n/a';
export type MitigationStatus =
  'mitigated' | 'active' | 'blocked' | 'not_mitigated' | 'marked_as_benign';
export type AnalystVerdict = 'undefined' | 'true_positive' | 'false_positive' | 'suspicious';
export type IncidentStatus = 'unresolved' | 'in_progress' | 'resolved';

export interface Account {
  id: string;
  name: string;
  state: 'active';
  accountType: string;
  createdAt: string;
  updatedAt: string;
  activeAgents: number;
  numberOfSites: number;
}

export interface Site {
  id: string;
  name: string;
  accountId: string;
  accountName: string;
  state: 'active';
  siteType: 'Paid' | 'Trial';
  sku: string;
  suite: string;
  activeLicenses: number;
  totalLicenses: number;
  unlimitedLicenses: boolean;
  isDefault: boolean;
  healthStatus: boolean;
  description: string | null;
  externalId: string | null;
  creator: string;
  creatorId: string;
  createdAt: string;
  updatedAt: string;
  expiration: string | null;
}

export interface Group {
  id: string;
  name: string;
  siteId: string;
  siteName: string;
  type: 'static' | 'dynamic' | 'pinned';
  isDefault: boolean;
  inherits: boolean;
  rank: number | null;
  totalAgents: number;
  creator: string;
  creatorId: string;
  createdAt: string;
  updatedAt: string;
}

export interface NetworkInterface {
  id: string;
  name: string;
  inet: string[];
  inet6: string[];
  physical: string;
}

export interface Agent {
  id: string;
  uuid: string;
  computerName: string;
  osName: string;
  osType: OsType;
  osArch: string;
  osRevision: string;
  agentVersion: string;
  isActive: boolean;
  infected: boolean;
  activeThreats: number;
  networkStatus: NetworkStatus;
  siteId: string;
  siteName: string;
  groupId: string;
  groupName: string;
  accountId: string;
  accountName: string;
  lastActiveDate: string;
  registeredAt: string;
  createdAt: string;
  updatedAt: string;
  networkInterfaces: NetworkInterface[];
  isDecommissioned: boolean;
  scanStatus: 'finished' | 'none' | 'started' | 'aborted';
  domain: string;
  externalIp: string;
  lastLoggedInUserName: string;
  machineType: 'desktop' | 'laptop' | 'server';
  mitigationMode: 'protect' | 'detect';
  isUpToDate: boolean;
  totalMemory: number;
  cpuCount: number;
  coreCount: number;
  modelName: string;
}

export interface ActivityType {
  id: number;
  action: string;
  descriptionTemplate: string;
}

export interface Activity {
  id: string;
  activityType: number;
  primaryDescription: string;
  secondaryDescription: string | null;
  createdAt: string;
  updatedAt: string;
  accountId: string;
  accountName: string;
  siteId: string | null;
  siteName: string | null;
  groupId: string | null;
  groupName: string | null;
  agentId: string | null;
  agentUpdatedVersion: string | null;
  threatId: string | null;
  userId: string | null;
  hash: string | null;
  osFamily: string | null;
  comments: string | null;
  data: Record<string, string | number | boolean | null>;
}
