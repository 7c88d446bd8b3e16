import type {
  ChannelInput,
  ChannelName,
  ChannelOutput,
  EventName,
  EventPayload,
} from '../../../preload/contract';
import { createBridgeTransport } from './bridge-transport';
import { ApiError } from './errors';
import { createHostTransport, takeHostToken } from './host-transport';
import type { Transport, TransportKind } from './transport';

export { ApiError } from './errors';

export interface ApiClient {
  /** `null` when the page has neither the preload bridge nor a host token. */
  readonly transport: TransportKind | null;
  /** Resolves to the channel's value or throws an ApiError carrying main's code and message. */
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

const NO_ACCESS_MESSAGE =
  'Open the console through the link `npm start` printed (it carries the access token).';

/** Electron's bridge when preload exposed it; otherwise the browser host, if we hold its token. */
export function pickTransport(win: Window = window): Transport | null {
  if (win.sentinel && typeof win.sentinel === 'object') return createBridgeTransport(win.sentinel);
  const token = takeHostToken(win.location, win.sessionStorage, win.history);
  return token ? createHostTransport(token) : null;
}

export function createApiClient(transport: Transport | null): ApiClient {
  return {
    transport: transport?.kind ?? null,
    async call(channel, input) {
      if (!transport) throw new ApiError({ code: 'forbidden_sender', message: NO_ACCESS_MESSAGE });
      const envelope = await transport.invoke(channel, input);
      if (envelope.ok) return envelope.value;
      throw new ApiError(envelope.error);
    },
    on(event, listener) {
      return transport ? transport.subscribe(event, listener) : () => {};
    },
  };
}

let client: ApiClient | null = null;

function current(): ApiClient {
  // Picked once: the token leaves the URL on the first pick, so picking again would lose it.
  client ??= createApiClient(pickTransport());
  return client;
}

/** The one way the renderer talks to main; stores use it, views never do. */
export const api = {
  get transport(): TransportKind | null {
    return current().transport;
  },
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    return current().call(channel, input);
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return current().on(event, listener);
  },
};

/** Lets tests (and nothing else) swap the transport. */
export function setApiTransport(transport: Transport | null): void {
  client = createApiClient(transport);
}
