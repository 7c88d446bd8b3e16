import { describe, expect, it } from 'vitest';
import type { Catalog, Endpoint } from '../../preload/contract';
import {
  findEndpoint,
  hintFor,
  productOfEndpointId,
  tryItDraft,
  unfilledPathParams,
} from '../../renderer/src/reference/endpoint-match';
import { highlightParts } from '../../renderer/src/reference/highlight';
import { formatRoute, parseHash, type Route } from '../../renderer/src/router/routes';

function endpoint(over: Partial<Endpoint>): Endpoint {
  return {
    id: 'sentinelone.threats.list',
    product: 'sentinelone',
    method: 'GET',
    path: '/threats',
    group: 'threats',
    summary: 'List threats',
    description: '',
    params: [],
    flags: { mutating: false, destructive: false, protected: false },
    status: 'verified',
    documented: false,
    ...over,
  };
}

const catalog: Catalog = {
  product: 'sentinelone',
  version: 1,
  title: 'SentinelOne',
  baseUrl: 'https://{tenant}.sentinelone.net/web/api/v2.1',
  groups: [{ id: 'threats', title: 'Threats', description: '' }],
  endpoints: [
    endpoint({}),
    endpoint({ id: 'sentinelone.threats.timeline', path: '/threats/{id}/timeline' }),
    endpoint({ id: 'sentinelone.threats.by-id', path: '/threats/{id}' }),
    endpoint({ id: 'sentinelone.threats.export', path: '/threats/export' }),
    endpoint({
      id: 'sentinelone.threats.mark-as-resolved',
      method: 'POST',
      path: '/threats/mark-as-resolved',
      status: 'corrected',
      correction: {
        use: 'sentinelone.threats.set-incident-status',
        note: 'v2.1 has no mark-as-resolved; resolve with POST /threats/incident.',
      },
    }),
    endpoint({
      id: 'sentinelone.threats.seed-webhooks',
      path: '/notification-schema/connections',
      status: 'seed-only',
    }),
  ],
};

describe('routes', () => {
  it.each<[string, Route]>([
    ['#/explorer', { view: 'explorer' }],
    ['#/audit', { view: 'audit' }],
    ['#/docs', { view: 'reference', place: { kind: 'home' } }],
    ['#/docs/pagination', { view: 'reference', place: { kind: 'doc', id: 'pagination' } }],
    [
      '#/docs/pagination/fetch-all',
      { view: 'reference', place: { kind: 'doc', id: 'pagination', anchor: 'fetch-all' } },
    ],
    [
      '#/api/sentinelone.threats.list',
      { view: 'reference', place: { kind: 'endpoint', id: 'sentinelone.threats.list' } },
    ],
    [
      '#/api/sentinelone',
      { view: 'reference', place: { kind: 'product', product: 'sentinelone' } },
    ],
    [
      '#/api/sentinel-secure-x/devices',
      {
        view: 'reference',
        place: { kind: 'group', product: 'sentinel-secure-x', group: 'devices' },
      },
    ],
  ])('%s parses and formats back', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
    expect(formatRoute(route)).toBe(hash);
  });

  it.each(['', '#', '#/nope', '#/api/nope', '#/explorer/extra'])('%s is not a route', (hash) => {
    expect(parseHash(hash)).toBeNull();
  });
});

describe('matching requests to the catalog', () => {
  it('finds the endpoint from a full URL path, literals before parameters', () => {
    expect(findEndpoint(catalog, 'GET', '/web/api/v2.1/threats/export')?.id).toBe(
      'sentinelone.threats.export',
    );
    expect(findEndpoint(catalog, 'GET', '/web/api/v2.1/threats/123/timeline')?.id).toBe(
      'sentinelone.threats.timeline',
    );
    expect(findEndpoint(catalog, 'get', '/web/api/v2.1/threats?limit=1')?.id).toBe(
      'sentinelone.threats.list',
    );
    expect(findEndpoint(catalog, 'DELETE', '/web/api/v2.1/threats')).toBeUndefined();
  });

  it('explains a 404/405 on a corrected or seed-only endpoint, and nothing else', () => {
    expect(hintFor(catalog, 'POST', '/web/api/v2.1/threats/mark-as-resolved', 404)).toEqual({
      endpointId: 'sentinelone.threats.mark-as-resolved',
      status: 'corrected',
      note: 'v2.1 has no mark-as-resolved; resolve with POST /threats/incident.',
      useId: 'sentinelone.threats.set-incident-status',
    });
    expect(
      hintFor(catalog, 'GET', '/web/api/v2.1/notification-schema/connections', 405),
    ).toMatchObject({ status: 'seed-only' });
    expect(hintFor(catalog, 'POST', '/web/api/v2.1/threats/mark-as-resolved', 500)).toBeNull();
    expect(hintFor(catalog, 'GET', '/web/api/v2.1/threats', 404)).toBeNull();
  });

  it('tells the product from an endpoint id', () => {
    expect(productOfEndpointId('sentinelone.threats.list')).toBe('sentinelone');
    expect(productOfEndpointId('ssx.devices.list')).toBe('sentinel-secure-x');
    expect(productOfEndpointId('other.x.y')).toBeNull();
  });
});

describe('Try-it drafts', () => {
  it('keeps path placeholders, fills query defaults and required params, pretty-prints the body', () => {
    const draft = tryItDraft(
      endpoint({
        method: 'POST',
        path: '/threats/{id}/notes',
        params: [
          { name: 'id', in: 'path', type: 'string', required: true },
          { name: 'limit', in: 'query', type: 'integer', required: false, default: 10 },
          { name: 'siteIds', in: 'query', type: 'array<string>', required: true },
          { name: 'cursor', in: 'query', type: 'string', required: false },
        ],
        body: { contentType: 'application/json', fields: [], example: { data: { text: 'x' } } },
      }),
    );
    expect(draft).toEqual({
      product: 'sentinelone',
      method: 'POST',
      path: 'threats/{id}/notes',
      params: [
        { name: 'limit', value: '10' },
        { name: 'siteIds', value: '' },
      ],
      body: '{\n  "data": {\n    "text": "x"\n  }\n}',
    });
    expect(unfilledPathParams(draft.path)).toEqual(['id']);
    expect(unfilledPathParams('threats/123/notes?x={y}')).toEqual([]);
  });
});

describe('highlighting', () => {
  it('marks every matched term, case-insensitively, longest first, without parsing HTML', () => {
    expect(highlightParts('POST /dv/cancel-query', ['cancel', 'cancel-query', 'dv'])).toEqual([
      { text: 'POST /', hit: false },
      { text: 'dv', hit: true },
      { text: '/', hit: false },
      { text: 'cancel-query', hit: true },
    ]);
    expect(highlightParts('<b>Pagination</b>', ['pagination'])).toEqual([
      { text: '<b>', hit: false },
      { text: 'Pagination', hit: true },
      { text: '</b>', hit: false },
    ]);
    expect(highlightParts('text', [])).toEqual([{ text: 'text', hit: false }]);
  });
});
