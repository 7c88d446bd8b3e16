import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { TransportOptions } from './transport-options';

/** Wall-clock marks of one connection's set-up, filled in as its socket reports them. */
export interface ConnectionMarks {
  start: number;
  dnsDone?: number;
  connected?: number;
  secured?: number;
  tls: boolean;
  ipLiteral: boolean;
  /** What the connection speaks, from ALPN: '2' when the server picked h2, otherwise '1.1'. */
  httpVersion?: '2' | '1.1';
  /**
   * The first error the socket itself reported. undici replaces a TLS alert that
   * arrives after the handshake (TLS 1.3 "certificate required") with a generic
   * "other side closed", so the engine looks here for the real cause.
   */
  socketError?: Error;
}

export interface TimedAgent {
  agent: Dispatcher;
  /** The latest connection opened to `origin` during this send, if any. */
  connectionTo(origin: string): ConnectionMarks | undefined;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

function originOf(protocol: string, host: string): string {
  try {
    return new URL(`${protocol}//${host}`).origin;
  } catch {
    return `${protocol}//${host}`;
  }
}

/**
 * An undici Agent for one send whose connector records DNS, TCP and TLS times
 * and the negotiated HTTP version of every connection it opens, by origin.
 * A fresh agent per send keeps the phases honest (no silent socket reuse from
 * an earlier send) and lets the TLS options of a connection (CA bundle, client
 * certificate) vary.
 *
 * With `allowH2` the TLS handshake offers h2 next to http/1.1 and the server
 * chooses; undici 7 only honours ALPN through the connector's own options, so
 * the flag goes to `buildConnector` as well as to the Agent.
 */
export function createTimedAgent(
  tls: TransportOptions['tls'] = {},
  { allowH2 = true }: { allowH2?: boolean } = {},
): TimedAgent {
  const connections = new Map<string, ConnectionMarks>();
  const connect: buildConnector.connector = (opts, callback) => {
    const marks: ConnectionMarks = {
      start: performance.now(),
      tls: opts.protocol === 'https:',
      ipLiteral: isIP(opts.hostname) !== 0,
    };
    const host = opts.host ?? (opts.port ? `${opts.hostname}:${opts.port}` : opts.hostname);
    connections.set(originOf(opts.protocol, host), marks);
    const lookup = (hostname: string, options: object, cb: LookupCallback) => {
      dnsLookup(hostname, options as never, (err, address, family) => {
        marks.dnsDone = performance.now();
        (cb as (e: unknown, a: unknown, f?: number) => void)(err, address, family);
      });
    };
    // One connector per connection, so its lookup writes to this connection's marks.
    const base = buildConnector({ ...tls, lookup, allowH2 } as buildConnector.BuildOptions);
    // undici's connector returns the socket it is connecting; its typings say void.
    const socket = base(opts, (err, sock) => {
      if (!err) {
        if (marks.tls) marks.secured = performance.now();
        marks.httpVersion = (sock as TLSSocket).alpnProtocol === 'h2' ? '2' : '1.1';
      }
      callback(err as Error, sock as never);
    }) as unknown as Socket | undefined;
    socket?.once('connect', () => {
      marks.connected = performance.now();
    });
    socket?.once('error', (err) => {
      marks.socketError ??= err;
    });
    return socket as never;
  };
  return {
    agent: new Agent({ connect, keepAliveTimeout: 1000, allowH2 }),
    connectionTo: (origin) => connections.get(origin),
  };
}
