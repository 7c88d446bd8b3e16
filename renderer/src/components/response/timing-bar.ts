import type { Timings } from '../../../../preload/contract';

export interface TimingSegment {
  phase: 'before' | 'dns' | 'connect' | 'tls' | 'wait' | 'download';
  label: string;
  ms: number;
  /** Share of the total, 0–100, at least a sliver so a 0.2 ms DNS lookup is still visible. */
  percent: number;
}

const LABELS: Record<TimingSegment['phase'], string> = {
  before: 'Before the answering hop (redirects, queue)',
  dns: 'DNS',
  connect: 'Connect',
  tls: 'TLS',
  wait: 'Waiting (first byte)',
  download: 'Download',
};

/**
 * The phases of a send laid end to end. `firstByte` counts from the start, so the wait is
 * what is left after DNS, connect and TLS; a reused connection has no DNS/connect/TLS.
 * Only `total` spans redirects, so what it holds beyond the last hop is the earlier hops.
 */
export function timingSegments(t: Timings): TimingSegment[] {
  const setup = (t.dns ?? 0) + (t.connect ?? 0) + (t.tls ?? 0);
  const earlier = t.total - t.firstByte - t.download;
  const parts: Array<[TimingSegment['phase'], number | null]> = [
    ['before', earlier >= 0.5 ? Math.round(earlier * 10) / 10 : null],
    ['dns', t.dns],
    ['connect', t.connect],
    ['tls', t.tls],
    ['wait', Math.max(0, t.firstByte - setup)],
    ['download', t.download],
  ];
  const present = parts.filter((p): p is [TimingSegment['phase'], number] => p[1] !== null);
  const sum = present.reduce((acc, [, ms]) => acc + Math.max(0, ms), 0);
  if (sum <= 0) return [];
  return present.map(([phase, ms]) => ({
    phase,
    label: LABELS[phase],
    ms,
    percent: Math.max(ms > 0 ? 1 : 0, (Math.max(0, ms) / sum) * 100),
  }));
}
