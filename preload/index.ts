/**
 * The one file that touches `ipcRenderer`. The page gets `window.sentinel`: one function
 * per contract channel and one subscribe function per contract event, nothing else — not
 * `ipcRenderer`, not a generic `invoke(name)`, not the raw IPC event (whose `sender` would
 * give the page a way to send on any channel).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { channelNames, eventNames, type Bridge } from './contract';

/** The slice of `ipcRenderer` the bridge needs; a test passes a fake. */
export interface BridgeIpc {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function createBridge(ipc: BridgeIpc): Bridge {
  const channels: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of channelNames) {
    channels[name] = (input) => ipc.invoke(name, input);
  }

  const events: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
  for (const name of eventNames) {
    events[name] = (listener) => {
      // Drop the IPC event: only the payload crosses into the page.
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
      ipc.on(name, wrapped);
      return () => {
        ipc.removeListener(name, wrapped);
      };
    };
  }

  // The contract types the shape; the loops above build exactly that shape at run time.
  return Object.freeze({
    channels: Object.freeze(channels),
    events: Object.freeze(events),
  }) as unknown as Bridge;
}

contextBridge.exposeInMainWorld('sentinel', createBridge(ipcRenderer));
