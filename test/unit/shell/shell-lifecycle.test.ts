import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppCore, AppCoreOptions } from '../../../main/core/app-core';
import { channelNames } from '../../../preload/contract';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    listeners: new Map<string, Listener[]>(),
    windows: [] as FakeWindow[],
    userData: '/fake/user-data',
  };
  const on = (name: string, listener: Listener) => {
    state.listeners.set(name, [...(state.listeners.get(name) ?? []), listener]);
  };
  const app = {
    on: vi.fn((name: string, listener: Listener) => {
      on(name, listener);
      return app;
    }),
    setPath: vi.fn((name: string, value: string) => {
      if (name === 'userData') state.userData = value;
    }),
    getPath: vi.fn(() => state.userData),
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    isReady: vi.fn(() => true),
    getVersion: vi.fn(() => '9.8.7'),
    isPackaged: true,
  };
  class FakeWindow {
    readonly listeners = new Map<string, Listener>();
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly isMinimized = vi.fn(() => true);
    readonly webContents = {
      id: 1,
      mainFrame: { url: 'app://renderer/index.html' },
      send: vi.fn(),
      isDestroyed: () => false,
    };
    constructor(readonly options: unknown) {
      state.windows.push(this);
    }
    once(name: string, listener: Listener) {
      this.listeners.set(name, listener);
      return this;
    }
    on(name: string, listener: Listener) {
      this.listeners.set(name, listener);
      return this;
    }
    isDestroyed() {
      return false;
    }
  }
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    nativeTheme: { shouldUseDarkColors: false },
    shell: {
      openExternal: vi.fn(() => Promise.resolve()),
      openPath: vi.fn(async (_path: string) => ''),
    },
    dialog: {
      showOpenDialog: vi.fn(async (): Promise<{ canceled: boolean; filePaths: string[] }> => ({
        canceled: false,
        filePaths: ['/home/op/corp-ca.pem'],
      })),
      showSaveDialog: vi.fn(async (): Promise<{ canceled: boolean; filePath: string }> => ({
        canceled: false,
        filePath: '/home/op/threats.json',
      })),
    },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
  };
  const emit = (name: string, ...args: unknown[]) =>
    (state.listeners.get(name) ?? []).map((listener) => listener(...args));
  return { state, electron, emit };
});

vi.mock('electron', () => fake.electron);
// The real core is the lead's; every test passes its own fake through deps.
vi.mock('../../../main/core/app-core', () => ({
  createAppCore: () => {
    throw new Error('tests pass createAppCore in deps');
  },
}));

import { isPermissionAllowed, startShell } from '../../../main/index';
import { createAppUrlMatcher } from '../../../main/window/app-protocol';

const { app, session, ipcMain, protocol, shell, dialog } = fake.electron;

type CoreListener = (event: string, payload: unknown) => void;

function fakeCore() {
  const coreListeners = new Set<CoreListener>();
  const core = {
    dispatch: vi.fn(async () => ({ ok: true as const, value: {} })),
    dispose: vi.fn(async () => {}),
    events: {
      subscribe: vi.fn((listener: CoreListener) => {
        coreListeners.add(listener);
        return () => coreListeners.delete(listener);
      }),
    },
    demo: {},
    // Stands in for the core's redactor: the one secret it knows becomes its placeholder.
    redactText: (text: string) => text.replaceAll('shell-secret-123', '$S1_API_TOKEN'),
  };
  const createAppCore = vi.fn((_options: AppCoreOptions) => core as unknown as AppCore);
  return { core, coreListeners, createAppCore };
}

async function start(
  env: Record<string, string | undefined> = {},
  platform: NodeJS.Platform = 'linux',
  log: (line: string) => void = () => {},
) {
  const { core, coreListeners, createAppCore } = fakeCore();
  const handle = await startShell({
    env,
    platform,
    createAppCore,
    log,
    rendererRoot: '/fake/out/renderer',
    preloadPath: '/fake/out/preload/index.cjs',
  });
  return { handle, core, coreListeners, createAppCore, options: createAppCore.mock.calls[0]?.[0] };
}

beforeEach(() => {
  vi.clearAllMocks();
  fake.state.listeners.clear();
  fake.state.windows.length = 0;
  fake.state.userData = '/fake/user-data';
  app.requestSingleInstanceLock.mockReturnValue(true);
  app.isPackaged = true;
});

describe('startShell: single instance', () => {
  it('quits when another console holds the lock, before creating anything', async () => {
    app.requestSingleInstanceLock.mockReturnValue(false);
    const { handle, createAppCore } = await start();
    expect(handle).toBeNull();
    expect(app.quit).toHaveBeenCalledOnce();
    expect(createAppCore).not.toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(0);
    expect(ipcMain.handle).not.toHaveBeenCalled();
  });

  it('brings the existing window to the front on a second launch', async () => {
    await start();
    const window = fake.state.windows[0]!;
    fake.emit('second-instance', {}, ['console'], '/');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(1);
  });
});

describe('startShell: data directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'soc-shell-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses SOC_DATA_DIR for the core and for Chromium, before taking the lock', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const { options, handle } = await start({ SOC_DATA_DIR: dataDir });
    expect(app.setPath).toHaveBeenCalledWith('userData', dataDir);
    expect(options?.dataDir).toBe(dataDir);
    expect(handle?.dataDir).toBe(dataDir);
    expect((await stat(dataDir)).isDirectory()).toBe(true);
    // The lock file lives in userData, so the path must be set first.
    expect(app.setPath.mock.invocationCallOrder[0]!).toBeLessThan(
      app.requestSingleInstanceLock.mock.invocationCallOrder[0]!,
    );
  });

  it("falls back to Electron's userData folder", async () => {
    const { options } = await start({});
    expect(app.setPath).not.toHaveBeenCalled();
    expect(options?.dataDir).toBe('/fake/user-data');
  });
});

describe('startShell: wiring', () => {
  it('enables the sandbox and registers the scheme before the app is ready', async () => {
    await start();
    expect(app.enableSandbox).toHaveBeenCalledOnce();
    const ready = app.whenReady.mock.invocationCallOrder[0]!;
    expect(app.enableSandbox.mock.invocationCallOrder[0]!).toBeLessThan(ready);
    expect(protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]!).toBeLessThan(ready);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('creates the core for the electron transport with the app version', async () => {
    const { options } = await start();
    expect(options).toMatchObject({ transport: 'electron', version: '9.8.7', platform: 'linux' });
  });

  it('registers every contract channel and loads app://renderer/index.html', async () => {
    await start();
    const registered = ipcMain.handle.mock.calls.map(([channel]) => channel as string);
    expect(registered.sort()).toEqual([...channelNames].sort());
    expect(fake.state.windows).toHaveLength(1);
    expect(fake.state.windows[0]!.loadURL).toHaveBeenCalledWith('app://renderer/index.html');
  });

  it('logs what the IPC layer reports through the core’s redactor', async () => {
    const lines: string[] = [];
    const { core } = await start({}, 'linux', (line) => lines.push(line));
    core.dispatch.mockRejectedValueOnce(new Error('boom with shell-secret-123 inside'));
    const [, handler] = ipcMain.handle.mock.calls.find(([c]) => c === 'app:info')!;
    const contents = fake.state.windows[0]!.webContents;
    const answer = await (handler as (e: unknown, i: unknown) => Promise<unknown>)(
      { sender: contents, senderFrame: contents.mainFrame },
      {},
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    const logged = lines.join('\n');
    expect(logged).toContain('boom with $S1_API_TOKEN inside');
    expect(logged).not.toContain('shell-secret-123');
  });

  it('loads the dev server only when unpackaged', async () => {
    app.isPackaged = false;
    await start({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' });
    expect(fake.state.windows[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled();

    fake.state.windows.length = 0;
    app.isPackaged = true;
    await start({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' });
    expect(fake.state.windows[0]!.loadURL).toHaveBeenCalledWith('app://renderer/index.html');
  });

  it('gives the core a native open-file dialog, modal to the window; cancel is null', async () => {
    const { options } = await start();
    const request = {
      title: 'Choose the CA bundle (PEM)',
      filters: [{ name: 'PEM', extensions: ['pem'] }],
    };
    expect(await options!.pickFile!(request)).toBe('/home/op/corp-ca.pem');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(fake.state.windows[0], {
      ...request,
      properties: ['openFile'],
    });
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await options!.pickFile!(request)).toBeNull();
  });

  it('gives the core a native save dialog, modal to the window; cancel is null', async () => {
    const { options } = await start();
    const request = { title: 'Save the response body', defaultName: 'threats.json' };
    expect(await options!.pickSavePath!(request)).toBe('/home/op/threats.json');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(fake.state.windows[0], {
      title: request.title,
      defaultPath: 'threats.json',
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await options!.pickSavePath!(request)).toBeNull();
  });

  it('opens external links for the core only through the allowlist', async () => {
    const { options } = await start();
    await options!.openExternal('https://github.com/');
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://github.com/');
    await expect(options!.openExternal('file:///etc/passwd')).rejects.toMatchObject({
      code: 'invalid_url',
    });
    expect(shell.openExternal).toHaveBeenCalledOnce();
  });

  it("opens only the core's copies of response bodies with shell.openPath", async () => {
    const { options } = await start();
    const body = '/fake/user-data/responses/open/req-1.json';
    await options!.openPath!(body);
    expect(shell.openPath).toHaveBeenCalledExactlyOnceWith(body);
    shell.openPath.mockResolvedValueOnce('No application is associated');
    await expect(options!.openPath!(body)).rejects.toMatchObject({ code: 'not_available' });
    for (const other of ['/home/op/.bashrc', '/fake/user-data/responses/open/run.sh']) {
      await expect(options!.openPath!(other)).rejects.toMatchObject({ code: 'invalid_input' });
    }
    expect(shell.openPath).toHaveBeenCalledTimes(2);
  });
});

describe('startShell: core events', () => {
  it("forwards the core's own events to the window until quit", async () => {
    const { coreListeners } = await start();
    const window = fake.state.windows[0]!;
    const status = { tenant: 'sentinelone', running: false, baseUrl: '', connectionId: 'demo' };
    for (const listener of coreListeners) listener('demo:changed', status);
    for (const listener of coreListeners) listener('not:an-event', status);
    expect(window.webContents.send).toHaveBeenCalledExactlyOnceWith('demo:changed', status);

    fake.emit('will-quit', { preventDefault: vi.fn() });
    expect(coreListeners.size).toBe(0);
  });
});

describe('startShell: permissions', () => {
  type RequestHandler = (
    contents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: { requestingUrl: string },
  ) => void;
  type CheckHandler = (contents: unknown, permission: string, origin: string) => boolean;

  async function handlers() {
    await start();
    return {
      request: session.defaultSession.setPermissionRequestHandler.mock
        .calls[0]![0] as RequestHandler,
      check: session.defaultSession.setPermissionCheckHandler.mock.calls[0]![0] as CheckHandler,
    };
  }
  const ask = (request: RequestHandler, permission: string, url = 'app://renderer/index.html') => {
    const callback = vi.fn();
    request(null, permission, callback, { requestingUrl: url });
    return callback.mock.calls[0]![0] as boolean;
  };

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'display-capture',
  ])('denies %s', async (permission) => {
    const { request, check } = await handlers();
    expect(ask(request, permission)).toBe(false);
    expect(check(null, permission, 'app://renderer')).toBe(false);
  });

  it('allows only clipboard-sanitized-write, and only for our own pages', async () => {
    const { request, check } = await handlers();
    expect(ask(request, 'clipboard-sanitized-write')).toBe(true);
    expect(check(null, 'clipboard-sanitized-write', 'app://renderer')).toBe(true);
    expect(ask(request, 'clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });

  it('isPermissionAllowed refuses a missing origin', () => {
    const isAppUrl = createAppUrlMatcher(null);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, isAppUrl)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', '', isAppUrl)).toBe(false);
  });
});

describe('startShell: quitting', () => {
  it('quits when the last window closes, except on macOS', async () => {
    await start({}, 'linux');
    fake.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledOnce();

    vi.clearAllMocks();
    fake.state.listeners.clear();
    await start({}, 'darwin');
    fake.emit('window-all-closed');
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('holds the quit until the core is disposed, then quits for real', async () => {
    const { core } = await start();
    let release!: () => void;
    core.dispose.mockImplementationOnce(() => new Promise<void>((done) => (release = done)));
    const event = { preventDefault: vi.fn() };
    fake.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(core.dispose).toHaveBeenCalledOnce();
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(channelNames.length);
    expect(app.quit).not.toHaveBeenCalled();

    release();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
    const second = { preventDefault: vi.fn() };
    fake.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(core.dispose).toHaveBeenCalledOnce();
  });
});
