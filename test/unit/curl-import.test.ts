import { afterAll, describe, expect, it } from 'vitest';
import type {
  ConnectionSummary,
  CurlImport,
  SavedRequest,
  SecretStatus,
} from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { generateCode } from '../../main/core/codegen/generate';
import { isAppError } from '../../main/core/errors';
import { prepareRequest } from '../../main/core/http/prepare';
import { parseCurl } from '../../main/core/imports/curl-import';
import { PENDING_CREDENTIAL_TTL_MS } from '../../main/core/imports/pending-credentials';
import { createTestCore } from '../helpers/app-harness';

const BASE = 'https://usea1-acme.sentinelone.net/web/api/v2.1';
const S1_PLACEHOLDER = {
  name: 'Authorization',
  value: 'ApiToken $S1_API_TOKEN',
  variable: 'S1_API_TOKEN',
};

function row(name: string, value: string) {
  return { name, value, enabled: true };
}

function failsWith(command: string): string | undefined {
  try {
    parseCurl(command);
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('cURL commands the console generates come back as the same request', () => {
  const cases: { title: string; request: Omit<SavedRequest, 'name'> }[] = [
    {
      title: 'GET with query rows and a header',
      request: {
        method: 'GET',
        url: `${BASE}/threats`,
        query: [
          row('limit', '10'),
          row('sortBy', 'createdAt'),
          row('computerName__like', 'web-01'),
        ],
        headers: [row('Accept', 'application/json')],
        body: { kind: 'none' },
      },
    },
    {
      title: 'POST with a JSON body (a here-document)',
      request: {
        method: 'POST',
        url: `${BASE}/threats/incident`,
        query: [],
        headers: [],
        body: {
          kind: 'json',
          text: JSON.stringify(
            {
              filter: { ids: ['1234567890'] },
              data: { incidentStatus: 'resolved', note: "it's done" },
            },
            null,
            2,
          ),
        },
      },
    },
    {
      title: 'PUT with a multi-line text body of its own type',
      request: {
        method: 'PUT',
        url: `${BASE}/exclusions/import`,
        query: [],
        headers: [row('X-Trace', 'a"b$c`d')],
        body: { kind: 'text', text: 'value,type\nabc,path', contentType: 'text/csv' },
      },
    },
    {
      title: 'DELETE with a header and no body',
      request: {
        method: 'DELETE',
        url: `${BASE}/threat-intelligence/iocs`,
        query: [row('uuids', 'a1,b2')],
        headers: [row('X-Request-Id', 'r-42')],
        body: { kind: 'none' },
      },
    },
  ];

  for (const { title, request } of cases) {
    it(title, async () => {
      const prepared = prepareRequest(
        { connectionId: 'x', path: request.url, followRedirects: true, ...request },
        BASE,
        'curl',
      );
      // The console's own cURL (Copy as cURL, Code → cURL) imports back to the same request.
      const { code: command } = await generateCode(prepared, 'curl', {
        credential: S1_PLACEHOLDER,
      });
      const back = parseCurl(command);
      const { name: _name, ...imported } = back.request;
      expect(imported).toEqual(request);
      expect(back.warnings).toEqual([]);
      // The credential header was a placeholder: removed, named, nothing to hold.
      expect(back.credential).toEqual({
        kind: 'token',
        headerName: 'Authorization',
        scheme: 'ApiToken',
        placeholderHint: 'S1_API_TOKEN',
      });
    });
  }
});

describe('real-looking cURL commands', () => {
  it('the SentinelOne documentation form, with a $VARIABLE token', () => {
    const r = parseCurl(
      'curl -H "Authorization: ApiToken $S1_API_TOKEN" "https://usea1-acme.sentinelone.net/web/api/v2.1/threats?limit=1&resolved=false"',
    );
    expect(r.request).toMatchObject({
      method: 'GET',
      url: `${BASE}/threats`,
      query: [row('limit', '1'), row('resolved', 'false')],
      headers: [],
    });
    expect(r.credential).toMatchObject({ placeholderHint: 'S1_API_TOKEN' });
    expect(r.credential?.value).toBeUndefined();
  });

  it('a literal token is taken out of the request, with -k noted and --compressed ignored', () => {
    const r = parseCurl(
      `curl -k --compressed -H 'Authorization: ApiToken eyJraWQiOiJ0b2tlbi1zaWduaW5nIn0.secret' '${BASE}/agents?limit=5'`,
    );
    expect(r.request.headers).toEqual([]);
    expect(r.credential).toEqual({
      kind: 'token',
      headerName: 'Authorization',
      scheme: 'ApiToken',
      placeholderHint: 'S1_API_TOKEN',
      value: 'eyJraWQiOiJ0b2tlbi1zaWduaW5nIn0.secret',
    });
    expect(r.insecure).toBe(true);
    expect(r.warnings).toEqual([expect.stringMatching(/--insecure.*CA bundle/)]);
  });

  it("Chrome's Copy as cURL (bash): $'…' strings, cookies dropped, JSON body", () => {
    const r = parseCurl(
      [
        `curl '${BASE}/threats/notes' \\`,
        "  -H 'accept: application/json, text/plain, */*' \\",
        "  -H 'content-type: application/json' \\",
        "  -H 'cookie: _ga=GA1.2.3; session=abcdef' \\",
        "  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \\",
        `  --data-raw $'{"filter":{"ids":["1"]},"data":{"text":"it\\'s benign"}}' \\`,
        '  --compressed',
      ].join('\n'),
    );
    expect(r.request).toMatchObject({
      method: 'POST',
      headers: [
        row('accept', 'application/json, text/plain, */*'),
        row('user-agent', 'Mozilla/5.0 (X11; Linux x86_64)'),
      ],
      body: { kind: 'json', text: '{"filter":{"ids":["1"]},"data":{"text":"it\'s benign"}}' },
    });
    expect(r.credential).toBeUndefined();
    expect(r.warnings).toEqual([expect.stringMatching(/Cookie header was left out/)]);
  });

  it('-u user:password becomes a Basic credential; a form body becomes fields', () => {
    const r = parseCurl(
      "curl 'https://api.example.test/v1/items' -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data-raw 'name=web%2001&kind=host' -u svc-reader:Pa55w0rd!",
    );
    expect(r.request.body).toEqual({
      kind: 'form',
      fields: [row('name', 'web 01'), row('kind', 'host')],
    });
    expect(r.request.headers).toEqual([]);
    expect(r.credential).toEqual({
      kind: 'basic',
      headerName: '-u',
      scheme: 'Basic',
      username: 'svc-reader',
      placeholderHint: 'API_BASIC_AUTH',
      value: 'Pa55w0rd!',
    });
  });

  it('an Authorization: Basic header is decoded into user and password', () => {
    const b64 = Buffer.from('admin:demo-admin-password').toString('base64');
    const r = parseCurl(
      `curl -H 'Authorization: Basic ${b64}' https://ssx.example.test/api/admin/me`,
    );
    expect(r.credential).toMatchObject({
      kind: 'basic',
      username: 'admin',
      value: 'demo-admin-password',
    });
  });

  it('-G puts the data in the query; --data-urlencode encodes it', () => {
    const r = parseCurl(
      `curl -G ${BASE}/activities --data-urlencode 'createdAt__gt=2024-01-01T00:00:00Z' -d limit=3`,
    );
    expect(r.request).toMatchObject({
      method: 'GET',
      query: [row('createdAt__gt', '2024-01-01T00:00:00Z'), row('limit', '3')],
      body: { kind: 'none' },
    });
  });

  it('--json sets JSON and Accept; several -d parts are joined with &', () => {
    expect(parseCurl(`curl --json '{"query":"x"}' ${BASE}/dv/init-query`).request).toMatchObject({
      method: 'POST',
      headers: [row('Accept', 'application/json')],
      body: { kind: 'json', text: '{"query":"x"}' },
    });
    expect(parseCurl('curl https://x.example.test/f -d a=1 -d b=2').request.body).toEqual({
      kind: 'form',
      fields: [row('a', '1'), row('b', '2')],
    });
  });

  it('combined short flags, -XPOST, and a pipeline after the command', () => {
    const r = parseCurl(
      `curl -sSLXPOST ${BASE}/agents/actions/initiate-scan -H'Content-Type: application/json' -d '{"filter":{"ids":["7"]},"data":{}}' | jq '.data.affected'`,
    );
    expect(r.request).toMatchObject({
      method: 'POST',
      url: `${BASE}/agents/actions/initiate-scan`,
      body: { kind: 'json' },
    });
    expect(r.warnings).toEqual([expect.stringMatching(/after "\|"/)]);
  });

  it('an API-key header with a ${VARIABLE}, an unknown option, and connection-level options', () => {
    const r = parseCurl(
      "curl --foo-bar --cacert /etc/ssl/ca.pem --proxy http://proxy:3128 -m 30 'https://api.example.test/v2/data' -H 'X-Api-Key: ${API_KEY}'",
    );
    expect(r.request.headers).toEqual([]);
    expect(r.credential).toEqual({
      kind: 'token',
      headerName: 'X-Api-Key',
      placeholderHint: 'API_KEY',
    });
    expect(r.warnings).toEqual([
      'Unknown option --foo-bar was ignored.',
      expect.stringMatching(/^--cacert belongs to the connection/),
      expect.stringMatching(/^--proxy belongs to the connection/),
      expect.stringMatching(/^-m belongs to the connection/),
    ]);
  });

  it('the README login example (a password in a JSON body stays: it is the body)', () => {
    const r = parseCurl(
      `curl -X POST -H 'Content-Type: application/json' -d '{"username":"admin","password":"demo-admin-password"}' http://127.0.0.1:8089/api/admin/login`,
    );
    expect(r.request).toMatchObject({
      method: 'POST',
      url: 'http://127.0.0.1:8089/api/admin/login',
      headers: [],
      body: { kind: 'json', text: '{"username":"admin","password":"demo-admin-password"}' },
    });
  });

  it('user:password@ in the URL, --oauth2-bearer, -I and -X overriding', () => {
    const basic = parseCurl('curl https://reader:s3cret@api.example.test/v1/me');
    expect(basic.request.url).toBe('https://api.example.test/v1/me');
    expect(basic.credential).toMatchObject({ kind: 'basic', username: 'reader', value: 's3cret' });
    const bearer = parseCurl('curl --oauth2-bearer tok-123456 https://api.example.test/v1/me -I');
    expect(bearer.request.method).toBe('HEAD');
    expect(bearer.credential).toMatchObject({
      kind: 'bearer',
      scheme: 'Bearer',
      value: 'tok-123456',
      placeholderHint: 'API_TOKEN',
    });
    expect(parseCurl('curl -X patch https://api.example.test/v1/x -d a=1').request.method).toBe(
      'PATCH',
    );
  });

  it('a quoted here-document with --data-binary, Windows line endings and a text body', () => {
    const command = [
      "curl --data-binary @- -H 'Content-Type: application/x-ndjson' https://api.example.test/bulk <<'NDJSON'",
      '{"a":1}',
      '{"b":"$NOT_EXPANDED"}',
      'NDJSON',
    ].join('\r\n');
    expect(parseCurl(command).request.body).toEqual({
      kind: 'text',
      text: '{"a":1}\n{"b":"$NOT_EXPANDED"}\n',
      contentType: 'application/x-ndjson',
    });
  });

  it('things it cannot do are said, not guessed', () => {
    const file = parseCurl(
      'curl -d @payload.json https://api.example.test/x -F file=@report.pdf -F note=hi',
    );
    expect(file.warnings).toEqual([
      expect.stringMatching(/-d @payload\.json reads a file/),
      expect.stringMatching(/form part "file=@report\.pdf"/),
      expect.stringMatching(/multipart form/),
    ]);
    expect(file.request.body).toEqual({ kind: 'form', fields: [row('note', 'hi')] });
    expect(parseCurl('curl example.test/x').warnings).toEqual([expect.stringMatching(/no scheme/)]);
    expect(parseCurl('curl -b "sid=1" https://a.test/ https://b.test/').warnings).toEqual([
      expect.stringMatching(/2 URLs/),
      expect.stringMatching(/cookies \(-b\)/),
    ]);
    expect(failsWith('wget https://example.test/')).toBe('import_failed');
    expect(failsWith('curl -H "Accept: x"')).toBe('import_failed');
    expect(failsWith("curl 'https://example.test/")).toBe('import_failed');
    expect(failsWith('curl -X BREW https://example.test/')).toBe('import_failed');
    expect(failsWith('curl https://example.test/ -H')).toBe('import_failed');
  });
});

describe('imports:curl and imports:store-credential through the core', () => {
  let core: AppCore;
  let now = Date.parse('2026-01-01T00:00:00Z');
  const ctx = { emit: () => undefined };
  const created: { core?: AppCore } = {};

  async function call<T>(channel: string, input: unknown): Promise<T> {
    const r = await core.dispatch(channel, input, ctx);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  }

  afterAll(async () => {
    await created.core?.dispose();
  });

  it('holds the token in main, moves it into the keychain once, and never answers it', async () => {
    core = createTestCore({ now: () => now }).core;
    created.core = core;
    const token = 'imported-token-5a9e1c77d2';
    const conn = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'Acme',
        kind: 'sentinelone',
        baseUrl: BASE,
        environment: 'staging',
        auth: { scheme: 'ApiToken' },
      },
    });
    const raw = await core.dispatch(
      'imports:curl',
      { command: `curl -H 'Authorization: ApiToken ${token}' '${BASE}/threats?limit=1'` },
      ctx,
    );
    expect(JSON.stringify(raw)).not.toContain(token);
    const imported = (raw as { ok: true; value: CurlImport }).value;
    expect(imported.match).toEqual({
      connectionId: conn.id,
      connectionName: 'Acme',
      path: 'threats',
    });
    expect(imported.request.name).toBe('GET threats');
    const ref = imported.credential!.credentialRef!;
    expect(ref).toMatch(/^cred_[0-9a-f]{32}$/);
    expect(imported.credential!.fingerprint).toMatch(/^[0-9a-f]{8}$/);

    // Not into a demo connection, and a refusal does not use the credential up.
    const demo = await core.dispatch(
      'imports:store-credential',
      { credentialRef: ref, connectionId: 'demo-sentinelone' },
      ctx,
    );
    expect(demo).toMatchObject({ ok: false, error: { code: 'invalid_connection' } });

    const status = await call<SecretStatus>('imports:store-credential', {
      credentialRef: ref,
      connectionId: conn.id,
    });
    expect(status).toMatchObject({
      kind: 'token',
      present: true,
      fingerprint: imported.credential!.fingerprint,
    });
    const again = await core.dispatch(
      'imports:store-credential',
      { credentialRef: ref, connectionId: conn.id },
      ctx,
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'credential_expired' } });

    // Every later answer is redacted: the token is known to main now.
    const echoed = await core.dispatch(
      'imports:curl',
      { command: `curl 'https://x.test/?q=${token}'` },
      ctx,
    );
    expect(JSON.stringify(echoed)).not.toContain(token);
  });

  it('forgets a held credential after five minutes, or when discarded', async () => {
    const first = await call<CurlImport>('imports:curl', {
      command: 'curl -H "X-Api-Key: k-0123456789" https://api.example.test/',
    });
    const conn = (await call<ConnectionSummary[]>('connections:list', {})).find(
      (c) => c.name === 'Acme',
    )!;
    now += PENDING_CREDENTIAL_TTL_MS + 1;
    const late = await core.dispatch(
      'imports:store-credential',
      { credentialRef: first.credential!.credentialRef, connectionId: conn.id },
      ctx,
    );
    expect(late).toMatchObject({ ok: false, error: { code: 'credential_expired' } });
    const second = await call<CurlImport>('imports:curl', {
      command: 'curl -u me:p4ssw0rd-xyz https://api.example.test/',
    });
    expect(
      await call('imports:discard-credential', { credentialRef: second.credential!.credentialRef }),
    ).toEqual({ discarded: true });
  });
});
