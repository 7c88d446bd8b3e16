import type { Agent, MitigationStatus } from './model';
import type {
  AgentDetectionInfo,
  AgentRealtimeInfo,
  MitigationAction,
  Threat,
} from './model-threat';
import { isoAt, MINUTE_MS, type SeededRandom } from './prng';

export function filePathFor(agent: Agent, fileName: string, rng: SeededRandom): string {
  const user = agent.lastLoggedInUserName;
  if (agent.osType === 'windows') {
    const folder = rng.pick(['Downloads', 'AppData\\Local\\Temp', 'Desktop', 'Documents']);
    return `\\Device\\HarddiskVolume3\\Users\\${user}\\${folder}\\${fileName}`;
  }
  if (agent.osType === 'macos') {
    return `/Users/${user}/${rng.pick(['Downloads', 'Library/Caches', 'Desktop'])}/${fileName}`;
  }
  return `${rng.pick(['/tmp/.cache', '/var/tmp', '/dev/shm', '/opt/app/bin'])}/${fileName}`;
}

export function processArguments(agent: Agent, filePath: string, rng: SeededRandom): string {
  if (agent.osType !== 'windows')
    return `${filePath} ${rng.pick(['-d', '--daemon', '-c /tmp/cfg'])}`;
  const winPath = filePath.replace('\\Device\\HarddiskVolume3', 'C:');
  return `"${winPath}" ${rng.pick(['/silent', '/install', '-enc JABzAD0A', '--update'])}`;
}

export function realtimeInfo(agent: Agent): AgentRealtimeInfo {
  return {
    agentId: agent.id,
    agentComputerName: agent.computerName,
    agentOsType: agent.osType,
    agentVersion: agent.agentVersion,
    agentNetworkStatus: agent.networkStatus,
    agentIsActive: agent.isActive,
    agentInfected: agent.infected,
    agentIsDecommissioned: agent.isDecommissioned,
    agentMitigationMode: agent.mitigationMode,
    agentMachineType: agent.machineType,
    siteId: agent.siteId,
    siteName: agent.siteName,
    groupId: agent.groupId,
    groupName: agent.groupName,
    accountId: agent.accountId,
    accountName: agent.accountName,
  };
}

export function detectionInfo(agent: Agent): AgentDetectionInfo {
  return {
    agentIpV4: agent.networkInterfaces[0]?.inet[0] ?? '',
    agentLastLoggedInUserName: agent.lastLoggedInUserName,
    agentOsName: agent.osName,
    agentOsRevision: agent.osRevision,
    agentUuid: agent.uuid,
    agentVersion: agent.agentVersion,
    agentDomain: agent.domain,
    agentRegisteredAt: agent.registeredAt,
    agentMitigationMode: agent.mitigationMode,
    siteId: agent.siteId,
    siteName: agent.siteName,
    groupId: agent.groupId,
    groupName: agent.groupName,
    accountId: agent.accountId,
    accountName: agent.accountName,
    externalIp: agent.externalIp,
  };
}

export function mitigationEntry(
  action: string,
  status: MitigationAction['status'],
  atMs: number,
): MitigationAction {
  const ok = status === 'success' ? 1 : 0;
  return {
    action,
    status,
    actionsCounters: {
      success: ok,
      failed: status === 'failed' ? 1 : 0,
      total: 1,
      notFound: 0,
      pendingReboot: 0,
    },
    agentSupportsReport: true,
    groupNotFound: false,
    lastUpdate: isoAt(atMs),
    mitigationStartedAt: isoAt(atMs),
    mitigationEndedAt: status === 'pending' ? null : isoAt(atMs + 2_000),
  };
}

/** A history that explains the current status, the way the console shows it. */
export function mitigationHistory(status: MitigationStatus, createdMs: number): MitigationAction[] {
  const at = createdMs + MINUTE_MS;
  switch (status) {
    case 'mitigated':
      return [mitigationEntry('kill', 'success', at), mitigationEntry('quarantine', 'success', at)];
    case 'blocked':
      return [mitigationEntry('kill', 'success', createdMs)];
    case 'not_mitigated':
      return [mitigationEntry('quarantine', 'failed', at)];
    case 'marked_as_benign':
    case 'active':
      return [];
  }
}

export function emptyCloudInfo(
  agent: Agent,
  rng: SeededRandom,
): Pick<Threat, 'containerInfo' | 'kubernetesInfo' | 'ecsInfo'> {
  const onCluster = agent.osType === 'linux' && rng.chance(0.3);
  return {
    containerInfo: onCluster
      ? { id: rng.hex(12), image: 'registry.northwind.example/web:1.4', labels: null, name: 'web' }
      : { id: null, image: null, labels: null, name: null },
    kubernetesInfo: onCluster
      ? {
          cluster: 'prod-eks-1',
          namespace: 'storefront',
          node: agent.computerName,
          pod: `web-${rng.hex(5)}`,
          controllerKind: 'Deployment',
          controllerName: 'web',
        }
      : {
          cluster: null,
          namespace: null,
          node: null,
          pod: null,
          controllerKind: null,
          controllerName: null,
        },
    ecsInfo: { clusterName: null, serviceName: null, taskArn: null, version: null },
  };
}
