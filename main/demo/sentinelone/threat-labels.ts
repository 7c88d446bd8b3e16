import type { AnalystVerdict, IncidentStatus, MitigationStatus } from './model';

/** Enum values the API accepts, and the human labels the console shows beside them. */

export const INCIDENT_STATUSES = ['unresolved', 'in_progress', 'resolved'] as const;
export const ANALYST_VERDICTS = [
  'undefined',
  'true_positive',
  'false_positive',
  'suspicious',
] as const;
export const CONFIDENCE_LEVELS = ['malicious', 'suspicious', 'n/a'] as const;
export const MITIGATION_STATUSES = [
  'mitigated',
  'active',
  'blocked',
  'not_mitigated',
  'marked_as_benign',
] as const;
export const MITIGATION_ACTIONS = [
  'kill',
  'quarantine',
  'remediate',
  'rollback-remediation',
  'un-quarantine',
  'network-quarantine',
] as const;
export type MitigationActionName = (typeof MITIGATION_ACTIONS)[number];

export const INCIDENT_LABELS: Record<IncidentStatus, string> = {
  unresolved: 'Unresolved',
  in_progress: 'In Progress',
  resolved: 'Resolved',
};

export const VERDICT_LABELS: Record<AnalystVerdict, string> = {
  undefined: 'Undefined',
  true_positive: 'True positive',
  false_positive: 'False positive',
  suspicious: 'Suspicious',
};

export const MITIGATION_LABELS: Record<MitigationStatus, string> = {
  mitigated: 'Mitigated',
  active: 'Not mitigated',
  blocked: 'Blocked',
  not_mitigated: 'Mitigation failed',
  marked_as_benign: 'Marked as benign',
};

/** Threats in these states still count against their agent ("infected"). */
export const UNMITIGATED_STATUSES: ReadonlySet<MitigationStatus> = new Set([
  'active',
  'not_mitigated',
]);
