import postman from 'postman-collection';
import { describe, expect, it } from 'vitest';
import type { SavedRequest } from '../../preload/contract';
import type { CollectionContent } from '../../main/core/collections/collection-service';
import { POSTMAN_SCHEMA_V21, toPostman } from '../../main/core/imports/postman-export';

function req(over: Partial<SavedRequest>): SavedRequest {
  return {
    name: 'R',
    method: 'GET',
    url: 'threats',
    query: [],
    headers: [],
    body: { kind: 'none' },
    ...over,
  };
}

const meta = {
  id: 'col-0123456789abcdef',
  name: 'Export me',
  description: 'For the team.',
  variables: { pageSize: '50' },
  secretVariables: ['WEBHOOK_SECRET'],
};

function exportOf(items: CollectionContent[], source?: Parameters<typeof toPostman>[1]) {
  const { json, warnings } = toPostman({ meta, items, skipped: [] }, source);
  return { doc: JSON.parse(json), warnings };
}

const s1 = {
  kind: 'sentinelone' as const,
  scheme: 'ApiToken' as const,
  baseUrl: 'https://acme.sentinelone.net/web/api/v2.1',
};

describe('Postman v2.1 export', () => {
  it('names the connection credential as a variable and lists variables, secret ones empty', () => {
    const { doc, warnings } = exportOf(
      [{ kind: 'request', path: 'a.yaml', request: req({ name: 'List' }) }],
      s1,
    );
    expect(warnings).toEqual([]);
    expect(doc.info).toEqual({
      _postman_id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      name: 'Export me',
      description: 'For the team.',
      schema: POSTMAN_SCHEMA_V21,
    });
    expect(doc.auth.apikey[1]).toEqual({
      key: 'value',
      value: 'ApiToken {{S1_API_TOKEN}}',
      type: 'string',
    });
    expect(doc.variable.map((v: { key: string; value: string }) => `${v.key}=${v.value}`)).toEqual([
      `baseUrl=${s1.baseUrl}`,
      'pageSize=50',
      'S1_API_TOKEN=',
      'WEBHOOK_SECRET=',
    ]);
    // Stable: the same collection exports to the same document.
    expect(
      exportOf([{ kind: 'request', path: 'a.yaml', request: req({ name: 'List' }) }], s1).doc,
    ).toEqual(doc);
  });

  it('maps URLs, path placeholders, bodies and per-request auth', () => {
    const items: CollectionContent[] = [
      {
        kind: 'folder',
        name: 'Threats',
        description: 'Triage.',
        children: [
          {
            kind: 'request',
            path: 'Threats/t.yaml',
            request: req({
              name: 'Timeline',
              url: '/web/api/v2.1/threats/{threatId}/timeline',
              query: [
                { name: 'limit', value: '{{pageSize}}', enabled: true },
                { name: 'cursor', value: '', enabled: false },
              ],
            }),
          },
        ],
      },
      {
        kind: 'request',
        path: 'csv.yaml',
        request: req({
          name: 'CSV',
          method: 'POST',
          body: { kind: 'text', text: 'a,b', contentType: 'text/csv' },
        }),
      },
      {
        kind: 'request',
        path: 'form.yaml',
        request: req({
          name: 'Form',
          method: 'POST',
          url: 'https://other.example.test:8443/login',
          body: { kind: 'form', fields: [{ name: 'user', value: '{{user}}', enabled: true }] },
        }),
      },
      {
        kind: 'request',
        path: 'own.yaml',
        request: req({
          name: 'Own auth',
          headers: [{ name: 'Authorization', value: 'Bearer {{OTHER}}', enabled: true }],
        }),
      },
      {
        kind: 'request',
        path: 'gql.yaml',
        request: req({
          name: 'Alerts',
          method: 'POST',
          url: 'unifiedalerts/graphql',
          body: { kind: 'json', text: '{"query":"{ x }"}' },
          tags: ['gql'],
        }),
      },
    ];
    const { doc, warnings } = exportOf(items, s1);
    expect(warnings).toEqual(['Tags (on 1 request) have no place in Postman and were left out.']);
    const [threats, csv, form, own, gql] = doc.item;
    expect(threats).toMatchObject({ name: 'Threats', description: 'Triage.' });
    expect(threats.item[0].request.url).toEqual({
      raw: '{{baseUrl}}/threats/:threatId/timeline?limit={{pageSize}}',
      host: ['{{baseUrl}}'],
      path: ['threats', ':threatId', 'timeline'],
      query: [
        { key: 'limit', value: '{{pageSize}}' },
        { key: 'cursor', value: '', disabled: true },
      ],
      variable: [{ key: 'threatId', value: '' }],
    });
    expect(csv.request).toMatchObject({
      header: [{ key: 'Content-Type', value: 'text/csv' }],
      body: { mode: 'raw', raw: 'a,b', options: { raw: { language: 'text' } } },
    });
    expect(form.request.url).toMatchObject({
      raw: 'https://other.example.test:8443/login',
      protocol: 'https',
      port: '8443',
      path: ['login'],
    });
    expect(form.request.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [{ key: 'user', value: '{{user}}' }],
    });
    expect(own.request.auth).toEqual({ type: 'noauth' });
    // SentinelOne GraphQL takes the same token as a Bearer.
    expect(gql.request.auth).toEqual({
      type: 'bearer',
      bearer: [{ key: 'token', value: '{{S1_API_TOKEN}}', type: 'string' }],
    });
    // The Postman SDK reads it back with the same URLs.
    const sdk = new postman.Collection(doc);
    const urls: string[] = [];
    sdk.forEachItem((item) => urls.push(item.request.url.toString()));
    expect(urls).toEqual([
      '{{baseUrl}}/threats/:threatId/timeline?limit={{pageSize}}',
      '{{baseUrl}}/threats',
      'https://other.example.test:8443/login',
      '{{baseUrl}}/threats',
      '{{baseUrl}}/unifiedalerts/graphql',
    ]);
  });

  it('without a connection: no authorization, and it says so', () => {
    const { doc, warnings } = exportOf([{ kind: 'request', path: 'a.yaml', request: req({}) }]);
    expect(doc.auth).toBeUndefined();
    expect(doc.variable[0]).toEqual({ key: 'baseUrl', value: '', type: 'string' });
    expect(warnings).toEqual([expect.stringMatching(/No connection was chosen/)]);
  });
});
