import type {
  ChannelInput,
  ChannelName,
  ChannelOutput,
  Envelope,
  EventName,
  EventPayload,
} from '../../../preload/contract';
import type { Transport } from './transport';

export const HOST_TOKEN_KEY = 'sentinel.hostToken';

type Listener = (payload: unknown) => void;

export interface HostTransportOptions {
  /** Origin-relative base for `/api/...`; tests pass an absolute origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  location?: Pick<Location, 'protocol' | 'host'>;
  /** Reconnect delays grow from `minDelayMs` to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export type HostTransport = Transport & { close(): void };

/**
 * Reads the access token the host put in the link `npm start` printed, keeps it
 * for this tab only (sessionStorage survives reloads, not new tabs) and strips
 * it from the address bar so it does not end up in screenshots or history.
 */
export function takeHostToken(
  loc: Pick<Location, 'search' | 'pathname' | 'hash'> = window.location,
  storage: Pick<Storage, 'getItem' | 'setItem'> = window.sessionStorage,
  hist: Pick<History, 'replaceState' | 'state'> = window.history,
): string | null {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(HOST_TOKEN_KEY, fromUrl);
    params.delete('token');
    const search = params.toString();
    hist.replaceState(hist.state, '', `${loc.pathname}${search ? `?${search}` : ''}${loc.hash}`);
    return fromUrl;
  }
  return storage.getItem(HOST_TOKEN_KEY);
}

/** `http:send` stays readable in the path; anything else a channel name could hold is escaped. */
export function channelPath(channel: string): string {
  return `/api/invoke/${encodeURIComponent(channel).replace(/%3A/gi, ':')}`;
}

function unreachable<T>(detail: string): Envelope<T> {
  return {
    ok: false,
    error: {
      code: 'internal',
      message:
        `The console's local host is not reachable (${detail}). ` +
        'Restart it with `npm start` and open the new link it prints.',
    },
  };
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  return v.ok === true || (v.ok === false && typeof v.error === 'object' && v.error !== null);
}

/** The browser path: same contract over `POST /api/invoke/<channel>` and one event WebSocket. */
export function createHostTransport(token: string, opts: HostTransportOptions = {}): HostTransport {
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const WS = opts.WebSocket ?? globalThis.WebSocket;
  const loc = opts.location ?? window.location;
  const baseUrl = opts.baseUrl ?? '';
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;

  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let delay = minDelay;
  let closed = false;

  function connect(): void {
    if (closed || socket || !WS) return;
    const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WS(`${scheme}://${loc.host}/api/events?token=${encodeURIComponent(token)}`);
    socket = ws;
    ws.onopen = () => {
      delay = minDelay;
    };
    ws.onmessage = (msg: MessageEvent) => {
      let parsed: { event?: unknown; payload?: unknown };
      try {
        parsed = JSON.parse(String(msg.data)) as typeof parsed;
      } catch {
        return; // a frame we cannot read is not worth breaking the page for
      }
      if (typeof parsed.event !== 'string') return;
      for (const listener of listeners.get(parsed.event) ?? []) listener(parsed.payload);
    };
    ws.onclose = () => {
      socket = null;
      if (closed) return;
      // The host may be restarting; back off so a dead host is not hammered.
      retryTimer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, maxDelay);
    };
  }

  return {
    kind: 'browser-host',
    async invoke<C extends ChannelName>(
      channel: C,
      input: ChannelInput<C>,
    ): Promise<Envelope<ChannelOutput<C>>> {
      let res: Response;
      try {
        res = await doFetch(`${baseUrl}${channelPath(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Sentinel-Token': token },
          body: JSON.stringify(input ?? {}),
        });
      } catch (err) {
        return unreachable(err instanceof Error ? err.message : String(err));
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        body = undefined;
      }
      // 4xx answers (e.g. 401 forbidden_sender) still carry an envelope; anything else is a host fault.
      if (isEnvelope(body)) return body as Envelope<ChannelOutput<C>>;
      return unreachable(`HTTP ${res.status} without an envelope for ${channel}`);
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as Listener;
      set.add(l);
      connect();
      return () => {
        set.delete(l);
      };
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
    },
  };
}
