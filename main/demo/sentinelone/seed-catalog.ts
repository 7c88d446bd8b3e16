import type { OsType } from './model';

/** Static vocabulary the generator draws from. Names are invented; nothing points at real hosts. */

export const ACCOUNT_NAME = 'Northwind Demo Corp';

export const SITE_CATALOG = [
  { name: 'Headquarters', sku: 'Complete', siteType: 'Paid' },
  { name: 'EMEA Operations', sku: 'Complete', siteType: 'Paid' },
  { name: 'APAC Operations', sku: 'Control', siteType: 'Paid' },
  { name: 'Manufacturing', sku: 'Core', siteType: 'Paid' },
  { name: 'Research Lab', sku: 'Complete', siteType: 'Trial' },
  { name: 'Retail Stores', sku: 'Control', siteType: 'Paid' },
] as const;

export const GROUP_NAMES = [
  'Workstations',
  'Servers',
  'Finance',
  'Engineering',
  'Executives',
  'Kiosks',
  'Build Agents',
  'Domain Controllers',
] as const;

export interface OsProfile {
  osType: OsType;
  osName: string;
  osRevision: string;
  osArch: string;
  agentVersion: string;
}

const os = (
  osType: OsType,
  osName: string,
  osRevision: string,
  osArch: string,
  agentVersion: string,
  weight: number,
): readonly [OsProfile, number] => [{ osType, osName, osRevision, osArch, agentVersion }, weight];

export const OS_PROFILES: readonly (readonly [OsProfile, number])[] = [
  os('windows', 'Windows 11 Enterprise', '22631', '64 bit', '24.1.4.257', 30),
  os('windows', 'Windows 10 Pro', '19045', '64 bit', '23.4.2.14', 22),
  os('windows', 'Windows Server 2022 Datacenter', '20348', '64 bit', '24.1.4.257', 8),
  os('windows', 'Windows Server 2019 Standard', '17763', '64 bit', '23.4.2.14', 5),
  os('macos', 'macOS Sonoma', '14.4.1', 'ARM64', '24.1.2.7444', 12),
  os('macos', 'macOS Ventura', '13.6.6', '64 bit', '23.3.2.7375', 6),
  os('linux', 'Ubuntu 22.04.4 LTS', '5.15.0-105-generic', '64 bit', '24.1.1.6', 8),
  os('linux', 'Red Hat Enterprise Linux 9.3', '5.14.0-362.el9', '64 bit', '23.4.1.6', 5),
  os('linux', 'Amazon Linux 2023', '6.1.84-99.169.amzn2023', 'ARM64', '24.1.1.6', 4),
];

export const FIRST_NAMES: readonly string[] = (
  'avery blake casey devon emery finley harper jordan kendall logan ' +
  'morgan noel parker quinn reese rowan sage taylor skyler jamie'
).split(' ');

export const LAST_NAMES: readonly string[] = (
  'adams baker chen diaz evans fischer garcia haddad ito jensen ' +
  'kowalski lopez mensah novak okafor patel rossi silva tanaka weber'
).split(' ');

export const CONSOLE_USERS = [
  { id: '1600000000000000101', name: 'Avery Chen', email: 'avery.chen@northwind.example' },
  { id: '1600000000000000102', name: 'Jordan Patel', email: 'jordan.patel@northwind.example' },
  { id: '1600000000000000103', name: 'Quinn Okafor', email: 'quinn.okafor@northwind.example' },
  { id: '1600000000000000104', name: 'SOAR Service User', email: 'soar-bot@northwind.example' },
] as const;

export interface ThreatTemplate {
  classification: string;
  files: readonly string[];
}

export const THREAT_TEMPLATES: readonly (readonly [ThreatTemplate, number])[] = [
  [
    {
      classification: 'Malware',
      files: ['invoice_scan.exe', 'update_helper.exe', 'winsvc32.dll', 'payload.bin'],
    },
    24,
  ],
  [
    {
      classification: 'Trojan',
      files: ['flashplayer_setup.exe', 'zoom_installer.msi', 'patch.scr'],
    },
    16,
  ],
  [
    {
      classification: 'PUA',
      files: ['toolbar_installer.exe', 'driver_booster.exe', 'coupon_helper.exe'],
    },
    14,
  ],
  [
    {
      classification: 'Ransomware',
      files: ['locker.exe', 'readme_decrypt.exe', 'vss_cleanup.exe'],
    },
    8,
  ],
  [
    {
      classification: 'Infostealer',
      files: ['browser_sync.exe', 'credential_export.exe', 'wallet_check.exe'],
    },
    9,
  ],
  [
    {
      classification: 'Exploit',
      files: ['quarterly_report.docm', 'exploit_loader.js', 'shipping_notice.xlsm'],
    },
    7,
  ],
  [{ classification: 'Hacktool', files: ['mimikatz.exe', 'procdump64.exe', 'rubeus.exe'] }, 7],
  [{ classification: 'Miner', files: ['xmrig', 'kworkerds', 'sysupdate'] }, 6],
  [{ classification: 'Backdoor', files: ['svchost_.exe', 'rdp_helper.dll', 'sshd_backup'] }, 5],
  [
    { classification: 'Downloader', files: ['setup_stage1.ps1', 'get_update.vbs', 'install.sh'] },
    4,
  ],
];

export const ENGINES: Record<'static' | 'dynamic', readonly (readonly [string, string])[]> = {
  static: [
    ['pre_execution', 'On-Write Static AI'],
    ['sentinelone_cloud', 'SentinelOne Cloud'],
    ['reputation', 'Reputation'],
  ],
  dynamic: [
    ['executables', 'Behavioral AI'],
    ['data_files', 'Documents, Scripts'],
    ['exploits', 'Anti Exploitation / Fileless'],
    ['lateral_movement', 'Lateral Movement'],
  ],
};

export const INITIATORS = [
  ['agent_policy', 'Agent Policy'],
  ['full_disk_scan', 'Full Disk Scan'],
  ['on_demand_scan', 'On-Demand Scan'],
  ['dv_command', 'Deep Visibility Command'],
  ['console_api', 'Console API'],
] as const;

export const WHITENING_OPTIONS = [
  'hash',
  'path',
  'certificate',
  'file_type',
  'browser_type',
] as const;
