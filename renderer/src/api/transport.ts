import type {
  ChannelInput,
  ChannelName,
  ChannelOutput,
  Envelope,
  EventName,
  EventPayload,
} from '../../../preload/contract';

export type TransportKind = 'electron' | 'browser-host';

/**
 * How the renderer reaches main. Both implementations speak the same contract,
 * so nothing above the api client knows whether it runs in Electron or a browser.
 */
export interface Transport {
  readonly kind: TransportKind;
  /** Always resolves to an envelope; transport failures become `{ ok: false }`. */
  invoke<C extends ChannelName>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<Envelope<ChannelOutput<C>>>;
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void;
}
