import type { Indicator } from './model-threat';

interface IndicatorTemplate {
  category: string;
  description: string;
  id: number;
  tactic: string;
  technique: string;
}

const mitre = (technique: string): string =>
  `https://attack.mitre.org/techniques/${technique.replace('.', '/')}/`;

const TEMPLATES: readonly IndicatorTemplate[] = [
  {
    category: 'Injection',
    description: 'Injected code into a system process',
    id: 41,
    tactic: 'Defense Evasion',
    technique: 'T1055',
  },
  {
    category: 'Persistence',
    description: 'Created a scheduled task',
    id: 52,
    tactic: 'Persistence',
    technique: 'T1053.005',
  },
  {
    category: 'Persistence',
    description: 'Added a Run key to the registry',
    id: 53,
    tactic: 'Persistence',
    technique: 'T1547.001',
  },
  {
    category: 'Ransomware',
    description: 'Deleted volume shadow copies',
    id: 71,
    tactic: 'Impact',
    technique: 'T1490',
  },
  {
    category: 'Ransomware',
    description: 'Encrypted many files in a short time',
    id: 72,
    tactic: 'Impact',
    technique: 'T1486',
  },
  {
    category: 'InfoStealer',
    description: 'Read browser credential stores',
    id: 81,
    tactic: 'Credential Access',
    technique: 'T1555.003',
  },
  {
    category: 'InfoStealer',
    description: 'Read the memory of LSASS',
    id: 82,
    tactic: 'Credential Access',
    technique: 'T1003.001',
  },
  {
    category: 'Discovery',
    description: 'Enumerated domain accounts',
    id: 91,
    tactic: 'Discovery',
    technique: 'T1087.002',
  },
  {
    category: 'Exploitation',
    description: 'Office application started a script interpreter',
    id: 101,
    tactic: 'Execution',
    technique: 'T1204.002',
  },
  {
    category: 'Post Exploitation',
    description: 'Ran an encoded PowerShell command line',
    id: 111,
    tactic: 'Execution',
    technique: 'T1059.001',
  },
  {
    category: 'Evasion',
    description: 'Unsigned binary ran from a downloads folder',
    id: 121,
    tactic: 'Defense Evasion',
    technique: 'T1036',
  },
  {
    category: 'General',
    description: 'Connected to a rarely seen external host',
    id: 131,
    tactic: 'Command and Control',
    technique: 'T1071.001',
  },
];

/** Indicators that fit a classification come first, so ransomware looks like ransomware. */
const PREFERRED: Record<string, readonly string[]> = {
  Ransomware: ['Ransomware'],
  Infostealer: ['InfoStealer'],
  Hacktool: ['InfoStealer', 'Discovery'],
  Exploit: ['Exploitation', 'Post Exploitation'],
  Backdoor: ['Persistence', 'General'],
  Trojan: ['Injection', 'Persistence'],
};

export function indicatorsFor(
  classification: string,
  pick: (count: number, pool: readonly IndicatorTemplate[]) => IndicatorTemplate[],
  count: number,
): Indicator[] {
  const preferred = PREFERRED[classification] ?? [];
  const first = TEMPLATES.filter((t) => preferred.includes(t.category));
  const chosen = [...first.slice(0, 2), ...pick(count, TEMPLATES)];
  const seen = new Set<number>();
  return chosen
    .filter((t) => (seen.has(t.id) ? false : (seen.add(t.id), true)))
    .slice(0, Math.max(count, 1))
    .map((t) => ({
      category: t.category,
      description: t.description,
      ids: [t.id],
      tactics: [
        {
          name: t.tactic,
          source: 'MITRE',
          techniques: [{ name: t.technique, link: mitre(t.technique) }],
        },
      ],
    }));
}

export const INDICATOR_TEMPLATES = TEMPLATES;
export type { IndicatorTemplate };
