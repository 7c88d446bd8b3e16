import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rootCertificates, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ConnectionConfigInput,
  ConnectionSummary,
  Diagnosis,
  HttpResponse,
} from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { transportFor } from '../../main/core/http/transport-options';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { createTestCore } from '../helpers/app-harness';
import { startConnectProxy } from '../helpers/connect-proxy';
import {
  freePort,
  startHttpsLoopbackServer,
  startLoopbackServer,
  type LoopbackServer,
} from '../helpers/loopback-server';
import { createTestCa, issueCert, pfxOf, selfSignedCert } from '../helpers/tls-cert';

const ctx = { emit: () => undefined };
let core: AppCore;
let s1Base: string;

async function connection(config: Partial<ConnectionConfigInput>, token: string): Promise<string> {
  const r = await core.dispatch(
    'connections:create',
    {
      config: {
        name: 'Transport test',
        kind: 'sentinelone',
        baseUrl: s1Base,
        environment: 'staging',
        auth: { scheme: 'ApiToken' },
        ...config,
      },
    },
    ctx,
  );
  if (!r.ok) throw new Error(r.error.message);
  const id = (r.value as ConnectionSummary).id;
  await core.dispatch(
    'secrets:set',
    { connectionId: id, kind: 'token', value: token, storage: 'session' },
    ctx,
  );
  return id;
}

async function diagnose(id: string): Promise<Diagnosis> {
  const r = await core.dispatch('connections:test', { id }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Diagnosis;
}

beforeAll(async () => {
  core = createTestCore().core;
  const started = await core.dispatch('demo:start', { tenant: 'sentinelone' }, ctx);
  s1Base = (started as { value: { baseUrl: string } }).value.baseUrl;
});
afterAll(() => core.dispose());

describe('TLS settings of a connection', () => {
  let tls: Server;
  let base: string;
  let caFile: string;

  beforeAll(async () => {
    const { key, cert } = selfSignedCert();
    caFile = join(mkdtempSync(join(tmpdir(), 'soc-ca-')), 'ca.pem');
    writeFileSync(caFile, cert);
    tls = createTlsServer({ key, cert }, (_r, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"data":[],"pagination":{"nextCursor":null,"totalItems":0}}');
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', () => resolve()));
    base = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/web/api/v2.1`;
  });
  afterAll(async () => {
    tls.closeAllConnections();
    await new Promise((resolve) => tls.close(resolve));
  });

  it('names the certificate problem without the CA, and connects with the CA bundle', async () => {
    const without = await connection({ baseUrl: base, name: 'Private CA (none)' }, 'any-token-123');
    expect(await diagnose(without)).toMatchObject({
      ok: false,
      code: 'tls_error',
      title: 'Secure connection failed',
    });
    const withCa = await connection(
      { baseUrl: base, name: 'Private CA', tls: { caFile } },
      'any-token-123',
    );
    expect(await diagnose(withCa)).toMatchObject({ ok: true, code: 'ok' });
  });

  it('says which TLS file cannot be read', async () => {
    const id = await connection(
      { baseUrl: base, tls: { caFile: '/nonexistent/ca.pem' } },
      'any-token-123',
    );
    const d = await diagnose(id);
    expect(d).toMatchObject({ ok: false, code: 'invalid_connection' });
    expect(d.message).toMatch(/\/nonexistent\/ca\.pem/);
  });
});

describe('proxies', () => {
  it('tunnels through an explicit proxy', async () => {
    const proxy = await startConnectProxy();
    try {
      const id = await connection({ proxy: { mode: 'url', url: proxy.url } }, DEMO_S1_TOKENS.admin);
      expect(await diagnose(id)).toMatchObject({ ok: true });
      expect(proxy.tunnels).toContain(new URL(s1Base).host);
    } finally {
      await proxy.close();
    }
  });

  it('diagnoses an unreachable proxy as a proxy failure', async () => {
    const port = await freePort();
    const id = await connection(
      { proxy: { mode: 'url', url: `http://127.0.0.1:${port}` } },
      DEMO_S1_TOKENS.admin,
    );
    const d = await diagnose(id);
    expect(d).toMatchObject({ ok: false, code: 'proxy_failed', title: 'Proxy failed' });
    expect(d.message).toMatch(new RegExp(`127.0.0.1:${port}`));
  });
});

describe('diagnoses from the server answer', () => {
  let forbidding: LoopbackServer;
  beforeAll(async () => {
    forbidding = await startLoopbackServer((_r, res) => {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(
        '{"errors":[{"code":4030010,"detail":"Insufficient permissions","title":"Insufficient permissions"}]}',
      );
    });
  });
  afterAll(() => forbidding.close());

  it('names the permission the test call needs on 403', async () => {
    const id = await connection(
      { baseUrl: `${forbidding.origin}/web/api/v2.1` },
      'scoped-token-1234',
    );
    const d = await diagnose(id);
    expect(d).toMatchObject({ ok: false, code: 'forbidden', status: 403 });
    expect(d.message).toMatch(/Threats → View/);
  });

  it('warns when the SentinelOne token expires within 14 days', async () => {
    const id = await connection({}, DEMO_S1_TOKENS.expiring);
    const d = await diagnose(id);
    expect(d.ok).toBe(true);
    expect(d.tokenExpiry).toMatchObject({ warning: true });
    expect(d.tokenExpiry!.daysLeft).toBeLessThan(14);
    expect(d.message).toMatch(/expires in \d+ days/);
    const fresh = await diagnose(await connection({}, DEMO_S1_TOKENS.admin));
    expect(fresh.tokenExpiry).toMatchObject({ warning: false });
  });
});

describe('a CA bundle adds to the default roots', () => {
  const corpCa = createTestCa('Corp Root X');
  const strangerCa = createTestCa('Stranger Root Y');
  let trusted: Awaited<ReturnType<typeof startHttpsLoopbackServer>>;
  let stranger: Awaited<ReturnType<typeof startHttpsLoopbackServer>>;
  let bundleFile: string;

  beforeAll(async () => {
    const answer = (_r: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"data":[],"pagination":{"nextCursor":null,"totalItems":0}}');
    };
    const leaf = issueCert(corpCa, { cn: '127.0.0.1' });
    trusted = await startHttpsLoopbackServer({ key: leaf.key, cert: leaf.cert }, answer);
    const other = issueCert(strangerCa, { cn: '127.0.0.1' });
    stranger = await startHttpsLoopbackServer({ key: other.key, cert: other.cert }, answer);
    bundleFile = join(mkdtempSync(join(tmpdir(), 'soc-bundle-')), 'corp.pem');
    writeFileSync(bundleFile, corpCa.cert);
  });
  afterAll(async () => {
    await trusted.close();
    await stranger.close();
  });

  it('trusts a server certificate from the CA in the bundle', async () => {
    const id = await connection(
      { baseUrl: `${trusted.origin}/web/api/v2.1`, tls: { caFile: bundleFile } },
      'any-token-123',
    );
    expect(await diagnose(id)).toMatchObject({ ok: true, code: 'ok' });
  });

  it('still refuses a certificate from a CA that is in neither', async () => {
    const id = await connection(
      { baseUrl: `${stranger.origin}/web/api/v2.1`, tls: { caFile: bundleFile } },
      'any-token-123',
    );
    const d = await diagnose(id);
    expect(d).toMatchObject({ ok: false, code: 'tls_error' });
    expect(d.message).toMatch(/does not trust|not trusted/);
  });

  it('keeps every default root next to the bundle in the transport options', async () => {
    const t = await transportFor(
      { tls: { caFile: bundleFile, rejectUnauthorized: true }, proxy: { mode: 'none' } } as never,
      new URL(trusted.origin),
    );
    expect(t.tls!.ca).toEqual(expect.arrayContaining([...rootCertificates, corpCa.cert.trim()]));
  });

  it('says so when the CA file is not PEM', async () => {
    const notPem = join(mkdtempSync(join(tmpdir(), 'soc-bundle-')), 'ca.cer');
    writeFileSync(notPem, 'this is not a certificate');
    const id = await connection(
      { baseUrl: `${trusted.origin}/web/api/v2.1`, tls: { caFile: notPem } },
      'any-token-123',
    );
    const d = await diagnose(id);
    expect(d).toMatchObject({ ok: false, code: 'invalid_connection' });
    expect(d.message).toMatch(/no PEM certificate.*Export the CA certificate as PEM/);
  });
});

describe('client certificates (mutual TLS)', () => {
  const serverCa = createTestCa('mTLS Server CA');
  const clientCa = createTestCa('mTLS Client CA');
  const operatorCert = issueCert(clientCa, { cn: 'operator-7', client: true });
  const pfxFile = pfxOf(operatorCert, 'correct horse');
  let mtls: Awaited<ReturnType<typeof startHttpsLoopbackServer>>;
  let base: string;
  const seenClients: string[] = [];

  beforeAll(async () => {
    const leaf = issueCert(serverCa, { cn: '127.0.0.1' });
    mtls = await startHttpsLoopbackServer(
      {
        key: leaf.key,
        cert: leaf.cert,
        ca: clientCa.cert,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (r, res) => {
        const peer = (r.socket as TLSSocket).getPeerCertificate();
        seenClients.push(String(peer.subject?.CN));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"data":[],"pagination":{"nextCursor":null,"totalItems":0}}');
      },
    );
    base = `${mtls.origin}/web/api/v2.1`;
  });
  afterAll(() => mtls.close());

  async function withPassphrase(id: string, passphrase: string) {
    const r = await core.dispatch(
      'secrets:set',
      { connectionId: id, kind: 'passphrase', value: passphrase, storage: 'session' },
      ctx,
    );
    if (!r.ok) throw new Error(r.error.message);
  }

  it('connects with a PEM certificate and key', async () => {
    const id = await connection(
      {
        baseUrl: base,
        tls: {
          caFile: serverCa.certFile,
          clientCertFile: operatorCert.certFile,
          clientKeyFile: operatorCert.keyFile,
        },
      },
      'any-token-123',
    );
    expect(await diagnose(id)).toMatchObject({ ok: true, code: 'ok', status: 200 });
    expect(seenClients.at(-1)).toBe('operator-7');
  });

  it('connects with a PFX and its passphrase from the keychain vault', async () => {
    const id = await connection(
      { baseUrl: base, tls: { caFile: serverCa.certFile, pfxFile } },
      'any-token-123',
    );
    await withPassphrase(id, 'correct horse');
    const before = seenClients.length;
    expect(await diagnose(id)).toMatchObject({ ok: true, code: 'ok', status: 200 });
    expect(seenClients.slice(before)).toContain('operator-7');
  });

  it('says the passphrase is wrong when the PFX does not open with it', async () => {
    const id = await connection(
      { baseUrl: base, tls: { caFile: serverCa.certFile, pfxFile } },
      'any-token-123',
    );
    await withPassphrase(id, 'wrong horse');
    const d = await diagnose(id);
    expect(d).toMatchObject({ ok: false, code: 'tls_error', title: 'Secure connection failed' });
    expect(d.message).toMatch(/passphrase is wrong/);
    expect(d.message).toMatch(/Enter the right key passphrase/);
    expect(d.message).not.toContain('wrong horse');
  });

  it('says the server requires a client certificate when none is configured', async () => {
    const id = await connection(
      { baseUrl: base, tls: { caFile: serverCa.certFile } },
      'any-token-123',
    );
    const d = await diagnose(id);
    expect(d).toMatchObject({ ok: false, code: 'tls_error' });
    expect(d.message).toMatch(/requires a client certificate/);
    expect(d.message).toMatch(/Add the client certificate/);
    expect(mtls.tlsErrors.length).toBeGreaterThan(0); // the server did refuse the handshake
  });

  it('hints at the client certificate when the server hangs up on one it does not trust', async () => {
    const foreign = issueCert(createTestCa('Foreign CA'), { cn: 'intruder', client: true });
    const id = await connection(
      {
        baseUrl: base,
        tls: {
          caFile: serverCa.certFile,
          clientCertFile: foreign.certFile,
          clientKeyFile: foreign.keyFile,
        },
      },
      'any-token-123',
    );
    const d = await diagnose(id);
    // Node's server closes the connection without a TLS alert, so the console cannot be sure.
    expect(d).toMatchObject({ ok: false, code: 'connection_reset' });
    expect(d.message).toMatch(/may have rejected the one configured/);
    expect(seenClients).not.toContain('intruder');
  });

  it('sends on the connection and pushes progress and streamed chunks to the renderer', async () => {
    const id = await connection(
      {
        baseUrl: base,
        tls: {
          caFile: serverCa.certFile,
          clientCertFile: operatorCert.certFile,
          clientKeyFile: operatorCert.keyFile,
        },
      },
      'any-token-123',
    );
    const pushed: Array<{ event: string; payload: unknown }> = [];
    const r = await core.dispatch(
      'http:send',
      { connectionId: id, requestId: 'mtls-send-1', method: 'GET', path: '/threats' },
      { emit: (event, payload) => pushed.push({ event, payload }) },
    );
    expect(r.ok).toBe(true);
    expect(r.ok && (r.value as HttpResponse)).toMatchObject({ status: 200, httpVersion: '1.1' });
    const chunks = pushed.filter((p) => p.event === 'http:chunk').map((p) => p.payload);
    expect(chunks).toEqual([
      {
        requestId: 'mtls-send-1',
        seq: 0,
        text: '{"data":[],"pagination":{"nextCursor":null,"totalItems":0}}',
        bytes: 59,
      },
    ]);
    const phases = pushed
      .filter((p) => p.event === 'http:progress')
      .map((p) => (p.payload as { phase: string }).phase);
    expect(phases.filter((p, i) => p !== phases[i - 1])).toEqual([
      'connecting',
      'waiting',
      'receiving',
      'done',
    ]);
  });
});
