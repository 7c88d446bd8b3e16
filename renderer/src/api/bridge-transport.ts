import type {
  Bridge,
  ChannelInput,
  ChannelName,
  ChannelOutput,
  Envelope,
  EventName,
  EventPayload,
} from '../../../preload/contract';
import type { Transport } from './transport';

type Invoker<C extends ChannelName> = (
  input: ChannelInput<C>,
) => Promise<Envelope<ChannelOutput<C>>>;
type Subscriber<E extends EventName> = (listener: (payload: EventPayload<E>) => void) => () => void;

/** The Electron path: preload's `window.sentinel`, one function per channel and event. */
export function createBridgeTransport(bridge: Bridge): Transport {
  return {
    kind: 'electron',
    async invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>) {
      const invoker = bridge.channels[channel] as Invoker<C> | undefined;
      if (typeof invoker !== 'function') {
        return {
          ok: false,
          error: {
            code: 'unknown_channel',
            message: `This build of the console has no "${channel}" channel. Restart the console.`,
          },
        };
      }
      try {
        return await invoker(input);
      } catch (err) {
        // IPC itself failed (e.g. main restarted); the contract's handlers never throw across it.
        const detail = err instanceof Error ? err.message : String(err);
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `The console's main process did not answer ${channel} (${detail}). Restart the console.`,
          },
        };
      }
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const subscribe = bridge.events[event] as Subscriber<E> | undefined;
      if (typeof subscribe !== 'function') return () => {};
      return subscribe(listener);
    },
  };
}
