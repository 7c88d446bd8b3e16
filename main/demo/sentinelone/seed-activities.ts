import { DATASET_SIZE } from './constants';
import type { Account, Activity, Agent, Site } from './model';
import type { Threat } from './model-threat';
import { DAY_MS, MINUTE_MS, isoAt, numericId, type SeededRandom } from './prng';
import { CONSOLE_USERS } from './seed-catalog';
import { ACTIVITY, describeActivity } from './seed-activity-types';
import { INCIDENT_LABELS, VERDICT_LABELS } from './threat-labels';

type User = (typeof CONSOLE_USERS)[number];

interface Draft {
  type: number;
  atMs: number;
  agent?: Agent;
  threat?: Threat;
  user?: User;
  site?: Site;
  values?: Record<string, string>;
}

function toActivity(draft: Draft, index: number, account: Account): Activity {
  const { agent, threat, user } = draft;
  const siteId = agent?.siteId ?? draft.site?.id ?? null;
  const siteName = agent?.siteName ?? draft.site?.name ?? null;
  const values: Record<string, string> = {
    computer_name: agent?.computerName ?? '',
    site_name: siteName ?? '',
    username: user?.name ?? '',
    threat_name: threat?.threatInfo.threatName ?? '',
    classification: threat?.threatInfo.classification ?? '',
    agent_version: agent?.agentVersion ?? '',
    ...draft.values,
  };
  const at = isoAt(draft.atMs);
  return {
    id: numericId('190', 1_000_000 + index * 11),
    activityType: draft.type,
    primaryDescription: describeActivity(draft.type, values),
    secondaryDescription: threat ? threat.threatInfo.filePath : null,
    createdAt: at,
    updatedAt: at,
    accountId: account.id,
    accountName: account.name,
    siteId,
    siteName,
    groupId: agent?.groupId ?? null,
    groupName: agent?.groupName ?? null,
    agentId: agent?.id ?? null,
    agentUpdatedVersion:
      draft.type === ACTIVITY.agentUpgraded ? (agent?.agentVersion ?? null) : null,
    threatId: threat?.id ?? null,
    userId: user?.id ?? null,
    hash: threat?.threatInfo.sha1 ?? null,
    osFamily: agent?.osType ?? null,
    comments: null,
    data: {
      accountName: account.name,
      siteName,
      computerName: agent?.computerName ?? null,
      username: user?.name ?? null,
      userEmail: user?.email ?? null,
      threatClassification: threat?.threatInfo.classification ?? null,
      fileDisplayName: threat?.threatInfo.fileDisplayName ?? null,
      confidenceLevel: threat?.threatInfo.confidenceLevel ?? null,
      fullScopeDetails: siteName
        ? `Account ${account.name} / Site ${siteName}`
        : `Account ${account.name}`,
    },
  };
}

/** Activities that tell each threat's story: detection, mitigation, triage. */
function threatDrafts(
  rng: SeededRandom,
  threats: readonly Threat[],
  agentsById: Map<string, Agent>,
) {
  const drafts: Draft[] = [];
  for (const threat of threats) {
    const agent = agentsById.get(threat.agentRealtimeInfo.agentId);
    const createdMs = Date.parse(threat.threatInfo.createdAt);
    drafts.push({ type: ACTIVITY.threatDetected, atMs: createdMs, agent, threat });
    for (const step of threat.mitigationStatus) {
      const type =
        step.status === 'failed'
          ? ACTIVITY.quarantineFailed
          : step.action === 'kill'
            ? ACTIVITY.threatKilled
            : ACTIVITY.threatQuarantined;
      drafts.push({ type, atMs: Date.parse(step.mitigationStartedAt), agent, threat });
    }
    const updatedMs = Date.parse(threat.threatInfo.updatedAt);
    const { incidentStatus, analystVerdict } = threat.threatInfo;
    const user = rng.pick(CONSOLE_USERS);
    if (incidentStatus !== 'unresolved') {
      const values = { incident_status: INCIDENT_LABELS[incidentStatus] };
      drafts.push({
        type: ACTIVITY.incidentStatusChanged,
        atMs: updatedMs,
        agent,
        threat,
        user,
        values,
      });
    }
    if (analystVerdict !== 'undefined') {
      const values = { analyst_verdict: VERDICT_LABELS[analystVerdict] };
      const atMs = Math.max(createdMs, updatedMs - MINUTE_MS);
      drafts.push({ type: ACTIVITY.analystVerdictChanged, atMs, agent, threat, user, values });
    }
  }
  return drafts;
}

export function generateActivities(
  rng: SeededRandom,
  account: Account,
  sites: readonly Site[],
  agents: readonly Agent[],
  threats: readonly Threat[],
  nowMs: number,
): Activity[] {
  const agentsById = new Map(agents.map((a) => [a.id, a]));
  const drafts = threatDrafts(rng, threats, agentsById).slice(0, DATASET_SIZE.activities);
  const fillers = [
    [ACTIVITY.userLoggedIn, 18],
    [ACTIVITY.scanStarted, 15],
    [ACTIVITY.scanFinished, 14],
    [ACTIVITY.networkDisconnected, 8],
    [ACTIVITY.networkReconnected, 7],
    [ACTIVITY.agentUpgraded, 12],
    [ACTIVITY.agentRegistered, 6],
    [ACTIVITY.policyUpdated, 4],
  ] as const;
  while (drafts.length < DATASET_SIZE.activities) {
    const type = rng.weighted<number>(fillers);
    const atMs = nowMs - rng.int(60_000, 90 * DAY_MS);
    if (type === ACTIVITY.userLoggedIn || type === ACTIVITY.policyUpdated) {
      drafts.push({ type, atMs, user: rng.pick(CONSOLE_USERS), site: rng.pick(sites) });
    } else {
      drafts.push({ type, atMs, agent: rng.pick(agents) });
    }
  }
  drafts.sort((a, b) => a.atMs - b.atMs);
  return drafts.map((draft, i) => toActivity(draft, i, account));
}
