import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSummary, HttpResponse } from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { createTestCore } from '../helpers/app-harness';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server';

const CANARY = 'CANARY-spool-0badc0de-do-not-leak';
const ctx = { emit: () => undefined };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('a body spooled to disk is redacted on the way', () => {
  let server: LoopbackServer;
  let core: AppCore;
  let dataDir: string;

  beforeAll(async () => {
    // Echoes the token back in a body far above the memory threshold, in small network
    // chunks, so the token also straddles chunk boundaries.
    server = await startLoopbackServer((req, res) => {
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      res.writeHead(401, { 'Content-Type': 'application/json' });
      const line = `{"error":"token ${token} is not valid here","pad":"${'x'.repeat(97)}"}\n`;
      let sent = 0;
      const pump = () => {
        while (sent < 6000) {
          sent += 1;
          const chunk = sent % 7 === 0 ? line.slice(0, 40) + line.slice(40) : line;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    ({ core, dataDir } = createTestCore({ bodyMemoryBytes: 64 * 1024 }));
  });
  afterAll(async () => {
    await server.close();
    await core.dispose();
  });

  it('keeps the body, minus the secret', async () => {
    const created = await core.dispatch(
      'connections:create',
      {
        config: {
          name: 'Echo',
          kind: 'generic',
          baseUrl: server.origin,
          environment: 'sandbox',
          auth: { scheme: 'Bearer' },
        },
      },
      ctx,
    );
    const id = (created as { value: ConnectionSummary }).value.id;
    await core.dispatch(
      'secrets:set',
      { connectionId: id, kind: 'token', value: CANARY, storage: 'session' },
      ctx,
    );
    const r = (await core.dispatch(
      'http:send',
      { requestId: 'spool1', connectionId: id, method: 'GET', path: '/echo' },
      ctx,
    )) as { ok: boolean; value: HttpResponse };
    expect(r.ok).toBe(true);
    expect(r.value.body.kind).toBe('file');
    const spooled = join(dataDir, 'responses', 'spool1.body');
    const text = readFileSync(spooled, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(6000);
    expect(text).toContain('token $API_TOKEN is not valid here');
    for (const file of filesUnder(dataDir)) {
      expect(readFileSync(file, 'latin1').includes(CANARY), file).toBe(false);
    }
  });
});
