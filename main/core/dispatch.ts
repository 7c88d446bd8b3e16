import {
  channels,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
  type Envelope,
  type EventName,
  type EventPayload,
} from '../../preload/contract';
import { AppError, isAppError } from './errors';

/** What a handler may do besides returning: push events to the caller that asked. */
export interface CallContext {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export type Handlers = {
  [C in ChannelName]: (input: ChannelParsedInput<C>, ctx: CallContext) => Promise<ChannelOutput<C>>;
};

export type Dispatch = (
  channel: string,
  input: unknown,
  ctx: CallContext,
) => Promise<Envelope<unknown>>;

function isChannel(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

/**
 * Validates and routes one call; both transports (Electron IPC and the browser
 * host) go through here, so they refuse and answer exactly alike.
 */
export function createDispatch(handlers: Handlers, log?: (line: string) => void): Dispatch {
  return async (channel, input, ctx) => {
    if (!isChannel(channel)) {
      return {
        ok: false,
        error: {
          code: 'unknown_channel',
          message: `There is no channel named "${String(channel).slice(0, 80)}".`,
        },
      };
    }
    const spec = channels[channel];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'invalid_input',
          message: `Invalid input for ${channel}: ${parsed.error.issues
            .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
            .join('; ')}`,
          details: parsed.error.issues.map((i) => ({
            path: i.path.map(String),
            message: i.message,
          })),
        },
      };
    }
    try {
      const handler = handlers[channel] as (i: unknown, c: CallContext) => Promise<unknown>;
      const value = await handler(parsed.data, ctx);
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        log?.(`output of ${channel} does not match the contract: ${checked.error.message}`);
        return {
          ok: false,
          error: { code: 'internal', message: `Main produced an invalid answer for ${channel}.` },
        };
      }
      return { ok: true, value: checked.data };
    } catch (err) {
      if (isAppError(err)) return { ok: false, error: err.toShape() };
      log?.(`unexpected failure in ${channel}: ${err instanceof Error ? err.stack : String(err)}`);
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `Something went wrong in the console itself (${channel}). Try again; if it repeats, restart the console.`,
        },
      };
    }
  };
}

export { AppError };
