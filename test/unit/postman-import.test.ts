import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CollectionService } from '../../main/core/collections/collection-service';
import { isAppError } from '../../main/core/errors';
import { planPostmanImport, writePostmanPlan } from '../../main/core/imports/postman-import';

/** A small collection written by hand the way Postman exports v2.1. */
const handwritten = {
  info: {
    _postman_id: '5b7f2a1e-0000-4000-8000-000000000001',
    name: 'Acme SOC',
    schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
  },
  auth: {
    type: 'apikey',
    apikey: [
      { key: 'key', value: 'Authorization', type: 'string' },
      { key: 'value', value: 'ApiToken {{S1_API_TOKEN}}', type: 'string' },
      { key: 'in', value: 'header', type: 'string' },
    ],
  },
  event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: ['console.log(1)'] } }],
  variable: [
    { key: 'baseUrl', value: 'https://usea1-acme.sentinelone.net/web/api/v2.1' },
    { key: 'limit', value: '25' },
    { key: 'S1_API_TOKEN', value: 'literal-token-never-imported', type: 'secret' },
    { key: 'siteId', value: 42 },
  ],
  item: [
    {
      name: 'Threats',
      description: 'Daily triage.',
      item: [
        {
          name: 'List unresolved threats',
          event: [
            {
              listen: 'test',
              script: { exec: ['pm.test("ok", () => pm.response.to.have.status(200));'] },
            },
          ],
          request: {
            method: 'GET',
            header: [{ key: 'Accept', value: 'application/json' }],
            url: {
              raw: '{{baseUrl}}/threats?resolved=false&limit={{limit}}&cursor=',
              host: ['{{baseUrl}}'],
              path: ['threats'],
              query: [
                { key: 'resolved', value: 'false' },
                { key: 'limit', value: '{{limit}}' },
                { key: 'cursor', value: '', disabled: true },
              ],
            },
          },
        },
        {
          name: 'Resolve threat',
          request: {
            method: 'POST',
            header: [{ key: 'Content-Type', value: 'application/json' }],
            body: {
              mode: 'raw',
              raw: '{\n  "filter": { "ids": ["{{threatId}}"] },\n  "data": { "incidentStatus": "resolved" }\n}',
              options: { raw: { language: 'json' } },
            },
            url: '{{baseUrl}}/threats/incident',
          },
        },
        {
          name: 'Threat timeline',
          request: {
            method: 'GET',
            url: {
              raw: '{{baseUrl}}/threats/:threatId/timeline',
              host: ['{{baseUrl}}'],
              path: ['threats', ':threatId', 'timeline'],
              variable: [{ key: 'threatId', value: '' }],
            },
          },
        },
      ],
    },
    {
      name: 'Other API',
      auth: {
        type: 'bearer',
        bearer: [{ key: 'token', value: 'abc.def.ghi-literal', type: 'string' }],
      },
      item: [
        { name: 'Who am I', request: { method: 'GET', url: 'https://api.example.test/v1/me' } },
        {
          name: 'Public status',
          request: {
            method: 'GET',
            url: 'https://api.example.test/v1/status',
            auth: { type: 'noauth' },
          },
        },
        {
          name: 'Sign in',
          request: {
            method: 'POST',
            url: 'https://api.example.test/v1/login',
            auth: { type: 'noauth' },
            body: {
              mode: 'formdata',
              formdata: [
                { key: 'username', value: 'svc', type: 'text' },
                { key: 'password', value: '{{password}}', type: 'text' },
                { key: 'avatar', src: '/tmp/me.png', type: 'file' },
              ],
            },
          },
        },
      ],
    },
    {
      name: 'Ping',
      request: {
        method: 'GET',
        header: [{ key: 'X-Api-Key', value: 'k-literal-123' }],
        url: '{{baseUrl}}/system/status',
      },
    },
    {
      name: 'Alerts (GraphQL)',
      request: {
        method: 'POST',
        url: '{{baseUrl}}/unifiedalerts/graphql',
        body: {
          mode: 'graphql',
          graphql: { query: '{ alerts(first: 5) { totalCount } }', variables: '' },
        },
      },
    },
  ],
};

let service: CollectionService;
afterAll(() => service?.dispose());

describe('Postman v2.1 import', () => {
  it('writes one YAML file per request, folders in order, credentials only as {{variables}}', async () => {
    service = new CollectionService({
      dataDir: mkdtempSync(join(tmpdir(), 'soc-pm-data-')),
      onChanged: () => undefined,
      watch: { mode: 'off' },
    });
    const root = mkdtempSync(join(tmpdir(), 'soc-pm-'));
    const { id } = await service.openFolder(root, true, 'Imported');
    const result = await writePostmanPlan(
      service,
      id,
      '',
      planPostmanImport(JSON.stringify(handwritten)),
    );

    expect(result.folders).toEqual(['Threats', 'Other API']);
    expect(result.written.map((w) => w.path)).toEqual([
      'Threats/list-unresolved-threats.yaml',
      'Threats/resolve-threat.yaml',
      'Threats/threat-timeline.yaml',
      'Other API/who-am-i.yaml',
      'Other API/public-status.yaml',
      'Other API/sign-in.yaml',
      'ping.yaml',
      'alerts-graphql.yaml',
    ]);
    expect(result.variablesAdded).toEqual(['limit', 'siteId']);
    expect(result.secretVariablesAdded).toEqual(['S1_API_TOKEN']);
    expect(result.warnings).toEqual([
      expect.stringMatching(/File fields of "Sign in"/),
      expect.stringMatching(/Multipart form bodies/),
      'GraphQL bodies became JSON bodies ({"query", "variables"}).',
      'Collection-level scripts were dropped.',
      expect.stringMatching(/secret variable "S1_API_TOKEN" was not imported/),
      expect.stringMatching(/Scripts .* on 1 item\) were dropped/),
      expect.stringMatching(
        /replaced by variables.*"Who am I" bearer token → \{\{API_TOKEN\}\}.*"Ping" header X-Api-Key → \{\{X_API_KEY\}\}/,
      ),
    ]);

    const read = (p: string) => readFileSync(join(root, p), 'utf8');
    expect(read('Threats/list-unresolved-threats.yaml')).toBe(
      [
        'version: 1',
        'name: List unresolved threats',
        'method: GET',
        'url: threats',
        'query:',
        '  - name: resolved',
        '    value: "false"',
        '  - name: limit',
        '    value: "{{limit}}"',
        '  - name: cursor',
        '    value: ""',
        '    enabled: false',
        'headers:',
        '  - name: Authorization',
        '    value: ApiToken {{S1_API_TOKEN}}',
        '  - name: Accept',
        '    value: application/json',
        '',
      ].join('\n'),
    );
    expect(read('Threats/resolve-threat.yaml')).toBe(
      [
        'version: 1',
        'name: Resolve threat',
        'method: POST',
        'url: threats/incident',
        'headers:',
        '  - name: Authorization',
        '    value: ApiToken {{S1_API_TOKEN}}',
        'body:',
        '  kind: json',
        '  text: |-',
        '    {',
        '      "filter": { "ids": ["{{threatId}}"] },',
        '      "data": { "incidentStatus": "resolved" }',
        '    }',
        '',
      ].join('\n'),
    );
    expect(read('Threats/threat-timeline.yaml')).toContain('url: threats/{threatId}/timeline\n');
    expect(read('Threats/_folder.yaml')).toBe(
      'version: 1\ndescription: Daily triage.\norder:\n  - list-unresolved-threats.yaml\n  - resolve-threat.yaml\n  - threat-timeline.yaml\n',
    );
    expect(read('Other API/who-am-i.yaml')).toBe(
      [
        'version: 1',
        'name: Who am I',
        'method: GET',
        'url: https://api.example.test/v1/me',
        'headers:',
        '  - name: Authorization',
        '    value: Bearer {{API_TOKEN}}',
        '',
      ].join('\n'),
    );
    expect(read('Other API/public-status.yaml')).not.toContain('Authorization');
    expect(read('Other API/sign-in.yaml')).toContain(
      'body:\n  kind: form\n  fields:\n    - name: username\n      value: svc\n    - name: password\n      value: "{{password}}"\n',
    );
    expect(read('ping.yaml')).toContain('  - name: X-Api-Key\n    value: "{{X_API_KEY}}"\n');
    expect(read('alerts-graphql.yaml')).toContain('"query": "{ alerts(first: 5) { totalCount } }"');
    expect(read('collection.yaml')).toBe(
      'version: 1\nname: Imported\nvariables:\n  limit: "25"\n  siteId: "42"\nsecretVariables:\n  - S1_API_TOKEN\n',
    );

    // No literal credential anywhere in what was written.
    const everything = [
      ...readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8')),
    ].join('\n');
    for (const literal of [
      'literal-token-never-imported',
      'abc.def.ghi-literal',
      'k-literal-123',
    ]) {
      expect(everything).not.toContain(literal);
    }

    // The tree shows the Postman order, not the alphabetical one.
    const [summary] = (await service.list(id)).collections;
    const threats = summary!.tree.find((n) => n.kind === 'folder' && n.path === 'Threats');
    expect(threats?.kind === 'folder' && threats.children.map((c) => c.name)).toEqual([
      'List unresolved threats',
      'Resolve threat',
      'Threat timeline',
    ]);

    // Importing again never overwrites: new folders, new files.
    const twice = await writePostmanPlan(
      service,
      id,
      '',
      planPostmanImport(JSON.stringify(handwritten)),
    );
    expect(twice.folders).toEqual(['Threats (2)', 'Other API (2)']);
    expect(twice.variablesAdded).toEqual([]);
  });

  it('refuses what is not a Postman v2 collection, with what to do', () => {
    const code = (json: string) => {
      try {
        planPostmanImport(json);
      } catch (err) {
        return isAppError(err) ? `${err.code}: ${err.message}` : String(err);
      }
      return 'accepted';
    };
    expect(code('{')).toMatch(/^import_failed: This is not JSON/);
    expect(code(JSON.stringify({ id: 'x', name: 'old', requests: [] }))).toMatch(
      /Postman v1 collection/,
    );
    expect(code(JSON.stringify({ openapi: '3.1.0' }))).toMatch(/not a Postman collection/);
    expect(
      code(
        JSON.stringify({
          info: { name: 'x', schema: 'https://example.test/v3.0.0/c.json' },
          item: [],
        }),
      ),
    ).toMatch(/not Postman v2\.0 or v2\.1/);
  });

  it('reads v2.0 auth objects and string URLs', () => {
    const plan = planPostmanImport(
      JSON.stringify({
        info: {
          name: 'v2.0',
          schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json',
        },
        auth: { type: 'bearer', bearer: { token: '{{tok}}' } },
        item: [{ name: 'Agents', request: '{{baseUrl}}/agents?limit=5' }],
      }),
    );
    expect(plan.items).toEqual([
      {
        kind: 'request',
        request: {
          name: 'Agents',
          method: 'GET',
          url: 'agents',
          query: [{ name: 'limit', value: '5', enabled: true }],
          headers: [{ name: 'Authorization', value: 'Bearer {{tok}}', enabled: true }],
          body: { kind: 'none' },
        },
      },
    ]);
  });
});
