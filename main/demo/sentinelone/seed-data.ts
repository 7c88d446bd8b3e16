import { syncAgentInfection } from './agent-infection';
import type { Account, Activity, ActivityType, Agent, Group, Site } from './model';
import type { Threat } from './model-threat';
import { SeededRandom } from './prng';
import { generateActivities } from './seed-activities';
import { ACTIVITY_TYPES } from './seed-activity-types';
import { generateAgents } from './seed-agents';
import { countAgents, generateOrg } from './seed-org';
import { generateThreats } from './seed-threats';

export interface DemoDataset {
  account: Account;
  sites: Site[];
  groups: Group[];
  agents: Agent[];
  threats: Threat[];
  activities: Activity[];
  activityTypes: readonly ActivityType[];
  agentsById: Map<string, Agent>;
}

/**
 * Builds the whole tenant from one seed. Each part draws from its own generator, so
 * adding a field to agents does not reshuffle every threat after it.
 */
export function generateDemoDataset(seed: number, now: Date): DemoDataset {
  const nowMs = now.getTime();
  const stream = (salt: number) => new SeededRandom((seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0);
  const org = generateOrg(stream(1), nowMs);
  const agents = generateAgents(stream(2), org, nowMs);
  countAgents(org, agents);
  const threats = generateThreats(stream(3), agents, nowMs);
  const agentsById = new Map(agents.map((a) => [a.id, a]));
  syncAgentInfection(agentsById, threats);
  const activities = generateActivities(stream(4), org.account, org.sites, agents, threats, nowMs);
  return {
    account: org.account,
    sites: org.sites,
    groups: org.groups,
    agents,
    threats,
    activities,
    activityTypes: ACTIVITY_TYPES,
    agentsById,
  };
}
