import { syncAgentInfection } from './agent-infection';
import type { ActionDetail } from './envelope';
import type { AnalystVerdict, IncidentStatus } from './model';
import type { Threat } from './model-threat';
import { mitigationEntry } from './seed-threat-details';
import type { DemoState } from './state';
import {
  INCIDENT_LABELS,
  MITIGATION_LABELS,
  VERDICT_LABELS,
  type MitigationActionName,
} from './threat-labels';

/** Applies a change to threats, then keeps their agents' infection counters in step. */
function commit(state: DemoState, threats: readonly Threat[], change: (t: Threat) => void): void {
  const agentIds = new Set<string>();
  for (const threat of threats) {
    change(threat);
    agentIds.add(threat.agentRealtimeInfo.agentId);
  }
  const touched = syncAgentInfection(state.data.agentsById, state.data.threats, agentIds);
  state.changed([...threats, ...touched.threats, ...touched.agents]);
}

/** The fields every `data.details[]` entry carries; callers add what the action set. */
function detailFor(threat: Threat, success = true): ActionDetail {
  return { id: threat.id, agentId: threat.agentRealtimeInfo.agentId, success };
}

export function applyMitigation(
  state: DemoState,
  threats: readonly Threat[],
  action: MitigationActionName,
): ActionDetail[] {
  const now = state.nowIso();
  const nowMs = Date.parse(now);
  const isolated = new Set<string>();
  if (action === 'network-quarantine') {
    for (const threat of threats) {
      const agent = state.data.agentsById.get(threat.agentRealtimeInfo.agentId);
      if (!agent) continue;
      agent.networkStatus = 'disconnected';
      agent.updatedAt = now;
      isolated.add(agent.id);
    }
  }
  commit(state, threats, (threat) => {
    threat.mitigationStatus.push(mitigationEntry(action, 'success', nowMs));
    if (action !== 'network-quarantine') {
      const status = action === 'un-quarantine' ? 'active' : 'mitigated';
      threat.threatInfo.mitigationStatus = status;
      threat.threatInfo.mitigationStatusDescription = MITIGATION_LABELS[status];
    }
    threat.threatInfo.updatedAt = now;
  });
  return threats.map((threat) => ({
    ...detailFor(
      threat,
      action !== 'network-quarantine' || isolated.has(threat.agentRealtimeInfo.agentId),
    ),
    action,
    mitigationStatus: threat.threatInfo.mitigationStatus,
  }));
}

export function applyIncident(
  state: DemoState,
  threats: readonly Threat[],
  incidentStatus: IncidentStatus,
  analystVerdict: AnalystVerdict | undefined,
): ActionDetail[] {
  const now = state.nowIso();
  commit(state, threats, (threat) => {
    threat.threatInfo.incidentStatus = incidentStatus;
    threat.threatInfo.incidentStatusDescription = INCIDENT_LABELS[incidentStatus];
    if (analystVerdict !== undefined) {
      threat.threatInfo.analystVerdict = analystVerdict;
      threat.threatInfo.analystVerdictDescription = VERDICT_LABELS[analystVerdict];
    }
    threat.threatInfo.updatedAt = now;
  });
  return threats.map((threat) => ({
    ...detailFor(threat),
    incidentStatus: threat.threatInfo.incidentStatus,
    analystVerdict: threat.threatInfo.analystVerdict,
  }));
}

export function applyVerdict(
  state: DemoState,
  threats: readonly Threat[],
  analystVerdict: AnalystVerdict,
): ActionDetail[] {
  const now = state.nowIso();
  commit(state, threats, (threat) => {
    threat.threatInfo.analystVerdict = analystVerdict;
    threat.threatInfo.analystVerdictDescription = VERDICT_LABELS[analystVerdict];
    threat.threatInfo.updatedAt = now;
  });
  return threats.map((threat) => ({ ...detailFor(threat), analystVerdict }));
}
