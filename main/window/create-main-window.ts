import { BrowserWindow, nativeTheme, type BrowserWindowConstructorOptions } from 'electron';
import { join } from 'node:path';

export const MAIN_WINDOW_TITLE = 'Sentinel Operator Console';

// Match the renderer's first paint so the window does not flash white (or black).
const DARK_BACKGROUND = '#101014';
const LIGHT_BACKGROUND = '#ffffff';

/** `out/preload/index.cjs`, next to the main bundle (`out/main/index.js`). */
export function defaultPreloadPath(): string {
  return join(import.meta.dirname, '../preload/index.cjs');
}

/**
 * The window options, pure so a test can pin the security baseline. Every flag is spelled
 * out even where it is Electron's default: defaults have changed between releases, and
 * the explicit value is what electronegativity and reviewers read.
 */
export function buildMainWindowOptions(options: {
  preloadPath: string;
  darkMode: boolean;
}): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1000,
    minHeight: 640,
    title: MAIN_WINDOW_TITLE,
    // Shown on 'ready-to-show' so the operator never sees a half-painted window.
    show: false,
    backgroundColor: options.darkMode ? DARK_BACKGROUND : LIGHT_BACKGROUND,
    webPreferences: {
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
      preload: options.preloadPath,
    },
  };
}

export function createMainWindow(options: { url: string; preloadPath?: string }): BrowserWindow {
  const windowOptions = buildMainWindowOptions({
    preloadPath: options.preloadPath ?? defaultPreloadPath(),
    darkMode: nativeTheme.shouldUseDarkColors,
  });
  const window = new BrowserWindow({
    ...windowOptions,
    // Restated where the window is made: the two flags the whole security model rests on
    // stay on even if the builder is edited, and scanners (electronegativity) can see them.
    webPreferences: { ...windowOptions.webPreferences, sandbox: true, contextIsolation: true },
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.url).catch((error: unknown) => {
    // A failed first load leaves an empty window; say why in the log instead of nothing.
    console.error(`Could not load the console UI from ${options.url}:`, error);
  });
  return window;
}
