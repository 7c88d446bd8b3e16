import { DATASET_SIZE } from './constants';
import type {
  Agent,
  AnalystVerdict,
  ConfidenceLevel,
  IncidentStatus,
  MitigationStatus,
} from './model';
import type { Threat } from './model-threat';
import { DAY_MS, isoAt, numericId, type SeededRandom } from './prng';
import { ENGINES, INITIATORS, THREAT_TEMPLATES, WHITENING_OPTIONS } from './seed-catalog';
import { indicatorsFor } from './seed-indicators';
import {
  detectionInfo,
  emptyCloudInfo,
  filePathFor,
  mitigationHistory,
  processArguments,
  realtimeInfo,
} from './seed-threat-details';
import { INCIDENT_LABELS, MITIGATION_LABELS, VERDICT_LABELS } from './threat-labels';

interface Triage {
  incidentStatus: IncidentStatus;
  analystVerdict: AnalystVerdict;
  mitigationStatus: MitigationStatus;
}

/** Older threats are more likely to be closed, and the verdict fits the outcome. */
function triage(rng: SeededRandom, ageDays: number): Triage {
  const roll = rng.next();
  const resolvedShare = 0.25 + 0.55 * (ageDays / 90);
  if (roll < resolvedShare) {
    const analystVerdict = rng.weighted<AnalystVerdict>([
      ['true_positive', 65],
      ['false_positive', 30],
      ['suspicious', 5],
    ]);
    const mitigationStatus: MitigationStatus =
      analystVerdict === 'false_positive' && rng.chance(0.8)
        ? 'marked_as_benign'
        : rng.chance(0.85)
          ? 'mitigated'
          : 'blocked';
    return { incidentStatus: 'resolved', analystVerdict, mitigationStatus };
  }
  const inProgress = roll < resolvedShare + 0.15;
  const analystVerdict = inProgress
    ? rng.weighted<AnalystVerdict>([
        ['undefined', 40],
        ['true_positive', 35],
        ['suspicious', 25],
      ])
    : rng.weighted<AnalystVerdict>([
        ['undefined', 80],
        ['suspicious', 15],
        ['true_positive', 5],
      ]);
  const mitigationStatus = rng.weighted<MitigationStatus>([
    ['active', 35],
    ['not_mitigated', 20],
    ['mitigated', 30],
    ['blocked', 15],
  ]);
  return {
    incidentStatus: inProgress ? 'in_progress' : 'unresolved',
    analystVerdict,
    mitigationStatus,
  };
}

function pickAgent(rng: SeededRandom, hot: readonly Agent[], all: readonly Agent[]): Agent {
  // A minority of machines collect most detections, as in real fleets.
  return rng.chance(0.7) ? rng.pick(hot) : rng.pick(all);
}

export function generateThreats(
  rng: SeededRandom,
  agents: readonly Agent[],
  nowMs: number,
): Threat[] {
  const eligible = agents.filter((a) => !a.isDecommissioned);
  const hot = rng.sample(eligible, 400);
  const windowMs = 90 * DAY_MS;
  const created = Array.from(
    { length: DATASET_SIZE.threats },
    () => nowMs - rng.int(60_000, windowMs),
  );
  created.sort((a, b) => a - b);

  return created.map((createdMs, i) => {
    const agent = pickAgent(rng, hot, eligible);
    const template = rng.weighted(THREAT_TEMPLATES);
    const fileName = rng.pick(template.files);
    const filePath = filePathFor(agent, fileName, rng);
    const confidenceLevel = rng.weighted<ConfidenceLevel>([
      ['malicious', 60],
      ['suspicious', 35],
      ['n/a', 5],
    ]);
    const t = triage(rng, (nowMs - createdMs) / DAY_MS);
    const detectionType = confidenceLevel === 'malicious' && rng.chance(0.6) ? 'static' : 'dynamic';
    const engines = rng.sample(ENGINES[detectionType], rng.int(1, 2));
    const [initiatedBy, initiatedByDescription] = rng.pick(INITIATORS);
    const updatedMs = Math.min(nowMs, createdMs + rng.int(1, 20 * 24 * 60) * 60_000);
    const id = numericId('185', 100_000 + i * 13);
    const dot = fileName.lastIndexOf('.');
    const extension = dot > 0 ? fileName.slice(dot + 1) : '';
    const isFileless = template.classification === 'Exploit' && rng.chance(0.3);
    return {
      id,
      threatInfo: {
        threatId: id,
        threatName: fileName,
        classification: template.classification,
        classificationSource: rng.pick(['Cloud', 'Engine', 'Static']),
        confidenceLevel,
        mitigationStatus: t.mitigationStatus,
        mitigationStatusDescription: MITIGATION_LABELS[t.mitigationStatus],
        analystVerdict: t.analystVerdict,
        analystVerdictDescription: VERDICT_LABELS[t.analystVerdict],
        incidentStatus: t.incidentStatus,
        incidentStatusDescription: INCIDENT_LABELS[t.incidentStatus],
        sha1: rng.hex(40),
        sha256: rng.hex(64),
        md5: rng.hex(32),
        filePath,
        fileDisplayName: fileName,
        fileExtension: extension.toUpperCase(),
        fileExtensionType: ['exe', 'dll', 'scr', 'msi', ''].includes(extension)
          ? 'Executable'
          : 'Script',
        fileSize: rng.int(4_096, 48_000_000),
        storyline: rng.hex(16).toUpperCase(),
        createdAt: isoAt(createdMs),
        updatedAt: isoAt(updatedMs),
        identifiedAt: isoAt(createdMs - rng.int(1, 30) * 1000),
        initiatedBy,
        initiatedByDescription,
        detectionType,
        engines: engines.map(([, title]) => title),
        detectionEngines: engines.map(([key, title]) => ({ key, title })),
        maliciousProcessArguments: processArguments(agent, filePath, rng),
        processUser:
          agent.osType === 'windows'
            ? `${agent.domain}\\${agent.lastLoggedInUserName}`
            : agent.lastLoggedInUserName,
        originatorProcess: agent.osType === 'windows' ? 'explorer.exe' : 'bash',
        publisherName: rng.chance(0.2) ? 'Unknown Publisher Ltd' : '',
        isFileless,
        isValidCertificate: rng.chance(0.1),
        mitigatedPreemptively: t.mitigationStatus === 'blocked',
        pendingActions: false,
        rebootRequired: false,
        externalTicketExists: false,
        externalTicketId: null,
        collectionId: numericId('186', 100_000 + i),
      },
      agentRealtimeInfo: realtimeInfo(agent),
      agentDetectionInfo: detectionInfo(agent),
      mitigationStatus: mitigationHistory(t.mitigationStatus, createdMs),
      indicators: indicatorsFor(
        template.classification,
        (count, pool) => rng.sample(pool, count),
        rng.int(1, 3),
      ),
      whiteningOptions: rng.sample(WHITENING_OPTIONS, rng.int(1, 3)),
      ...emptyCloudInfo(agent, rng),
    };
  });
}
