/**
 * Electron lifecycle: one instance, sandbox everywhere, the `app://` scheme, deny-by-default
 * permissions, the AppCore behind the IPC contract, and one window. Everything that does
 * work lives in main/core; this file only wires it to Electron.
 *
 * `startShell(deps)` is exported so tests can drive it with `electron` mocked; the module
 * starts it by itself only inside the Electron runtime.
 */
import { app, dialog, ipcMain, session, shell, type BrowserWindow } from 'electron';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  createAppCore as realCreateAppCore,
  type AppCore,
  type AppCoreOptions,
} from './core/app-core';
import { AppError } from './core/errors';
import {
  createTrustedSenderCheck,
  forwardCoreEvents,
  registerContractChannels,
} from './ipc/ipc-main';
import {
  createAppUrlMatcher,
  defaultRendererRoot,
  registerAppScheme,
  rendererEntryUrl,
  resolveDevServerUrl,
  serveAppProtocol,
} from './window/app-protocol';
import { buildContentSecurityPolicy } from './window/content-security-policy';
import { createMainWindow, defaultPreloadPath } from './window/create-main-window';
import { installNavigationGuards, openAllowedExternalUrl } from './window/navigation-guards';

export interface ShellDeps {
  createAppCore?: (options: AppCoreOptions) => AppCore;
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  log?: (line: string) => void;
  rendererRoot?: string;
  preloadPath?: string;
}

export interface ShellHandle {
  dataDir: string;
  core: AppCore;
  getWindow(): BrowserWindow | null;
}

/**
 * The one permission the renderer gets: writing sanitized text to the clipboard, which the
 * explorer's "Copy as cURL" needs (`navigator.clipboard.writeText`). Only for our own
 * pages. Everything else (camera, microphone, geolocation, notifications, HID/USB/serial,
 * clipboard *read*, …) is denied: an API console needs none of it, and a hijacked page
 * must not get it.
 */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  isAppUrl: (url: string) => boolean,
): boolean {
  return permission === 'clipboard-sanitized-write' && !!requestingUrl && isAppUrl(requestingUrl);
}

// Bounded so a stuck demo tenant or socket can never keep a quitting console alive.
const DISPOSE_TIMEOUT_MS = 5000;

export async function startShell(deps: ShellDeps = {}): Promise<ShellHandle | null> {
  const env = deps.env ?? process.env;
  const platform = deps.platform ?? process.platform;
  const log = deps.log ?? ((line: string) => console.log(`[shell] ${line}`));
  const createAppCore = deps.createAppCore ?? realCreateAppCore;

  // Before the lock: Chromium keeps the single-instance lock in userData, so each
  // SOC_DATA_DIR (e.g. one per end-to-end test) is its own instance with its own files.
  const overrideDir = env['SOC_DATA_DIR'];
  if (overrideDir) {
    const dir = resolve(overrideDir);
    mkdirSync(dir, { recursive: true });
    app.setPath('userData', dir);
  }
  const dataDir = app.getPath('userData');

  if (!app.requestSingleInstanceLock()) {
    // Another console owns this data directory; it gets a 'second-instance' event and
    // comes to the front. Two writers on one history/audit log would corrupt it.
    app.quit();
    return null;
  }

  // Sandbox every renderer, including any that might be created without our options.
  app.enableSandbox();
  registerAppScheme();

  const devServerUrl = resolveDevServerUrl({ isPackaged: app.isPackaged, env });
  const isAppUrl = createAppUrlMatcher(devServerUrl);
  let mainWindow: BrowserWindow | null = null;
  let quitting = false;

  app.on('web-contents-created', (_event, contents) => {
    installNavigationGuards(contents, { isAppUrl, log });
  });

  const openWindow = (): BrowserWindow => {
    const window = createMainWindow({
      url: rendererEntryUrl(devServerUrl),
      preloadPath: deps.preloadPath ?? defaultPreloadPath(),
    });
    mainWindow = window;
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    return window;
  };

  app.on('second-instance', () => {
    if (!app.isReady() || quitting) return;
    const window = mainWindow ?? openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  app.on('window-all-closed', () => {
    // macOS apps stay in the dock without windows; 'activate' opens a new one.
    if (platform !== 'darwin') app.quit();
  });

  await app.whenReady();

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, isAppUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, isAppUrl),
  );

  // The policy travels as a response header on every app:// response: it applies before the
  // first byte is parsed, and frame-ancestors only works as a header (not as a <meta> tag).
  serveAppProtocol({
    root: deps.rendererRoot ?? defaultRendererRoot(),
    csp: buildContentSecurityPolicy(),
  });
  if (devServerUrl) applyDevServerCsp(devServerUrl);

  const core = createAppCore({
    dataDir,
    transport: 'electron',
    version: app.getVersion(),
    platform,
    log,
    // Modal to the console window; the path goes to core, which reads the file when it sends.
    pickFile: async ({ title, filters }) => {
      const options = { title, filters, properties: ['openFile' as const] };
      const result =
        mainWindow && !mainWindow.isDestroyed()
          ? await dialog.showOpenDialog(mainWindow, options)
          : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    // Response bodies: "save" asks here, modal to the window, so the renderer never names a path.
    pickSavePath: async ({ title, defaultName }) => {
      const options = {
        title,
        defaultPath: defaultName,
        properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
      };
      const result =
        mainWindow && !mainWindow.isDestroyed()
          ? await dialog.showSaveDialog(mainWindow, options)
          : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    // Response bodies: core passes only its own copies of spooled bodies (.json / .txt);
    // checked again here, the last step before the OS picks an application.
    openPath: async (path) => {
      const openable = resolve(dataDir, 'responses', 'open');
      if (dirname(resolve(path)) !== openable || !/\.(json|txt)$/.test(path)) {
        throw new AppError(
          'invalid_input',
          'The console opens only its own copies of response bodies.',
        );
      }
      const problem = await shell.openPath(path);
      if (problem) {
        throw new AppError(
          'not_available',
          `No application opened the file (${problem}). Open it yourself: ${path}`,
          { path },
        );
      }
    },
    openExternal: async (url) => {
      // Checked again here even if core checked: this is the last step before the OS.
      if (!(await openAllowedExternalUrl(url))) {
        throw new AppError(
          'invalid_url',
          'That link is not on the list of sites the console opens (https links to ' +
            'SentinelOne, GitHub and the documentation sites only).',
        );
      }
    },
  });

  // The shell's own lines (a failed sender check, a dispatch that threw with its stack)
  // pass the same redactor as everything core logs.
  const shellLog = (line: string) => log(core.redactText(line));
  const unregisterIpc = registerContractChannels(
    ipcMain,
    core.dispatch,
    createTrustedSenderCheck({ getWindow: () => mainWindow, isAppUrl }),
    { log: shellLog },
  );
  const stopForwarding = forwardCoreEvents(
    (listener) => core.events.subscribe(listener),
    () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null),
  );

  app.on('will-quit', (event) => {
    if (quitting) return;
    // Hold the quit until the core has stopped demo tenants and in-flight requests.
    event.preventDefault();
    quitting = true;
    unregisterIpc();
    stopForwarding();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((done) => {
      timer = setTimeout(() => {
        log(`core did not stop within ${DISPOSE_TIMEOUT_MS} ms; quitting anyway`);
        done();
      }, DISPOSE_TIMEOUT_MS);
    });
    Promise.race([core.dispose(), timeout])
      .catch((error: unknown) => log(`core dispose failed: ${String(error)}`))
      .finally(() => {
        clearTimeout(timer);
        app.quit();
      });
  });

  app.on('activate', () => {
    if (mainWindow === null && !quitting) openWindow();
  });

  openWindow();
  return { dataDir, core, getWindow: () => mainWindow };
}

/**
 * Development only: electron-vite's dev server sends no CSP, so add the same policy (plus
 * its HMR WebSocket) to keep development as strict as the packaged app.
 */
function applyDevServerCsp(devServerUrl: string): void {
  const origin = new URL(devServerUrl).origin;
  const csp = buildContentSecurityPolicy({ extraConnectSrc: [origin.replace(/^http/, 'ws')] });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    if (new URL(details.url).origin !== origin) {
      callback({});
      return;
    }
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

// Only inside the Electron runtime; importing this module from a test starts nothing.
if (process.versions['electron']) {
  startShell().catch((error: unknown) => {
    console.error('The console could not start:', error);
    app.exit(1);
  });
}
