import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({ registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() }));
vi.mock('electron', () => ({ protocol: fake }));

import {
  APP_ENTRY_URL,
  createAppProtocolHandler,
  createAppUrlMatcher,
  registerAppScheme,
  rendererEntryUrl,
  resolveDevServerUrl,
  serveAppProtocol,
} from '../../../main/window/app-protocol';
import { buildContentSecurityPolicy } from '../../../main/window/content-security-policy';

const csp = buildContentSecurityPolicy();
let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'soc-app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>SOC</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(root, 'assets', 'codicon.woff2'), Buffer.from([0, 1, 2]));
  await writeFile(join(base, 'secret.txt'), 'outside the renderer folder');
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  handler = createAppProtocolHandler({ root, csp });
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('app:// protocol handler', () => {
  it('serves a real file with its MIME type and the CSP header', async () => {
    const response = await get('app://renderer/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<!doctype html><title>SOC</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    ['app://renderer/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://renderer/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://renderer/assets/codicon.woff2', 'font/woff2'],
    ['app://renderer/', 'text/html; charset=utf-8'],
  ])('serves %s as %s', async (url, type) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it.each([
    'app://renderer/../../etc/passwd',
    'app://renderer/..%2f..%2f..%2fetc%2fpasswd',
    'app://renderer/%2e%2e/secret.txt',
    'app://renderer/..%2fsecret.txt',
    'app://renderer/assets/..%2f..%2fsecret.txt',
    'app://renderer/..%5csecret.txt',
    'app://renderer/assets/link.txt',
    'app://renderer/index.html%00.js',
    'app://renderer/%E0%A4%A',
    'app://renderer/assets',
    'app://renderer/missing.js',
    'app://other/index.html',
  ])('answers 404 for %s, still with the CSP header', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer folder');
    expect(response.headers.get('content-security-policy')).toBe(csp);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://renderer/index.html', 'POST')).status).toBe(405);
    const head = await get('app://renderer/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('registers the privileged scheme and installs the handler through protocol', () => {
    registerAppScheme();
    expect(fake.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: {
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: false,
          stream: true,
        },
      },
    ]);
    serveAppProtocol({ root, csp });
    expect(fake.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});

describe('renderer URL and origin', () => {
  it('loads app://renderer/index.html unless an unpackaged dev server is set', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
    expect(rendererEntryUrl(resolveDevServerUrl({ isPackaged: true, env }))).toBe(APP_ENTRY_URL);
    expect(rendererEntryUrl(resolveDevServerUrl({ isPackaged: false, env: {} }))).toBe(
      APP_ENTRY_URL,
    );
    expect(rendererEntryUrl(resolveDevServerUrl({ isPackaged: false, env }))).toBe(
      'http://localhost:5173/',
    );
    expect(APP_ENTRY_URL).toBe('app://renderer/index.html');
  });

  it('ignores a dev server URL that is not on loopback', () => {
    const env = { ELECTRON_RENDERER_URL: 'https://evil.example/' };
    expect(resolveDevServerUrl({ isPackaged: false, env })).toBeNull();
  });

  it('recognises only our own pages', () => {
    const isAppUrl = createAppUrlMatcher(null);
    expect(isAppUrl('app://renderer/index.html')).toBe(true);
    expect(isAppUrl('app://renderer')).toBe(true);
    expect(isAppUrl('app://renderer.evil/index.html')).toBe(false);
    expect(isAppUrl('app://user@renderer/index.html')).toBe(false);
    expect(isAppUrl('https://renderer/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(createAppUrlMatcher('http://localhost:5173/')('http://localhost:5173/x')).toBe(true);
  });
});
