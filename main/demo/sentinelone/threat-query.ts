import { booleanIs, dateRange, idIn, oneOf, oneOfIgnoreCase, type FilterSpec } from './filters';
import type { Threat } from './model-threat';
import type { Listing } from './query';
import {
  ANALYST_VERDICTS,
  CONFIDENCE_LEVELS,
  INCIDENT_STATUSES,
  MITIGATION_STATUSES,
} from './threat-labels';

/** Filters shared by GET /threats and the `filter` object of threat actions. */
export const THREAT_FILTERS: FilterSpec<Threat> = {
  ids: idIn((t) => t.id),
  siteIds: idIn((t) => t.agentRealtimeInfo.siteId),
  groupIds: idIn((t) => t.agentRealtimeInfo.groupId),
  accountIds: idIn((t) => t.agentRealtimeInfo.accountId),
  agentIds: idIn((t) => t.agentRealtimeInfo.agentId),
  resolved: booleanIs((t) => t.threatInfo.incidentStatus === 'resolved'),
  incidentStatuses: oneOf((t) => t.threatInfo.incidentStatus, INCIDENT_STATUSES),
  analystVerdicts: oneOf((t) => t.threatInfo.analystVerdict, ANALYST_VERDICTS),
  confidenceLevels: oneOf((t) => t.threatInfo.confidenceLevel, CONFIDENCE_LEVELS),
  mitigationStatuses: oneOf((t) => t.threatInfo.mitigationStatus, MITIGATION_STATUSES),
  classifications: oneOfIgnoreCase((t) => t.threatInfo.classification),
  osTypes: oneOf((t) => t.agentRealtimeInfo.agentOsType, ['windows', 'macos', 'linux']),
  ...dateRange<Threat>('createdAt', (t) => t.threatInfo.createdAt),
  ...dateRange<Threat>('updatedAt', (t) => t.threatInfo.updatedAt),
};

const createdAt = (t: Threat) => t.threatInfo.createdAt;
const updatedAt = (t: Threat) => t.threatInfo.updatedAt;

export const THREAT_LISTING: Listing<Threat> = {
  sortFields: {
    id: (t) => t.id,
    createdAt,
    'threatInfo.createdAt': createdAt,
    updatedAt,
    'threatInfo.updatedAt': updatedAt,
    identifiedAt: (t) => t.threatInfo.identifiedAt,
    threatName: (t) => t.threatInfo.threatName,
    classification: (t) => t.threatInfo.classification,
    confidenceLevel: (t) => t.threatInfo.confidenceLevel,
    mitigationStatus: (t) => t.threatInfo.mitigationStatus,
    analystVerdict: (t) => t.threatInfo.analystVerdict,
    incidentStatus: (t) => t.threatInfo.incidentStatus,
    agentComputerName: (t) => t.agentRealtimeInfo.agentComputerName,
    siteName: (t) => t.agentRealtimeInfo.siteName,
  },
  defaultSort: { field: 'createdAt', order: 'desc' },
  idOf: (t) => t.id,
};
