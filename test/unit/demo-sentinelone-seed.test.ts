import { describe, expect, it } from 'vitest';
import { SeededRandom, isoAt } from '../../main/demo/sentinelone/prng';
import { generateDemoDataset } from '../../main/demo/sentinelone/seed-data';

const NOW = new Date('2026-11-01T12:00:00Z');

describe('seeded random', () => {
  it('repeats for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const rng = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => rng.int(0, 1_000_000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    const rng = new SeededRandom(1);
    const rolls = Array.from({ length: 2000 }, () => rng.int(3, 5));
    expect(new Set(rolls)).toEqual(new Set([3, 4, 5]));
    expect(rng.hex(64)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('formats timestamps exactly like Date#toISOString', () => {
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 7_654_321_987) {
      expect(isoAt(ms + 0.7)).toBe(new Date(ms + 0.7).toISOString());
    }
  });
});

describe('demo dataset', () => {
  const data = generateDemoDataset(1234, NOW);

  it('has the promised sizes and is identical for the same seed', () => {
    expect(data.threats.length).toBeGreaterThanOrEqual(1500);
    expect(data.agents.length).toBeGreaterThanOrEqual(5000);
    expect(data.activities.length).toBeGreaterThanOrEqual(10_000);
    expect(data.sites).toHaveLength(6);
    expect(data.groups).toHaveLength(20);
    const again = generateDemoDataset(1234, NOW);
    expect(JSON.stringify(again.threats)).toBe(JSON.stringify(data.threats));
    expect(JSON.stringify(again.activities.slice(-200))).toBe(
      JSON.stringify(data.activities.slice(-200)),
    );
  });

  it('uses unique 19-digit numeric ids', () => {
    for (const list of [data.threats, data.agents, data.activities, data.sites, data.groups]) {
      const ids = list.map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^\d{19}$/);
    }
  });

  it('links threats to real agents and keeps infection counters consistent', () => {
    const agents = new Map(data.agents.map((a) => [a.id, a]));
    const open = new Map<string, number>();
    for (const t of data.threats) {
      const agent = agents.get(t.agentRealtimeInfo.agentId);
      expect(agent?.computerName).toBe(t.agentRealtimeInfo.agentComputerName);
      expect(agent?.uuid).toBe(t.agentDetectionInfo.agentUuid);
      expect(t.agentRealtimeInfo.agentInfected).toBe(agent?.infected);
      const isOpen =
        t.threatInfo.incidentStatus !== 'resolved' &&
        ['active', 'not_mitigated'].includes(t.threatInfo.mitigationStatus);
      if (isOpen) open.set(agent?.id ?? '', (open.get(agent?.id ?? '') ?? 0) + 1);
    }
    for (const agent of data.agents) {
      expect(agent.activeThreats).toBe(open.get(agent.id) ?? 0);
      expect(agent.infected).toBe(agent.activeThreats > 0);
    }
    expect(open.size).toBeGreaterThan(50);
  });

  it('spreads threats over the 90 days before now with every status represented', () => {
    const lowest = NOW.getTime() - 90 * 24 * 3600_000;
    for (const t of data.threats) {
      const at = Date.parse(t.threatInfo.createdAt);
      expect(at).toBeGreaterThanOrEqual(lowest);
      expect(at).toBeLessThan(NOW.getTime());
      expect(Date.parse(t.threatInfo.updatedAt)).toBeGreaterThanOrEqual(at);
    }
    const values = (pick: (t: (typeof data.threats)[number]) => string) =>
      new Set(data.threats.map(pick));
    expect(values((t) => t.threatInfo.incidentStatus).size).toBe(3);
    expect(values((t) => t.threatInfo.analystVerdict).size).toBe(4);
    expect(values((t) => t.threatInfo.confidenceLevel).size).toBe(3);
    expect(values((t) => t.threatInfo.mitigationStatus).size).toBe(5);
    expect(values((t) => t.threatInfo.classification).size).toBeGreaterThanOrEqual(6);
  });

  it('only emits activity types that GET /activities/types describes', () => {
    const known = new Set(data.activityTypes.map((t) => t.id));
    for (const a of data.activities) expect(known.has(a.activityType)).toBe(true);
    const threatIds = new Set(data.threats.map((t) => t.id));
    const linked = data.activities.filter((a) => a.threatId !== null);
    expect(linked.length).toBeGreaterThan(1500);
    for (const a of linked) expect(threatIds.has(a.threatId as string)).toBe(true);
  });
});
