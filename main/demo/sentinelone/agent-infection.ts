import type { Agent } from './model';
import type { Threat } from './model-threat';
import { UNMITIGATED_STATUSES } from './threat-labels';

function isOpen(threat: Threat): boolean {
  return (
    threat.threatInfo.incidentStatus !== 'resolved' &&
    UNMITIGATED_STATUSES.has(threat.threatInfo.mitigationStatus)
  );
}

/**
 * Recomputes `activeThreats`/`infected` for the given agents (all when omitted) and mirrors
 * them into each threat's realtime agent info. Returns every record it touched, so callers
 * can drop cached JSON for exactly those.
 */
export function syncAgentInfection(
  agentsById: ReadonlyMap<string, Agent>,
  threats: readonly Threat[],
  onlyAgentIds?: ReadonlySet<string>,
): { agents: Agent[]; threats: Threat[] } {
  const counts = new Map<string, number>();
  const related: Threat[] = [];
  for (const threat of threats) {
    const agentId = threat.agentRealtimeInfo.agentId;
    if (onlyAgentIds && !onlyAgentIds.has(agentId)) continue;
    related.push(threat);
    if (isOpen(threat)) counts.set(agentId, (counts.get(agentId) ?? 0) + 1);
  }
  const touched: Agent[] = [];
  const ids = onlyAgentIds ?? new Set(agentsById.keys());
  for (const id of ids) {
    const agent = agentsById.get(id);
    if (!agent) continue;
    agent.activeThreats = counts.get(id) ?? 0;
    agent.infected = agent.activeThreats > 0;
    touched.push(agent);
  }
  for (const threat of related) {
    const agent = agentsById.get(threat.agentRealtimeInfo.agentId);
    if (!agent) continue;
    threat.agentRealtimeInfo.agentInfected = agent.infected;
    threat.agentRealtimeInfo.agentNetworkStatus = agent.networkStatus;
    threat.agentRealtimeInfo.agentIsActive = agent.isActive;
  }
  return { agents: touched, threats: related };
}
