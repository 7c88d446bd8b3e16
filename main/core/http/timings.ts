import type { Timings } from '../../../preload/contract';
import type { ConnectionMarks } from './timed-agent';

export interface HopTimes {
  /** When the send began (before the first hop). */
  started: number;
  /** When the hop that produced the answer began. */
  hopStarted: number;
  firstByte: number;
  done: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The phases of the hop that produced the answer (after redirects, the last
 * one), so they add up: dns/connect/tls are that hop's connection set-up, or
 * null when it reused a connection an earlier hop opened (or went through a
 * proxy, whose tunnel hides them); firstByte counts from the start of that hop,
 * its set-up included; download runs from its first byte to the end of the
 * body. Only `total` spans the whole send, redirects included, so
 * `total - firstByte - download` is the time the earlier hops took.
 */
export function phaseTimes(conn: ConnectionMarks | undefined, t: HopTimes): Timings {
  const download = round(t.done - t.firstByte);
  const total = round(t.done - t.started);
  const firstByte = round(t.firstByte - t.hopStarted);
  if (!conn || conn.start < t.hopStarted) {
    return { dns: null, connect: null, tls: null, firstByte, download, total };
  }
  const dnsEnd = conn.ipLiteral || conn.dnsDone === undefined ? conn.start : conn.dnsDone;
  const tcpEnd = conn.connected ?? dnsEnd;
  return {
    dns: conn.ipLiteral ? null : round(dnsEnd - conn.start),
    connect: round(tcpEnd - dnsEnd),
    tls: conn.tls && conn.secured !== undefined ? round(conn.secured - tcpEnd) : null,
    firstByte,
    download,
    total,
  };
}
