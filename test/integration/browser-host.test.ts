import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../main/host/browser-host';
import type { AppCore } from '../../main/core/app-core';
import { createTestCore } from '../helpers/app-harness';

let host: BrowserHost;
let core: AppCore;
const rendererDir = mkdtempSync(join(tmpdir(), 'soc-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');

beforeAll(async () => {
  core = createTestCore().core;
  host = await startBrowserHost({ core, rendererDir });
});

afterAll(async () => {
  await host.close();
  await core.dispose();
});

function invoke(channel: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${host.origin}/api/invoke/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** fetch() will not send a forged Host header, so this uses node:http directly. */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = httpRequest({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('error', reject);
    r.end();
  });
}

describe('browser host', () => {
  it('listens on loopback only and prints a URL with a long random token', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.url).toBe(`${host.origin}/?token=${host.token}`);
  });

  it('answers the contract with the token', async () => {
    const res = await invoke(
      'app:info',
      {},
      { 'X-Sentinel-Token': host.token, Origin: host.origin },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      value: { transport: 'browser-host', firstLaunch: true },
    });
  });

  it('refuses a call without the token', async () => {
    const res = await invoke('app:info', {});
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('refuses a call with a wrong token of the same length', async () => {
    const res = await invoke('app:info', {}, { 'X-Sentinel-Token': 'f'.repeat(64) });
    expect(res.status).toBe(401);
  });

  it('refuses a call from a foreign Origin even with the token', async () => {
    const res = await invoke(
      'app:info',
      {},
      { 'X-Sentinel-Token': host.token, Origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect(await rawGet('/', { Host: `evil.example:${host.port}` })).toBe(421);
    expect(await rawGet('/', { Host: `127.0.0.1:${host.port}` })).toBe(200);
  });

  it('validates input exactly like IPC: unknown channel and invalid input', async () => {
    const auth = { 'X-Sentinel-Token': host.token };
    expect(await (await invoke('shell:exec', {}, auth)).json()).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await (await invoke('demo:start', { tenant: 'nope' }, auth)).json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('serves the renderer with a strict CSP and refuses path traversal', async () => {
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`ws://127.0.0.1:${host.port}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(await rawGet('/..%2f..%2fetc%2fpasswd', { Host: `127.0.0.1:${host.port}` })).toBe(404);
  });

  it('pushes events over the WebSocket only with the token and our Origin', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`, {
      origin: 'https://evil.example',
    });
    const refusedOutcome = await new Promise<string>((resolve) => {
      refused.on('open', () => resolve('open'));
      refused.on('error', () => resolve('refused'));
    });
    expect(refusedOutcome).toBe('refused');

    const noToken = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, {
      origin: host.origin,
    });
    expect(
      await new Promise<string>((resolve) => {
        noToken.on('open', () => resolve('open'));
        noToken.on('error', () => resolve('refused'));
      }),
    ).toBe('refused');

    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`, {
      origin: host.origin,
    });
    await new Promise((resolve) => ws.on('open', resolve));
    const message = new Promise<{ event: string; payload: { running: boolean } }>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    const started = await invoke(
      'demo:start',
      { tenant: 'sentinelone' },
      { 'X-Sentinel-Token': host.token },
    );
    expect(await started.json()).toMatchObject({ ok: true, value: { running: true } });
    expect(await message).toMatchObject({ event: 'demo:changed', payload: { running: true } });
    ws.close();
  });
});
