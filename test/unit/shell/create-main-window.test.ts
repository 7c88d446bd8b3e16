import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const windows: FakeWindow[] = [];
  class FakeWindow {
    readonly listeners = new Map<string, (...args: unknown[]) => void>();
    readonly show = vi.fn();
    readonly loadURL = vi.fn(() => Promise.resolve());
    constructor(readonly options: unknown) {
      windows.push(this);
    }
    once(name: string, listener: (...args: unknown[]) => void) {
      this.listeners.set(name, listener);
      return this;
    }
    on(name: string, listener: (...args: unknown[]) => void) {
      this.listeners.set(name, listener);
      return this;
    }
  }
  return { windows, FakeWindow, nativeTheme: { shouldUseDarkColors: true } };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeWindow, nativeTheme: fake.nativeTheme }));

import {
  buildMainWindowOptions,
  createMainWindow,
  MAIN_WINDOW_TITLE,
} from '../../../main/window/create-main-window';

describe('main window', () => {
  beforeEach(() => {
    fake.windows.length = 0;
  });

  it('pins the security baseline of webPreferences exactly', () => {
    const options = buildMainWindowOptions({
      preloadPath: '/app/out/preload/index.cjs',
      darkMode: false,
    });
    expect(options.webPreferences).toStrictEqual({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      preload: '/app/out/preload/index.cjs',
    });
  });

  it('starts hidden, sized and titled', () => {
    const options = buildMainWindowOptions({ preloadPath: '/p.cjs', darkMode: false });
    expect(options).toMatchObject({
      show: false,
      width: 1440,
      height: 900,
      minWidth: 1000,
      minHeight: 640,
      title: 'Sentinel Operator Console',
    });
    expect(MAIN_WINDOW_TITLE).toBe('Sentinel Operator Console');
  });

  it('follows the OS colour scheme for the background', () => {
    const dark = buildMainWindowOptions({ preloadPath: '/p.cjs', darkMode: true });
    const light = buildMainWindowOptions({ preloadPath: '/p.cjs', darkMode: false });
    expect(dark.backgroundColor).not.toBe(light.backgroundColor);
  });

  it('creates the window hidden, loads the URL and shows it on ready-to-show', () => {
    fake.nativeTheme.shouldUseDarkColors = true;
    createMainWindow({ url: 'app://renderer/index.html', preloadPath: '/p.cjs' });
    const window = fake.windows[0]!;
    expect(window.options).toStrictEqual(
      buildMainWindowOptions({ preloadPath: '/p.cjs', darkMode: true }),
    );
    expect(window.loadURL).toHaveBeenCalledWith('app://renderer/index.html');
    expect(window.show).not.toHaveBeenCalled();
    window.listeners.get('ready-to-show')!();
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('points the default preload at the CJS bundle next to the main bundle', () => {
    createMainWindow({ url: 'app://renderer/index.html' });
    const options = fake.windows[0]!.options as { webPreferences: { preload: string } };
    expect(options.webPreferences.preload.replaceAll('\\', '/')).toMatch(/\/preload\/index\.cjs$/);
  });
});
