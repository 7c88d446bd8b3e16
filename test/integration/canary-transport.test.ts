import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../main/host/browser-host';
import type { AppCore } from '../../main/core/app-core';
import { DEMO_SSX_ADMINS } from '../../main/demo/securex';
import { createTestCore, fakeKeychain } from '../helpers/app-harness';

const CANARY = 'CANARY-host-51c0ffee-do-not-leak';
const SSX = DEMO_SSX_ADMINS.find((a) => a.role === 'administrator')!;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * The same kind of session as the core-level canary test, but every call goes
 * through the browser host's HTTP API and every event arrives over its
 * WebSocket, so what is scanned is the bytes a renderer would receive.
 */
describe('canary through the browser host: the wire carries no secret', () => {
  const wire: string[] = [];
  const logs: string[] = [];
  const keychain = fakeKeychain();
  let core: AppCore;
  let dataDir: string;
  let host: BrowserHost;
  let ws: WebSocket;

  beforeAll(async () => {
    const rendererDir = mkdtempSync(join(tmpdir(), 'soc-canary-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
    dataDir = mkdtempSync(join(tmpdir(), 'soc-canary-data-'));
    // A file where the audit folder belongs: recording fails, and core logs the request's
    // URL (which carries the canary) — the log must show the placeholder, not the token.
    writeFileSync(join(dataDir, 'audit'), 'not a folder');
    ({ core } = createTestCore({ dataDir, keychain, log: (line) => logs.push(line) }));
    host = await startBrowserHost({ core, rendererDir, log: (line) => logs.push(line) });
    ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`, {
      headers: { Origin: host.origin },
    });
    ws.on('message', (data) => wire.push(String(data)));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
  });

  afterAll(async () => {
    ws.close();
    await host.close();
    await core.dispose();
  });

  async function invoke(
    channel: string,
    input: unknown,
  ): Promise<{ ok: boolean; value?: Record<string, unknown> & { baseUrl?: string; id?: string } }> {
    const res = await fetch(`${host.origin}/api/invoke/${channel}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Sentinel-Token': host.token,
        Origin: host.origin,
      },
      body: JSON.stringify(input),
    });
    const text = await res.text();
    wire.push(text);
    return JSON.parse(text);
  }

  it('sends, fails, signs in and exports without the token or the session JWT on the wire', async () => {
    const s1 = await invoke('demo:start', { tenant: 'sentinelone' });
    await invoke('demo:start', { tenant: 'sentinel-secure-x' });
    const created = await invoke('connections:create', {
      config: {
        name: 'Canary over HTTP',
        kind: 'sentinelone',
        baseUrl: s1.value!.baseUrl,
        environment: 'staging',
        auth: { scheme: 'ApiToken' },
      },
    });
    const id = created.value!.id as string;
    const set = await invoke('secrets:set', {
      connectionId: id,
      kind: 'token',
      value: CANARY,
      storage: 'keychain',
    });
    expect(set.value).toMatchObject({ present: true });
    await invoke('connections:list', {});
    // Progress and chunk events travel over the WebSocket during these sends.
    await invoke('http:send', {
      requestId: 'w1',
      connectionId: id,
      method: 'GET',
      path: `threats?limit=5&echo=${CANARY}`,
    });
    await invoke('http:send', {
      requestId: 'w2',
      connectionId: id,
      method: 'POST',
      path: `threats/mitigate/quarantine?note=${CANARY}`,
      body: { kind: 'json', text: JSON.stringify({ filter: { ids: ['1'] }, note: CANARY }) },
    });
    await invoke('http:curl', { connectionId: id, method: 'GET', path: 'threats' });
    await invoke('connections:test', { id });
    await invoke('connections:export', {});
    await invoke('app:problems', {});
    await invoke('ssx:login', {
      connectionId: 'demo-securex',
      username: SSX.username,
      password: SSX.password,
      remember: true,
    });
    await invoke('ssx:sessions', { connectionId: 'demo-securex' });
    await invoke('http:send', {
      requestId: 'w3',
      connectionId: 'demo-securex',
      method: 'GET',
      path: 'api/admin/sessions',
    });
    await invoke('connections:list', {});

    // The session JWT main holds, read from the keychain it was remembered in.
    const remembered = await keychain.get({ connectionId: 'demo-securex', kind: 'session' });
    const jwt = (JSON.parse(remembered!) as { token: string }).token;
    expect(jwt.split('.')).toHaveLength(3);

    // The log is not empty: the blocked audit folder made core report each change it could
    // not record, with the URL — redacted.
    expect(logs.some((l) => l.includes('audit: could not record POST'))).toBe(true);
    expect(logs.join('\n')).toContain('note=$S1_API_TOKEN');
    const events = wire.filter((m) => m.includes('"http:progress"') || m.includes('"event"'));
    expect(events.length).toBeGreaterThan(0);

    const everything = [...wire, ...logs].join('\n');
    for (const secret of [CANARY, SSX.password, jwt]) {
      expect(everything.includes(secret), secret.slice(0, 12)).toBe(false);
      for (const file of filesUnder(dataDir)) {
        expect(readFileSync(file, 'utf8').includes(secret), file).toBe(false);
      }
    }
  });
});
