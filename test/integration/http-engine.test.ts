import { createServer as createTlsServer } from 'node:https';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpEngine, type EngineRequest, type TextChunk } from '../../main/core/http/engine';
import { AppError } from '../../main/core/errors';
import { startConnectProxy } from '../helpers/connect-proxy';
import {
  freePort,
  startHttp2LoopbackServer,
  startLoopbackServer,
  type LoopbackServer,
} from '../helpers/loopback-server';
import { createTestCa, issueCert, selfSignedCert } from '../helpers/tls-cert';

const spoolDir = mkdtempSync(join(tmpdir(), 'soc-spool-'));
const engine = createHttpEngine({ memoryBytes: 64 * 1024, maxBytes: 4 * 1024 * 1024, spoolDir });
let n = 0;

function req(url: string, extra: Partial<EngineRequest> = {}): EngineRequest {
  return {
    requestId: `t${++n}`,
    method: 'GET',
    url: new URL(url),
    headers: [],
    timeoutMs: 5000,
    followRedirects: true,
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the send to fail');
}

const DRIP_PIECES = ['{"data":[\n', '{"id":"1","name":"héllo"},\n', '{"id":"2"}\n', ']}\n'];

let api: LoopbackServer;
let other: LoopbackServer;

beforeAll(async () => {
  other = await startLoopbackServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"where":"other"}');
  });
  api = await startLoopbackServer((r, res, body) => {
    const url = new URL(r.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/json':
        res.writeHead(200, 'Fine Thanks', {
          'Content-Type': 'application/json',
          'Set-Cookie': ['a=1', 'b=2'],
        });
        return res.end(JSON.stringify({ data: [{ id: '1' }], echo: body, method: r.method }));
      case '/malformed':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end('{"data": [1, 2');
      case '/gzip':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        return res.end(gzipSync(JSON.stringify({ zipped: true })));
      case '/big': {
        const size = Number(url.searchParams.get('bytes'));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const row = '{"id":"0123456789"},';
        res.write('[');
        let written = 1;
        while (written + row.length < size) {
          res.write(row);
          written += row.length;
        }
        return res.end('{"id":"end"}]');
      }
      case '/slow':
        setTimeout(() => {
          if (!res.destroyed) res.end('late');
        }, 3000);
        return;
      case '/reset':
        return r.socket.destroy();
      case '/error':
        res.writeHead(403, { 'Content-Type': 'application/json' });
        return res.end('{"errors":[{"code":4030010,"title":"Insufficient permissions"}]}');
      case '/binary':
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        return res.end(Buffer.from([0, 1, 2, 255]));
      case '/redirect-same':
        res.writeHead(302, { Location: '/json' });
        return res.end();
      case '/redirect-other': {
        const code = Number(url.searchParams.get('code') ?? 302);
        res.writeHead(code, { Location: `${other.origin}/landing` });
        return res.end();
      }
      case '/see-other':
        res.writeHead(303, { Location: '/json' });
        return res.end();
      case '/loop': {
        const next = Number(url.searchParams.get('n') ?? 0) + 1;
        res.writeHead(302, { Location: `/loop?n=${next}` });
        return res.end();
      }
      case '/slow-redirect':
        // The first hop is slow; the hop that answers is on another origin (and a host name).
        setTimeout(() => {
          res.writeHead(302, { Location: `http://localhost:${other.port}/landing` });
          res.end();
        }, 300);
        return;
      case '/drip': {
        // A text body written in pieces, far enough apart to be separate chunk events.
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        const pieces = DRIP_PIECES.slice();
        const tick = () => {
          const piece = pieces.shift();
          if (piece === undefined) return res.end();
          res.write(piece);
          setTimeout(tick, 80);
        };
        return tick();
      }
      case '/drip-binary':
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.write(Buffer.from('line one\n'));
        return setTimeout(() => res.end(Buffer.from('line two\n')), 80);
      default:
        res.writeHead(404);
        return res.end();
    }
  });
});

afterAll(async () => {
  await api.close();
  await other.close();
});

describe('http engine over loopback', () => {
  it('returns status, server status text, repeated headers, parsed JSON, size and timings', async () => {
    const res = await engine.send(req(`${api.origin}/json`));
    expect(res.status).toBe(200);
    expect(res.statusText).toBe('Fine Thanks');
    expect(res.headers.filter(([n]) => n.toLowerCase() === 'set-cookie').map(([, v]) => v)).toEqual(
      ['a=1', 'b=2'],
    );
    expect(res.body.kind).toBe('text');
    if (res.body.kind === 'text')
      expect(res.body.json).toMatchObject({ data: [{ id: '1' }], method: 'GET' });
    expect(res.size).toBeGreaterThan(10);
    expect(res.timings.dns).toBeNull(); // an IP literal needs no lookup
    expect(res.timings.connect).not.toBeNull();
    expect(res.timings.tls).toBeNull();
    expect(res.timings.total).toBeGreaterThanOrEqual(res.timings.firstByte);
    expect(res.httpVersion).toBe('1.1');
  });

  it('measures a DNS phase for host names', async () => {
    const res = await engine.send(req(`http://localhost:${api.port}/json`));
    expect(res.status).toBe(200);
    expect(res.timings.dns).not.toBeNull();
  });

  it('sends a body with its content type', async () => {
    const res = await engine.send(
      req(`${api.origin}/json`, {
        method: 'POST',
        body: '{"x":1}',
        contentType: 'application/json',
      }),
    );
    const seen = api.requests.at(-1)!;
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.body).toBe('{"x":1}');
    expect(res.body.kind === 'text' && (res.body.json as { echo: string }).echo).toBe('{"x":1}');
  });

  it('keeps a malformed JSON body as text and says why it does not parse', async () => {
    const res = await engine.send(req(`${api.origin}/malformed`));
    expect(res.body.kind).toBe('text');
    if (res.body.kind === 'text') {
      expect(res.body.text).toBe('{"data": [1, 2');
      expect(res.body.json).toBeUndefined();
      expect(res.body.jsonError).toMatch(/does not parse/);
    }
  });

  it('decompresses gzip bodies', async () => {
    const res = await engine.send(req(`${api.origin}/gzip`));
    expect(res.body.kind === 'text' && res.body.json).toEqual({ zipped: true });
  });

  it('returns 4xx bodies as answers, not failures', async () => {
    const res = await engine.send(req(`${api.origin}/error`));
    expect(res.status).toBe(403);
    expect(res.body.kind === 'text' && res.body.json).toMatchObject({
      errors: [{ code: 4030010 }],
    });
  });

  it('returns binary bodies as base64', async () => {
    const res = await engine.send(req(`${api.origin}/binary`));
    expect(res.body).toEqual({
      kind: 'binary',
      contentType: 'application/octet-stream',
      base64: 'AAEC/w==',
    });
  });

  it('streams a body past the memory threshold to a file and returns a handle', async () => {
    const res = await engine.send(req(`${api.origin}/big?bytes=${300 * 1024}`));
    expect(res.body.kind).toBe('file');
    if (res.body.kind === 'file') {
      const stored = readFileSync(join(spoolDir, res.body.fileId), 'utf8');
      expect(stored.length).toBe(res.size);
      expect(JSON.parse(stored).at(-1)).toEqual({ id: 'end' });
      expect(res.body.preview.startsWith('[{"id":"0123456789"}')).toBe(true);
      expect(res.body.preview.length).toBeLessThanOrEqual(64 * 1024);
    }
  });

  it('refuses a body past the hard limit with too_large and deletes the partial file', async () => {
    const id = `big-${n}`;
    const err = await failure(
      engine.send({ ...req(`${api.origin}/big?bytes=${5 * 1024 * 1024}`), requestId: id }),
    );
    expect(err.code).toBe('too_large');
    expect(err.message).toMatch(/larger than 4 MB/);
    expect(existsSync(join(spoolDir, `${id}.body`))).toBe(false);
  });

  it('maps a closed port to connection_refused', async () => {
    const port = await freePort();
    const err = await failure(engine.send(req(`http://127.0.0.1:${port}/x`)));
    expect(err.code).toBe('connection_refused');
    expect(err.message).toMatch(new RegExp(`127.0.0.1:${port}`));
  });

  it('maps an unknown host to dns_failed', async () => {
    const err = await failure(engine.send(req('http://no-such-tenant.invalid/x')));
    expect(err.code).toBe('dns_failed');
    expect(err.message).toMatch(/no-such-tenant\.invalid/);
  });

  it('maps a dropped connection to connection_reset', async () => {
    const err = await failure(engine.send(req(`${api.origin}/reset`)));
    expect(err.code).toBe('connection_reset');
  });

  it('times out with the configured limit', async () => {
    const err = await failure(engine.send(req(`${api.origin}/slow`, { timeoutMs: 200 })));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/200 ms/);
  });

  it('cancels by request id', async () => {
    const r = req(`${api.origin}/slow`);
    const pending = engine.send(r);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine.cancel(r.requestId)).toBe(true);
    const err = await failure(pending);
    expect(err.code).toBe('aborted');
    expect(engine.cancel(r.requestId)).toBe(false);
  });

  it('names the certificate problem on a TLS failure', async () => {
    const { key, cert } = selfSignedCert();
    const tls = createTlsServer({ key, cert }, (_r, res) => res.end('secret'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (tls.address() as AddressInfo).port;
      const err = await failure(engine.send(req(`https://127.0.0.1:${port}/`)));
      expect(err.code).toBe('tls_error');
      expect(err.message).toMatch(/self-signed/);
      expect(err.details).toMatchObject({ certificateError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    } finally {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  it('follows same-origin redirects with credentials', async () => {
    const res = await engine.send(req(`${api.origin}/redirect-same`), {
      credentials: { origin: api.origin, headers: [['Authorization', 'ApiToken canary-same']] },
    });
    expect(res.status).toBe(200);
    expect(res.redirects).toEqual([
      {
        status: 302,
        from: `${api.origin}/redirect-same`,
        to: `${api.origin}/json`,
        credentialsDropped: false,
      },
    ]);
    expect(api.requests.at(-1)!.headers.authorization).toBe('ApiToken canary-same');
  });

  it.each([301, 302, 307, 308])(
    'never carries credentials across origins on a %i redirect',
    async (code) => {
      const before = other.requests.length;
      const res = await engine.send(
        req(`${api.origin}/redirect-other?code=${code}`, { headers: [['Cookie', 'sid=operator']] }),
        {
          credentials: {
            origin: api.origin,
            headers: [['Authorization', 'ApiToken canary-cross']],
          },
        },
      );
      expect(res.status).toBe(200);
      expect(res.redirects[0]).toMatchObject({ status: code, credentialsDropped: true });
      expect(api.requests.at(-1)!.headers.authorization).toBe('ApiToken canary-cross');
      const landed = other.requests.slice(before);
      expect(landed).toHaveLength(1);
      expect(landed[0]!.headers.authorization).toBeUndefined();
      expect(landed[0]!.headers.cookie).toBeUndefined();
    },
  );

  it('never attaches credentials to a request for another origin', async () => {
    const before = other.requests.length;
    await engine.send(req(`${other.origin}/direct`), {
      credentials: { origin: api.origin, headers: [['Authorization', 'ApiToken canary-direct']] },
    });
    expect(other.requests.slice(before)[0]!.headers.authorization).toBeUndefined();
  });

  it('turns a POST into a GET without body on 303', async () => {
    const res = await engine.send(
      req(`${api.origin}/see-other`, {
        method: 'POST',
        body: '{"a":1}',
        contentType: 'application/json',
      }),
    );
    expect(res.method).toBe('GET');
    expect(api.requests.at(-1)!.method).toBe('GET');
    expect(api.requests.at(-1)!.body).toBe('');
  });

  it('returns the redirect itself when following is off', async () => {
    const res = await engine.send(req(`${api.origin}/redirect-same`, { followRedirects: false }));
    expect(res.status).toBe(302);
    expect(res.headers).toContainEqual(['Location', '/json']);
  });

  it('reports progress up to done', async () => {
    const phases: string[] = [];
    await engine.send(req(`${api.origin}/json`), { onProgress: (p) => phases.push(p.phase) });
    expect(phases[0]).toBe('connecting');
    expect(phases.at(-1)).toBe('done');
  });
});

describe('progress phases', () => {
  it('reports a slow body about ten times a second, not once per chunk', async () => {
    const updates: number[] = [];
    const server = await startLoopbackServer((_r, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(60 * 1024) });
      let sent = 0;
      // 60 chunks of 1 KiB, 10 ms apart: 600 ms of download.
      const timer = setInterval(() => {
        res.write(Buffer.alloc(1024, 97));
        if (++sent === 60) {
          clearInterval(timer);
          res.end();
        }
      }, 10);
    });
    try {
      const res = await engine.send(req(`${server.origin}/`), {
        onProgress: (p) => {
          if (p.phase === 'receiving' && p.receivedBytes > 0) updates.push(p.receivedBytes);
        },
      });
      expect(res.size).toBe(60 * 1024);
    } finally {
      await server.close();
    }
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.length).toBeLessThanOrEqual(10);
    expect([...updates].sort((a, b) => a - b)).toEqual(updates);
  });

  it('goes connecting → waiting → receiving → done, waiting once the request is out', async () => {
    const phases: string[] = [];
    let seenByServer: string[] = [];
    const server = await startLoopbackServer((_r, res) => {
      seenByServer = [...phases];
      setTimeout(() => res.end('{"ok":true}'), 50);
    });
    try {
      await engine.send(req(`${server.origin}/`), { onProgress: (p) => phases.push(p.phase) });
    } finally {
      await server.close();
    }
    const order = phases.filter((p, i) => p !== phases[i - 1]);
    expect(order).toEqual(['connecting', 'waiting', 'receiving', 'done']);
    // The request had been written before the server read it, and nothing had come back yet.
    expect(seenByServer).toEqual(['connecting', 'waiting']);
  });

  it('waits again on every redirect hop', async () => {
    const phases: string[] = [];
    await engine.send(req(`${api.origin}/redirect-same`), {
      onProgress: (p) => phases.push(p.phase),
    });
    const order = phases.filter((p, i) => p !== phases[i - 1]);
    expect(order).toEqual(['connecting', 'waiting', 'connecting', 'waiting', 'receiving', 'done']);
  });
});

describe('streamed text chunks', () => {
  const body = DRIP_PIECES.join('');

  it('streams a slowly written text body in order, concatenating to the body', async () => {
    const chunks: TextChunk[] = [];
    const phases: string[] = [];
    const res = await engine.send(req(`${api.origin}/drip`), {
      onChunk: (c) => chunks.push(c),
      onProgress: (p) => phases.push(`${p.phase}@${chunks.length}`),
    });
    expect(res.body.kind === 'text' && res.body.text).toBe(body);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    expect(chunks.map((c) => c.text).join('')).toBe(body);
    expect(chunks.reduce((n, c) => n + c.bytes, 0)).toBe(Buffer.byteLength(body));
    // Every chunk is out before the send reports done.
    expect(phases.at(-1)).toBe(`done@${chunks.length}`);
  });

  it('streams the decoded text of a compressed body', async () => {
    const chunks: TextChunk[] = [];
    await engine.send(req(`${api.origin}/gzip`), { onChunk: (c) => chunks.push(c) });
    expect(chunks.map((c) => c.text).join('')).toBe('{"zipped":true}');
  });

  it('streams only the first 256 KiB of a large body', async () => {
    const chunks: TextChunk[] = [];
    const res = await engine.send(req(`${api.origin}/big?bytes=${600 * 1024}`), {
      onChunk: (c) => chunks.push(c),
    });
    expect(res.body.kind).toBe('file');
    if (res.body.kind !== 'file') return;
    const stored = readFileSync(join(spoolDir, res.body.fileId), 'utf8');
    const streamed = chunks.map((c) => c.text).join('');
    const bytes = chunks.reduce((n, c) => n + c.bytes, 0);
    expect(bytes).toBeLessThanOrEqual(256 * 1024);
    expect(bytes).toBeGreaterThan(256 * 1024 - 64); // cut at the last boundary before the cap
    expect(stored.startsWith(streamed)).toBe(true);
    // Coalesced: far fewer events than the server's 20-byte writes.
    expect(chunks.length).toBeLessThan(50);
  });

  it('honours the engine option for the cap', async () => {
    const small = createHttpEngine(
      { memoryBytes: 1024 * 1024, maxBytes: 4 * 1024 * 1024, spoolDir },
      { textChunks: { maxBytes: 1000 } },
    );
    const chunks: TextChunk[] = [];
    const res = await small.send(req(`${api.origin}/big?bytes=${50 * 1024}`), {
      onChunk: (c) => chunks.push(c),
    });
    const text = res.body.kind === 'text' ? res.body.text : '';
    const streamed = chunks.map((c) => c.text).join('');
    expect(streamed.length).toBeGreaterThan(900);
    expect(streamed.length).toBeLessThanOrEqual(1000);
    expect(text.startsWith(streamed)).toBe(true);
  });

  it('emits nothing for a binary body, however it arrives', async () => {
    const chunks: TextChunk[] = [];
    const res = await engine.send(req(`${api.origin}/drip-binary`), {
      onChunk: (c) => chunks.push(c),
    });
    expect(res.body.kind).toBe('binary');
    expect(chunks).toEqual([]);
  });
});

describe('redirects', () => {
  it('reports credentialsAttached for the hop that answered', async () => {
    const credentials = {
      origin: api.origin,
      headers: [['Authorization', 'ApiToken hop'] as [string, string]],
    };
    const same = await engine.send(req(`${api.origin}/redirect-same`), { credentials });
    expect(same.credentialsAttached).toBe(true);
    const cross = await engine.send(req(`${api.origin}/redirect-other`), { credentials });
    expect(cross.redirects[0]).toMatchObject({ credentialsDropped: true });
    expect(cross.url).toBe(`${other.origin}/landing`);
    expect(cross.credentialsAttached).toBe(false);
    const none = await engine.send(req(`${api.origin}/json`));
    expect(none.credentialsAttached).toBe(false);
  });

  it('stops a redirect loop with too_many_redirects, the hop count and the last Location', async () => {
    const before = api.requests.length;
    const err = await failure(engine.send(req(`${api.origin}/loop`)));
    expect(err.code).toBe('too_many_redirects');
    expect(err.message).toMatch(/Stopped after 10 redirects/);
    expect(err.message).toContain(`${api.origin}/loop?n=11`);
    expect(err.message).toMatch(/check the URL/);
    expect(err.details).toMatchObject({
      maxRedirects: 10,
      lastLocation: `${api.origin}/loop?n=11`,
    });
    expect((err.details as { redirects: unknown[] }).redirects).toHaveLength(10);
    expect(api.requests.length - before).toBe(11);
  });

  it('honours a smaller redirect limit', async () => {
    const err = await failure(engine.send(req(`${api.origin}/loop`, { maxRedirects: 3 })));
    expect(err.code).toBe('too_many_redirects');
    expect(err.message).toMatch(/Stopped after 3 redirects; the last one pointed to .*\/loop\?n=4/);
  });
});

describe('timings', () => {
  it('describes the hop that answered after a cross-origin redirect; total spans the send', async () => {
    const res = await engine.send(req(`${api.origin}/slow-redirect`));
    expect(res.status).toBe(200);
    expect(res.url).toBe(`http://localhost:${other.port}/landing`);
    const t = res.timings;
    // The last hop opened its own connection to a host name: all of its phases are there.
    expect(t.dns).not.toBeNull();
    expect(t.connect).not.toBeNull();
    // firstByte is that hop's, not counted from the slow first request…
    expect(t.firstByte).toBeLessThan(300);
    // …while total includes the 300 ms the first hop took.
    expect(t.total).toBeGreaterThanOrEqual(300);
    expect(t.total).toBeGreaterThanOrEqual(t.firstByte + t.download);
  });
});

describe('HTTPS and HTTP versions', () => {
  const ca = createTestCa('Engine Test CA');
  const leaf = issueCert(ca, { cn: '127.0.0.1' });
  const tls = { ca: [ca.cert] };
  let h2: Awaited<ReturnType<typeof startHttp2LoopbackServer>>;

  beforeAll(async () => {
    h2 = await startHttp2LoopbackServer({ key: leaf.key, cert: leaf.cert }, (r, res) => {
      if (r.url === '/slow') {
        setTimeout(() => {
          if (!res.destroyed) res.end('late');
        }, 3000);
        return;
      }
      if (r.url === '/redirect') {
        res.writeHead(302, { location: '/hello' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ version: r.httpVersion }));
    });
  });
  afterAll(() => h2.close());

  it('times every phase of a successful HTTPS send consistently', async () => {
    const res = await engine.send(req(`${h2.origin}/hello`), { transport: { tls } });
    expect(res.status).toBe(200);
    const t = res.timings;
    expect(t.dns).toBeNull(); // an IP literal
    expect(typeof t.connect).toBe('number');
    expect(typeof t.tls).toBe('number');
    for (const v of [t.connect!, t.tls!, t.firstByte, t.download, t.total])
      expect(v).toBeGreaterThanOrEqual(0);
    expect(t.firstByte).toBeGreaterThanOrEqual(t.connect! + t.tls! - 0.2); // rounding
    expect(t.total).toBeGreaterThanOrEqual(t.firstByte);
  });

  it('reports HTTP/2 when the server picks h2', async () => {
    const res = await engine.send(req(`${h2.origin}/hello`), { transport: { tls } });
    expect(res.httpVersion).toBe('2');
    expect(h2.versions.at(-1)).toBe('2.0');
    expect(res.body.kind === 'text' && res.body.json).toEqual({ version: '2.0' });
    expect(res.statusText).toBe('OK'); // h2 has no reason phrase; the standard one stands in
    expect(res.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v)).toEqual([
      'a=1',
      'b=2',
    ]);
  });

  it('reports HTTP/1.1 from the same server when h2 is off', async () => {
    const h1 = createHttpEngine(
      { memoryBytes: 65536, maxBytes: 1 << 22, spoolDir },
      { allowH2: false },
    );
    const res = await h1.send(req(`${h2.origin}/hello`), { transport: { tls } });
    expect(res.httpVersion).toBe('1.1');
    expect(h2.versions.at(-1)).toBe('1.1');
  });

  it('reports HTTP/1.1 for plain http', async () => {
    const res = await engine.send(req(`${api.origin}/json`));
    expect(res.httpVersion).toBe('1.1');
  });

  it('follows redirects, reports progress, times out and cancels over HTTP/2', async () => {
    const phases: string[] = [];
    const res = await engine.send(req(`${h2.origin}/redirect`), {
      transport: { tls },
      onProgress: (p) => phases.push(p.phase),
    });
    expect(res).toMatchObject({ status: 200, httpVersion: '2', url: `${h2.origin}/hello` });
    // The answering hop reused the h2 session of the first: it had no set-up of its own.
    expect(res.timings).toMatchObject({ dns: null, connect: null, tls: null });
    expect(res.timings.total).toBeGreaterThanOrEqual(res.timings.firstByte);
    expect(phases.filter((p, i) => p !== phases[i - 1])).toEqual([
      'connecting',
      'waiting',
      'connecting',
      'waiting',
      'receiving',
      'done',
    ]);
    const timedOut = await failure(
      engine.send(req(`${h2.origin}/slow`, { timeoutMs: 200 }), { transport: { tls } }),
    );
    expect(timedOut.code).toBe('timeout');
    const r = req(`${h2.origin}/slow`);
    const pending = engine.send(r, { transport: { tls } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(engine.cancel(r.requestId)).toBe(true);
    expect((await failure(pending)).code).toBe('aborted');
  });

  it('stays on HTTP/1.1 through a proxy tunnel, and says so', async () => {
    const proxy = await startConnectProxy();
    try {
      const res = await engine.send(req(`${h2.origin}/hello`), {
        transport: { tls, proxyUrl: proxy.url },
      });
      expect(res.status).toBe(200);
      expect(res.httpVersion).toBe('1.1');
      expect(h2.versions.at(-1)).toBe('1.1');
      expect(proxy.tunnels).toContain(`127.0.0.1:${h2.port}`);
    } finally {
      await proxy.close();
    }
  });
});
