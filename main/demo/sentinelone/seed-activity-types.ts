import type { ActivityType } from './model';

/**
 * Activity types the demo emits. The numeric ids are demo values chosen for this tenant;
 * clients must read names from GET /activities/types rather than hard-code the numbers.
 */
export const ACTIVITY = {
  threatDetected: 18,
  threatKilled: 2001,
  threatQuarantined: 2004,
  quarantineFailed: 2011,
  incidentStatusChanged: 4003,
  analystVerdictChanged: 4008,
  userLoggedIn: 27,
  agentRegistered: 17,
  networkDisconnected: 3608,
  networkReconnected: 3609,
  scanStarted: 92,
  scanFinished: 93,
  policyUpdated: 5020,
  agentUpgraded: 90,
} as const;

export const ACTIVITY_TYPES: readonly ActivityType[] = [
  {
    id: 17,
    action: 'Agent Registered',
    descriptionTemplate: 'The agent {{ computer_name }} registered to the site {{ site_name }}.',
  },
  {
    id: 18,
    action: 'Threat Detected',
    descriptionTemplate:
      'The agent {{ computer_name }} detected {{ threat_name }} ({{ classification }}).',
  },
  {
    id: 27,
    action: 'User Logged In',
    descriptionTemplate: 'The management user {{ username }} logged in to the management console.',
  },
  {
    id: 90,
    action: 'Agent Upgraded',
    descriptionTemplate:
      'The agent {{ computer_name }} was upgraded to version {{ agent_version }}.',
  },
  {
    id: 92,
    action: 'Scan Started',
    descriptionTemplate: 'The agent {{ computer_name }} started a full disk scan.',
  },
  {
    id: 93,
    action: 'Scan Finished',
    descriptionTemplate: 'The agent {{ computer_name }} completed a full disk scan.',
  },
  {
    id: 2001,
    action: 'Threat Killed',
    descriptionTemplate:
      'The agent {{ computer_name }} successfully killed the threat: {{ threat_name }}.',
  },
  {
    id: 2004,
    action: 'Threat Quarantined',
    descriptionTemplate:
      'The agent {{ computer_name }} successfully quarantined the threat: {{ threat_name }}.',
  },
  {
    id: 2011,
    action: 'Threat Quarantine Failed',
    descriptionTemplate:
      'The agent {{ computer_name }} failed to quarantine the threat: {{ threat_name }}.',
  },
  {
    id: 3608,
    action: 'Agent Disconnected From Network',
    descriptionTemplate: 'The agent {{ computer_name }} was disconnected from the network.',
  },
  {
    id: 3609,
    action: 'Agent Reconnected To Network',
    descriptionTemplate: 'The agent {{ computer_name }} was reconnected to the network.',
  },
  {
    id: 4003,
    action: 'Threat Incident Status Changed',
    descriptionTemplate:
      'The management user {{ username }} changed the incident status of {{ threat_name }} to {{ incident_status }}.',
  },
  {
    id: 4008,
    action: 'Threat Analyst Verdict Changed',
    descriptionTemplate:
      'The management user {{ username }} changed the analyst verdict of {{ threat_name }} to {{ analyst_verdict }}.',
  },
  {
    id: 5020,
    action: 'Policy Updated',
    descriptionTemplate:
      'The management user {{ username }} updated the policy of the site {{ site_name }}.',
  },
];

const TEMPLATE_BY_ID = new Map(ACTIVITY_TYPES.map((t) => [t.id, t.descriptionTemplate]));

export function describeActivity(typeId: number, values: Record<string, string>): string {
  const template = TEMPLATE_BY_ID.get(typeId) ?? '';
  return template.replace(/\{\{ (\w+) \}\}/g, (_, key: string) => values[key] ?? '');
}
