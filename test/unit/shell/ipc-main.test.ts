import { describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';

// app-protocol (for the origin matcher) imports electron's `protocol`; nothing here uses it.
vi.mock('electron', () => ({ protocol: {} }));

import { channelNames, type EventName } from '../../../preload/contract';
import type { CallContext, Dispatch } from '../../../main/core/dispatch';
import { createAppUrlMatcher } from '../../../main/window/app-protocol';
import {
  createCallContext,
  createTrustedSenderCheck,
  registerContractChannels,
} from '../../../main/ipc/ipc-main';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
  };
  return { handlers, ipcMain: ipcMain as unknown as IpcMain };
}

function fakeFrame(url: string, processId = 7, routingId = 1) {
  return { url, processId, routingId };
}

/** Our window: web contents 1 whose main frame shows the app. */
function fakeWorld(mainUrl = 'app://renderer/index.html') {
  const mainFrame = fakeFrame(mainUrl);
  const contents = { id: 1, mainFrame, send: vi.fn(), isDestroyed: () => false };
  const window = { webContents: contents, isDestroyed: () => false };
  const event = (frame: unknown, sender: unknown = contents) =>
    ({ sender, senderFrame: frame }) as unknown as IpcMainInvokeEvent;
  return { mainFrame, contents, window, event };
}

function setup(dispatch: Dispatch, devServerUrl: string | null = null) {
  const world = fakeWorld();
  const { handlers, ipcMain } = fakeIpcMain();
  const check = createTrustedSenderCheck({
    getWindow: () => world.window as never,
    isAppUrl: createAppUrlMatcher(devServerUrl),
  });
  const unregister = registerContractChannels(ipcMain, dispatch, check);
  return { ...world, handlers, ipcMain, unregister };
}

const okDispatch = () => vi.fn<Dispatch>(async () => ({ ok: true, value: { opened: true } }));

describe('registerContractChannels', () => {
  it('registers exactly the contract channels', () => {
    const { handlers } = setup(okDispatch());
    expect([...handlers.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('unregister() removes exactly those handlers, once', () => {
    const { handlers, ipcMain, unregister } = setup(okDispatch());
    unregister();
    unregister();
    expect(handlers.size).toBe(0);
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(channelNames.length);
  });

  it('passes a call from our main frame to dispatch', async () => {
    const dispatch = okDispatch();
    const { handlers, event, mainFrame } = setup(dispatch);
    const input = { url: 'https://github.com/' };
    const answer = await handlers.get('app:open-external')!(event(mainFrame), input);
    expect(answer).toEqual({ ok: true, value: { opened: true } });
    expect(dispatch).toHaveBeenCalledExactlyOnceWith(
      'app:open-external',
      input,
      expect.any(Object),
    );
  });

  it('accepts the main frame when Electron hands out a different object for it', async () => {
    const dispatch = okDispatch();
    const { handlers, event } = setup(dispatch);
    await handlers.get('app:info')!(event(fakeFrame('app://renderer/index.html')), {});
    expect(dispatch).toHaveBeenCalledOnce();
  });

  it.each([
    ['a foreign URL in the main frame', fakeFrame('https://evil.example/')],
    ['a file: URL', fakeFrame('file:///tmp/evil.html')],
    ['a look-alike host', fakeFrame('app://renderer.evil/index.html')],
    ['a sub-frame on our origin', fakeFrame('app://renderer/index.html', 7, 2)],
    ['a frame that is gone', null],
  ])('refuses %s with forbidden_sender and never dispatches', async (_what, frame) => {
    const dispatch = okDispatch();
    const { handlers, event } = setup(dispatch);
    const answer = await handlers.get('app:info')!(event(frame), {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses other web contents even with an app:// URL', async () => {
    const dispatch = okDispatch();
    const { handlers, event } = setup(dispatch);
    const other = { id: 2, mainFrame: fakeFrame('app://renderer/index.html'), send: vi.fn() };
    const answer = await handlers.get('app:info')!(event(other.mainFrame, other), {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses the dev server origin unless it is configured', async () => {
    const dispatch = okDispatch();
    const dev = setup(dispatch, 'http://localhost:5173/');
    dev.mainFrame.url = 'http://localhost:5173/';
    await dev.handlers.get('app:info')!(dev.event(dev.mainFrame), {});
    expect(dispatch).toHaveBeenCalledOnce();

    const packaged = setup(dispatch, null);
    packaged.mainFrame.url = 'http://localhost:5173/';
    const answer = await packaged.handlers.get('app:info')!(packaged.event(packaged.mainFrame), {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(dispatch).toHaveBeenCalledOnce();
  });

  it('turns a throwing dispatch into an internal envelope', async () => {
    const { handlers, event, mainFrame } = setup(
      vi.fn<Dispatch>(async () => Promise.reject(new Error('boom'))),
    );
    const answer = await handlers.get('app:info')!(event(mainFrame), {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('emits contract events back to the sender only', async () => {
    let ctx: CallContext | undefined;
    const dispatch = vi.fn<Dispatch>(async (_channel, _input, context) => {
      ctx = context;
      return { ok: true, value: null };
    });
    const { handlers, event, mainFrame, contents } = setup(dispatch);
    await handlers.get('http:send')!(event(mainFrame), {});
    const progress = { requestId: 'r1', phase: 'done', receivedBytes: 10, totalBytes: 10 } as const;
    ctx!.emit('http:progress', progress);
    ctx!.emit('not:an-event' as EventName, progress as never);
    expect(contents.send).toHaveBeenCalledExactlyOnceWith('http:progress', progress);
  });
});

describe('createCallContext', () => {
  it('drops events once the window is gone', () => {
    const sender = { send: vi.fn(), isDestroyed: () => true };
    createCallContext(sender).emit('demo:changed', {
      tenant: 'sentinelone',
      running: false,
      baseUrl: '',
      connectionId: 'demo',
    });
    expect(sender.send).not.toHaveBeenCalled();
  });
});
