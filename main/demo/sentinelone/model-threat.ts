import type {
  AnalystVerdict,
  ConfidenceLevel,
  IncidentStatus,
  MitigationStatus,
  NetworkStatus,
  OsType,
} from './model';

export interface ThreatInfo {
  threatId: string;
  threatName: string;
  classification: string;
  classificationSource: string;
  confidenceLevel: ConfidenceLevel;
  mitigationStatus: MitigationStatus;
  mitigationStatusDescription: string;
  analystVerdict: AnalystVerdict;
  analystVerdictDescription: string;
  incidentStatus: IncidentStatus;
  incidentStatusDescription: string;
  sha1: string;
  sha256: string;
  md5: string;
  filePath: string;
  fileDisplayName: string;
  fileExtension: string;
  fileExtensionType: string;
  fileSize: number;
  storyline: string;
  createdAt: string;
  updatedAt: string;
  identifiedAt: string;
  initiatedBy: string;
  initiatedByDescription: string;
  detectionType: 'static' | 'dynamic';
  engines: string[];
  detectionEngines: { key: string; title: string }[];
  maliciousProcessArguments: string;
  processUser: string;
  originatorProcess: string;
  publisherName: string;
  isFileless: boolean;
  isValidCertificate: boolean;
  mitigatedPreemptively: boolean;
  pendingActions: boolean;
  rebootRequired: boolean;
  externalTicketExists: boolean;
  externalTicketId: string | null;
  collectionId: string;
}

export interface AgentRealtimeInfo {
  agentId: string;
  agentComputerName: string;
  agentOsType: OsType;
  agentVersion: string;
  agentNetworkStatus: NetworkStatus;
  agentIsActive: boolean;
  agentInfected: boolean;
  agentIsDecommissioned: boolean;
  agentMitigationMode: string;
  agentMachineType: string;
  siteId: string;
  siteName: string;
  groupId: string;
  groupName: string;
  accountId: string;
  accountName: string;
}

export interface AgentDetectionInfo {
  agentIpV4: string;
  agentLastLoggedInUserName: string;
  agentOsName: string;
  agentOsRevision: string;
  agentUuid: string;
  agentVersion: string;
  agentDomain: string;
  agentRegisteredAt: string;
  agentMitigationMode: string;
  siteId: string;
  siteName: string;
  groupId: string;
  groupName: string;
  accountId: string;
  accountName: string;
  externalIp: string;
}

export interface MitigationAction {
  action: string;
  status: 'success' | 'failed' | 'pending';
  actionsCounters: {
    success: number;
    failed: number;
    total: number;
    notFound: number;
    pendingReboot: number;
  };
  agentSupportsReport: boolean;
  groupNotFound: boolean;
  lastUpdate: string;
  mitigationStartedAt: string;
  mitigationEndedAt: string | null;
}

export interface Indicator {
  category: string;
  description: string;
  ids: number[];
  tactics: { name: string; source: string; techniques: { name: string; link: string }[] }[];
}

export interface Threat {
  id: string;
  threatInfo: ThreatInfo;
  agentRealtimeInfo: AgentRealtimeInfo;
  agentDetectionInfo: AgentDetectionInfo;
  mitigationStatus: MitigationAction[];
  indicators: Indicator[];
  whiteningOptions: string[];
  containerInfo: {
    id: string | null;
    image: string | null;
    labels: string | null;
    name: string | null;
  };
  kubernetesInfo: {
    cluster: string | null;
    namespace: string | null;
    node: string | null;
    pod: string | null;
    controllerKind: string | null;
    controllerName: string | null;
  };
  ecsInfo: {
    clusterName: string | null;
    serviceName: string | null;
    taskArn: string | null;
    version: string | null;
  };
}
