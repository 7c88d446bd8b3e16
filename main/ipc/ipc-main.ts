/**
 * The one file that touches `ipcMain`. It registers a handler for exactly the contract's
 * channels, refuses callers that are not our window's main frame on our own origin, and
 * hands everything else to the shared dispatch (which validates the input), so the
 * Electron transport refuses and answers exactly like the browser host.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelNames, eventNames, type Envelope } from '../../preload/contract';
import type { CallContext, Dispatch } from '../core/dispatch';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

const allowedEvents: ReadonlySet<string> = new Set(eventNames);

function forbidden(channel: string): Envelope<never> {
  return {
    ok: false,
    error: {
      code: 'forbidden_sender',
      message: `Refused ${channel}: the call did not come from the console's own window.`,
    },
  };
}

/** Events go back only to the contents that asked, and only under contract event names. */
export function createCallContext(sender: Pick<WebContents, 'send' | 'isDestroyed'>): CallContext {
  return {
    emit(name, payload) {
      if (!allowedEvents.has(name)) return;
      // The window may have closed while a long request was still streaming progress.
      if (sender.isDestroyed()) return;
      sender.send(name, payload);
    },
  };
}

/**
 * Forwards events main pushes on its own (e.g. a demo tenant stopping) to the console's
 * window, through the same contract-name filter as answers to calls. Returns unsubscribe.
 */
export function forwardCoreEvents(
  subscribe: (listener: CallContext['emit']) => () => void,
  getContents: () => Pick<WebContents, 'send' | 'isDestroyed'> | null,
): () => void {
  return subscribe((name, payload) => {
    const contents = getContents();
    if (contents) createCallContext(contents).emit(name, payload);
  });
}

/**
 * Registers one `ipcMain.handle` per contract channel. Returns `unregister()`, which
 * removes exactly those handlers (on quit, or before registering again).
 */
export function registerContractChannels(
  ipcMain: IpcMainLike,
  dispatch: Dispatch,
  isTrustedSender: SenderCheck,
  options: { log?: (line: string) => void } = {},
): () => void {
  const log = options.log ?? (() => {});
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
      let trusted = false;
      try {
        trusted = isTrustedSender(event);
      } catch (error) {
        log(`sender check failed for ${channel}: ${String(error)}`);
      }
      if (!trusted) {
        log(`refused ${channel} from ${JSON.stringify(event.senderFrame?.url ?? '(no frame)')}`);
        return forbidden(channel);
      }
      try {
        return await dispatch(channel, input, createCallContext(event.sender));
      } catch (error) {
        // dispatch answers every failure itself; this is only a last line of defence so the
        // renderer gets an envelope instead of a rejected invoke with a stack in it.
        log(
          `dispatch threw for ${channel}: ${error instanceof Error ? error.stack : String(error)}`,
        );
        return {
          ok: false,
          error: { code: 'internal', message: `Something went wrong in the console (${channel}).` },
        } satisfies Envelope<never>;
      }
    });
  }
  let registered = true;
  return () => {
    if (!registered) return;
    registered = false;
    for (const channel of channelNames) ipcMain.removeHandler(channel);
  };
}

export interface TrustedSenderOptions {
  /** The console's window, or null while there is none. */
  getWindow: () => { readonly webContents: WebContents; isDestroyed(): boolean } | null;
  /** True for our own pages (`app://renderer/…`, or the dev server when unpackaged). */
  isAppUrl: (url: string) => boolean;
}

/**
 * Trusted means: sent by our window's web contents, from its main frame (never an iframe,
 * even though the CSP forbids frames), whose current URL is one of our own pages.
 */
export function createTrustedSenderCheck(options: TrustedSenderOptions): SenderCheck {
  return (event) => {
    const window = options.getWindow();
    if (!window || window.isDestroyed()) return false;
    const contents = window.webContents;
    if (event.sender.id !== contents.id) return false;
    const frame = event.senderFrame;
    // null when the frame navigated away or died after sending: no longer the page that asked.
    if (!frame) return false;
    const mainFrame = contents.mainFrame;
    const isMainFrame =
      frame === mainFrame ||
      (frame.processId === mainFrame.processId && frame.routingId === mainFrame.routingId);
    return isMainFrame && options.isAppUrl(frame.url);
  };
}
