/**
 * Serves the built renderer from a custom privileged scheme, `app://renderer/…`.
 *
 * Why not `file://`: every file URL shares one opaque origin with the whole disk, so a
 * single injected link could read local files; `app://renderer` is a real origin (standard
 * + secure) whose only content is the renderer folder, and we get to set the CSP header on
 * every response.
 */
import { protocol } from 'electron';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before `app` is ready: Chromium reads the scheme table once at start-up. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        // standard: real origin, relative URLs and localStorage work like on https.
        standard: true,
        // secure: counts as a secure context (crypto.subtle, clipboard API).
        secure: true,
        supportFetchAPI: true,
        // Nothing else may read our files cross-origin.
        corsEnabled: false,
        // Lets media/large files be read as streams.
        stream: true,
      },
    },
  ]);
}

/** `out/renderer`, next to the main bundle (`out/main/index.js`). */
export function defaultRendererRoot(): string {
  return join(import.meta.dirname, '../renderer');
}

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  // Module workers and WebAssembly are refused by Chromium without the exact type.
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return mimeTypes[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

export interface AppProtocolHandlerOptions {
  /** The built renderer folder. */
  root: string;
  /** Sent as `Content-Security-Policy` on every response, errors included. */
  csp: string;
}

/**
 * The `protocol.handle` callback, exported on its own so tests can call it with a plain
 * `Request`. Anything that does not resolve to a regular file inside `root` (after
 * decoding and following symlinks) is a 404; we never say why, to give a probing page
 * nothing to work with.
 */
export function createAppProtocolHandler(
  options: AppProtocolHandlerOptions,
): (request: Request) => Promise<Response> {
  const root = resolve(options.root);
  let realRoot: Promise<string> | undefined;
  const baseHeaders = {
    'Content-Security-Policy': options.csp,
    'X-Content-Type-Options': 'nosniff',
    // Files change on every build; stale cached chunks would mix two builds.
    'Cache-Control': 'no-cache',
  };
  const fail = (status: number, text: string): Response =>
    new Response(text, {
      status,
      headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
    });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return fail(405, 'Method not allowed');

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return fail(404, 'Not found');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) {
      return fail(404, 'Not found');
    }

    let pathname: string;
    try {
      // Decoding turns `..%2f` into `../`; the containment check below runs on the result.
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return fail(404, 'Not found');
    }
    if (pathname.includes('\0')) return fail(404, 'Not found');
    if (pathname === '' || pathname === '/') pathname = '/index.html';

    const candidate = resolve(root, `.${pathname}`);
    if (!isInside(root, candidate)) return fail(404, 'Not found');

    let filePath: string;
    try {
      realRoot ??= realpath(root);
      filePath = await realpath(candidate);
      // A symlink inside the folder must not lead outside it either.
      if (!isInside(await realRoot, filePath)) return fail(404, 'Not found');
      if (!(await stat(filePath)).isFile()) return fail(404, 'Not found');
    } catch {
      realRoot = undefined;
      return fail(404, 'Not found');
    }

    const headers = { ...baseHeaders, 'Content-Type': mimeTypeFor(filePath) };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    try {
      const body = await readFile(filePath);
      return new Response(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), {
        status: 200,
        headers,
      });
    } catch {
      return fail(404, 'Not found');
    }
  };
}

/** Installs the handler on the default session; call once `app` is ready. */
export function serveAppProtocol(options: AppProtocolHandlerOptions): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(options));
}

const loopbackHostnames = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The electron-vite dev server URL, only for an unpackaged app and only on loopback:
 * a packaged console must never load its UI from anything an environment variable names.
 */
export function resolveDevServerUrl(options: {
  isPackaged: boolean;
  env: Record<string, string | undefined>;
}): string | null {
  const raw = options.env['ELECTRON_RENDERER_URL'];
  if (options.isPackaged || !raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!loopbackHostnames.has(url.hostname)) return null;
    return url.href;
  } catch {
    return null;
  }
}

/** What the main window loads. */
export function rendererEntryUrl(devServerUrl: string | null): string {
  return devServerUrl ?? APP_ENTRY_URL;
}

/**
 * Recognises our own pages: `app://renderer/…`, or the dev server's origin in development.
 * Used by the navigation guards, the IPC sender check and the permission handlers.
 */
export function createAppUrlMatcher(devServerUrl: string | null): (url: string) => boolean {
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.username !== '' || url.password !== '') return false;
    if (url.protocol === `${APP_SCHEME}:`) return url.host.toLowerCase() === APP_HOST;
    return devOrigin !== null && url.origin === devOrigin;
  };
}
