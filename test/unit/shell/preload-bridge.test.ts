import { describe, expect, it, vi } from 'vitest';
import { channelNames, eventNames } from '../../../preload/contract';

const fake = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: fake.exposeInMainWorld },
  ipcRenderer: fake.ipcRenderer,
}));

import { createBridge, type BridgeIpc } from '../../../preload/index';

function fakeIpc() {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const ipc = {
    invoke: vi.fn(async (channel: string, input: unknown) => ({
      ok: true,
      value: { channel, input },
    })),
    on: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    }),
    removeListener: vi.fn(
      (channel: string, listener: (event: unknown, payload: unknown) => void) => {
        listeners.get(channel)?.delete(listener);
      },
    ),
  } satisfies BridgeIpc;
  const fire = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? [])
      listener({ sender: 'raw ipc event' }, payload);
  };
  return { ipc, listeners, fire };
}

describe('preload bridge', () => {
  it('exposes exactly the contract channel and event names, and nothing else', () => {
    const bridge = createBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['channels', 'events']);
    expect(Object.keys(bridge.channels).sort()).toEqual([...channelNames].sort());
    expect(Object.keys(bridge.events).sort()).toEqual([...eventNames].sort());
    for (const fn of [...Object.values(bridge.channels), ...Object.values(bridge.events)]) {
      expect(typeof fn).toBe('function');
    }
    expect(Object.isFrozen(bridge.channels)).toBe(true);
  });

  it('invokes with the channel name and the input', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc);
    const answer = await bridge.channels['demo:start']({ tenant: 'sentinelone' });
    expect(ipc.invoke).toHaveBeenCalledExactlyOnceWith('demo:start', { tenant: 'sentinelone' });
    expect(answer).toEqual({
      ok: true,
      value: { channel: 'demo:start', input: { tenant: 'sentinelone' } },
    });
  });

  it('passes only the payload to event listeners, and unsubscribes', () => {
    const { ipc, listeners, fire } = fakeIpc();
    const bridge = createBridge(ipc);
    const listener = vi.fn();
    const off = bridge.events['demo:changed'](listener);
    const status = {
      tenant: 'sentinelone',
      running: true,
      baseUrl: 'http://127.0.0.1:1',
      connectionId: 'demo',
    };
    fire('demo:changed', status);
    expect(listener).toHaveBeenCalledExactlyOnceWith(status);
    off();
    expect(listeners.get('demo:changed')?.size).toBe(0);
    fire('demo:changed', status);
    expect(listener).toHaveBeenCalledOnce();
  });

  it('exposes the bridge as window.sentinel, never ipcRenderer itself', () => {
    expect(fake.exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, value] = fake.exposeInMainWorld.mock.calls[0]!;
    expect(key).toBe('sentinel');
    expect(value).not.toBe(fake.ipcRenderer);
    expect(Object.keys(value as object).sort()).toEqual(['channels', 'events']);
  });
});
