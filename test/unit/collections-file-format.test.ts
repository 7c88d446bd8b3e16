import { describe, expect, it } from 'vitest';
import type { SavedRequest } from '../../preload/contract';
import {
  parseCollectionMeta,
  serializeCollectionMeta,
} from '../../main/core/collections/collection-meta';
import { folderDirName, pathSegments, slugify } from '../../main/core/collections/collection-paths';
import { parseRequestFile, serializeRequest } from '../../main/core/collections/request-file';
import { findLiteralSecrets, isLiteralSecret } from '../../main/core/collections/secret-check';
import { isAppError } from '../../main/core/errors';

const full: SavedRequest = {
  name: 'Resolve a threat',
  method: 'POST',
  url: 'threats/incident',
  query: [
    { name: 'limit', value: '10', enabled: true },
    { name: 'cursor', value: '{{cursor}}', enabled: false },
  ],
  headers: [
    { name: 'Accept', value: 'application/json', enabled: true },
    { name: 'Authorization', value: 'ApiToken {{S1_API_TOKEN}}', enabled: true },
  ],
  body: {
    kind: 'json',
    text: '{\n  "filter": { "ids": ["{{threatId}}"] },\n  "data": { "incidentStatus": "resolved" }\n}\n',
  },
  connection: 'Demo — SentinelOne',
  description: 'Marks the threat resolved.\nSecond line.',
  tags: ['triage', 'threats'],
};

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('saved request file format', () => {
  it('writes readable YAML in a fixed key order, variables kept literally', () => {
    expect(serializeRequest(full)).toBe(
      [
        'version: 1',
        'name: Resolve a threat',
        'method: POST',
        'url: threats/incident',
        'query:',
        '  - name: limit',
        '    value: "10"',
        '  - name: cursor',
        '    value: "{{cursor}}"',
        '    enabled: false',
        'headers:',
        '  - name: Accept',
        '    value: application/json',
        '  - name: Authorization',
        '    value: ApiToken {{S1_API_TOKEN}}',
        'body:',
        '  kind: json',
        '  text: |',
        '    {',
        '      "filter": { "ids": ["{{threatId}}"] },',
        '      "data": { "incidentStatus": "resolved" }',
        '    }',
        'connection: Demo — SentinelOne',
        'description: |-',
        '  Marks the threat resolved.',
        '  Second line.',
        'tags:',
        '  - triage',
        '  - threats',
        '',
      ].join('\n'),
    );
  });

  it('reads back exactly what it wrote, and writes the same bytes again', () => {
    const text = serializeRequest(full);
    const { request, warnings } = parseRequestFile(text);
    expect(request).toEqual(full);
    expect(warnings).toEqual([]);
    expect(serializeRequest(request)).toBe(text);
  });

  it('leaves out empty parts and keeps awkward text intact', () => {
    const minimal: SavedRequest = {
      name: 'Ping',
      method: 'GET',
      url: 'https://example.test/health',
      query: [],
      headers: [],
      body: { kind: 'none' },
    };
    expect(serializeRequest(minimal)).toBe(
      'version: 1\nname: Ping\nmethod: GET\nurl: https://example.test/health\n',
    );
    for (const text of [
      '  leading\ntrailing  \n',
      'tab\there\n\n\n',
      'no newline',
      '',
      'a: b # c',
      'é ✓\r\nwin',
    ]) {
      const req: SavedRequest = {
        ...minimal,
        body: { kind: 'text', text, contentType: 'text/csv' },
      };
      expect(parseRequestFile(serializeRequest(req)).request).toEqual(req);
    }
    const form: SavedRequest = {
      ...minimal,
      body: { kind: 'form', fields: [{ name: 'a', value: '1 2', enabled: true }] },
    };
    expect(parseRequestFile(serializeRequest(form)).request).toEqual(form);
  });

  it('accepts hand-written scalars and reports unknown keys', () => {
    const { request, warnings } = parseRequestFile(
      'version: 1\nname: 42\nmethod: get\nurl: agents\nquery:\n  - name: limit\n    value: 5\nfavourite: true\n',
    );
    expect(request.name).toBe('42');
    expect(request.method).toBe('GET');
    expect(request.query).toEqual([{ name: 'limit', value: '5', enabled: true }]);
    expect(warnings).toEqual([expect.stringContaining('"favourite"')]);
  });

  it('refuses broken, foreign and newer files with a reason', () => {
    expect(code(() => parseRequestFile('version: 1\nname: [unclosed\n'))).toBe(
      'collection_file_invalid',
    );
    expect(code(() => parseRequestFile('name: x\nmethod: GET\nurl: a\n'))).toBe(
      'collection_file_invalid',
    );
    expect(code(() => parseRequestFile('version: 1\nname: x\nmethod: BREW\nurl: a\n'))).toBe(
      'collection_file_invalid',
    );
    expect(code(() => parseRequestFile('version: 2\nname: x\nmethod: GET\nurl: a\n'))).toBe(
      'newer_data',
    );
    // An alias bomb must not expand.
    const bomb = ['version: 1', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(10)
          .fill(i ? `*${'b'.repeat(i)}` : '*a')
          .join(',')}]`,
      );
    expect(code(() => parseRequestFile(bomb.join('\n')))).toBe('collection_file_invalid');
  });

  it('writes collection.yaml with sorted variables and secret names only', () => {
    const text = serializeCollectionMeta({
      name: 'Triage',
      variables: { limit: '50', baseSite: 'site-1' },
      secretVariables: ['S1_API_TOKEN'],
    });
    expect(text).toBe(
      'version: 1\nname: Triage\nvariables:\n  baseSite: site-1\n  limit: "50"\nsecretVariables:\n  - S1_API_TOKEN\n',
    );
    expect(parseCollectionMeta(text)).toEqual({
      name: 'Triage',
      variables: { baseSite: 'site-1', limit: '50' },
      secretVariables: ['S1_API_TOKEN'],
    });
  });
});

describe('names and paths', () => {
  it('slugifies request names into file names', () => {
    expect(slugify('List threats (unresolved)')).toBe('list-threats-unresolved');
    expect(slugify('Agents — Café / Wi-Fi')).toBe('agents-cafe-wi-fi');
    expect(slugify('!!!')).toBe('request');
    expect(slugify('x'.repeat(200))).toHaveLength(80);
  });

  it('cleans folder names and refuses paths that could leave the collection', () => {
    expect(folderDirName('Threats: triage/2')).toBe('Threats- triage-2');
    expect(folderDirName('..hidden')).toBe('hidden');
    expect(folderDirName('CON')).toBe('CON-');
    expect(pathSegments('a/b.yaml')).toEqual(['a', 'b.yaml']);
    expect(pathSegments('')).toEqual([]);
    for (const bad of [
      '../x.yaml',
      'a/../../x',
      '/etc/passwd',
      'C:/x',
      'a\\b',
      'a//b',
      '.git/config',
      'a/./b',
      'x\0y',
    ]) {
      expect(
        code(() => pathSegments(bad)),
        bad,
      ).toBe('collection_path_invalid');
    }
  });
});

describe('literal secrets', () => {
  const base: SavedRequest = {
    name: 'x',
    method: 'GET',
    url: 'threats',
    query: [],
    headers: [],
    body: { kind: 'none' },
  };

  it('allows variables and scheme words, flags literal values', () => {
    expect(isLiteralSecret('ApiToken {{S1_API_TOKEN}}')).toBe(false);
    expect(isLiteralSecret('Bearer {{ token }}')).toBe(false);
    expect(isLiteralSecret('Bearer $API_TOKEN')).toBe(false);
    expect(isLiteralSecret('')).toBe(false);
    expect(isLiteralSecret('ApiToken abc123')).toBe(true);
    expect(isLiteralSecret('{{a}}-literal')).toBe(true);
  });

  it('finds credentials in headers, query, URL, form and JSON bodies', () => {
    const found = findLiteralSecrets({
      ...base,
      url: 'https://user:pw@example.test/x?api_key=abc',
      headers: [
        { name: 'Authorization', value: 'ApiToken abc123', enabled: true },
        { name: 'X-Api-Key', value: 'k-123', enabled: false },
        { name: 'Cookie', value: 'session=1', enabled: true },
        { name: 'Accept', value: 'application/json', enabled: true },
        { name: 'X-Auth-Token', value: '{{tok}}', enabled: true },
      ],
      query: [
        { name: 'access_token', value: 'zzz', enabled: true },
        { name: 'limit', value: '10', enabled: true },
      ],
      body: {
        kind: 'json',
        text: '{"username":"admin","password":"hunter22","key":"env","value":"prod"}',
      },
    });
    expect(found.map((f) => `${f.where}:${f.name}`)).toEqual([
      'header:Authorization',
      'header:X-Api-Key',
      'header:Cookie',
      'query:access_token',
      'url:api_key',
      'url:user:password@',
      'JSON body:password',
    ]);
    expect(
      findLiteralSecrets({
        ...base,
        body: { kind: 'form', fields: [{ name: 'client_secret', value: 'abc', enabled: true }] },
      }),
    ).toHaveLength(1);
    expect(
      findLiteralSecrets({ ...base, body: { kind: 'json', text: '{"password": "{{password}}"}' } }),
    ).toEqual([]);
  });
});
