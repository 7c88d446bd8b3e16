import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCatalogs, type Catalogs } from '../../scripts/reference/catalog';
import { bodySchema, toOpenApi } from '../../scripts/reference/openapi';

// The export is checked field by field below; a full OpenAPI type would only repeat it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const BASE = join(import.meta.dirname, '../fixtures/catalog/base');

async function validate(doc: object): Promise<{ valid: boolean; errors?: unknown }> {
  return new Validator().validate(doc as Record<string, unknown>);
}

describe('OpenAPI 3.1 export of the real catalogs', () => {
  let catalogs: Catalogs;
  beforeAll(() => {
    catalogs = buildCatalogs();
  });

  it('is a valid OpenAPI 3.1 document for SentinelOne', async () => {
    const doc = toOpenApi(catalogs.sentinelone) as Json;
    const result = await validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths as Record<string, object>).flatMap(Object.keys);
    expect(operations).toHaveLength(catalogs.sentinelone.endpoints.length);
  });

  it('is a valid OpenAPI 3.1 document for Sentinel Secure X', async () => {
    const doc = toOpenApi(catalogs['sentinel-secure-x']) as Json;
    const result = await validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.components.securitySchemes.BearerJWT).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    );
    expect(doc.paths['/api/admin/login'].post.security).toEqual([]);
  });

  it('is checked by a validator that does reject a broken document', async () => {
    const doc = toOpenApi(catalogs.sentinelone) as Json;
    const broken = { ...doc, paths: { '/threats': { get: { responses: 'none' } } } };
    expect((await validate(broken)).valid).toBe(false);
  });
});

describe('OpenAPI export details (fixture catalog)', () => {
  let s1: Json;
  let ssx: Json;
  beforeAll(() => {
    const catalogs = buildCatalogs(BASE);
    s1 = toOpenApi(catalogs.sentinelone);
    ssx = toOpenApi(catalogs['sentinel-secure-x']);
  });

  it('validates', async () => {
    expect((await validate(s1)).valid).toBe(true);
    expect((await validate(ssx)).valid).toBe(true);
  });

  it('has the tenant as a server variable and ApiToken as an Authorization header', () => {
    expect(s1.servers).toEqual([
      {
        url: 'https://{tenant}.sentinelone.net/web/api/v2.1',
        variables: { tenant: expect.objectContaining({ default: 'your-tenant' }) },
      },
    ]);
    expect(s1.components.securitySchemes.ApiToken).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
    expect(s1.components.securitySchemes.ApiToken.description).toContain('ApiToken <token>');
    expect(s1.security).toEqual([{ ApiToken: [] }]);
    // GraphQL clients send Bearer; the export lets either scheme through there.
    expect(s1.paths['/unifiedalerts/graphql'].post.security).toEqual([
      { ApiToken: [] },
      { BearerToken: [] },
    ]);
  });

  it('writes csv arrays as form style without explode, with enums, defaults and bounds', () => {
    const list = s1.paths['/threats'].get;
    const param = (name: string) => list.parameters.find((p: Json) => p.name === name);
    expect(param('ids')).toEqual({
      name: 'ids',
      in: 'query',
      required: false,
      schema: { type: 'array', items: { type: 'string' } },
      style: 'form',
      explode: false,
    });
    expect(param('incidentStatuses').schema).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['unresolved', 'in_progress', 'resolved'] },
    });
    expect(param('limit')).toMatchObject({
      description: 'Items per page.',
      schema: { type: 'integer', default: 10, minimum: 1, maximum: 1000 },
    });
    expect(param('createdAt__gt').schema).toEqual({ type: 'string', format: 'date-time' });
    expect(list.operationId).toBe('webApiThreatsGet');
    expect(list['x-catalog-id']).toBe('sentinelone.threats.list');
    expect(list['x-permission']).toBe('Threats → View');
    expect(list['x-rate-limit']).toEqual({ pathPrefix: '/threats', perSecond: 10, burst: 50 });
    expect(list['x-verification']).toBe('verified');
    expect(list.tags).toEqual(['threats']);
    expect(list.responses['200'].content['application/json'].example).toEqual({
      data: [{ id: 'fixture-threat' }],
      pagination: { nextCursor: null, totalItems: 1 },
    });
    expect(s1.tags[0]).toEqual({
      name: 'threats',
      'x-displayName': 'Threats (fixture)',
      description: 'Threat triage, for the builder tests.',
    });
  });

  it('builds a nested body schema from dotted fields, with the example', () => {
    const body = s1.paths['/threats/incident'].post.requestBody;
    const media = body.content['application/json'];
    expect(body.required).toBe(true);
    expect(media.example).toEqual({ filter: { ids: ['1'] }, data: { incidentStatus: 'resolved' } });
    expect(media.schema.required).toEqual(['filter', 'data']);
    expect(media.schema.properties.filter).toEqual({
      type: 'object',
      properties: {
        ids: { type: 'array', items: { type: 'string' }, description: 'Threat ids.' },
        siteIds: { type: 'array', items: { type: 'string' } },
      },
      required: ['ids'],
    });
    expect(media.schema.properties.data.properties.incidentStatus).toEqual({
      type: 'string',
      enum: ['unresolved', 'in_progress', 'resolved'],
    });
    expect(media.schema.properties.data.required).toEqual(['incidentStatus']);
  });

  it('nests `name[]` fields as arrays of objects', () => {
    const schema = bodySchema([
      { name: 'data', type: 'array<object>', required: true },
      { name: 'data[].id', type: 'string', required: true },
      { name: 'data[].order', type: 'integer', required: false },
    ]);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        data: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, order: { type: 'integer' } },
            required: ['id'],
          },
        },
      },
      required: ['data'],
    });
  });

  it('sends form parameters as a multipart body and corrections as x-correction', () => {
    const upload = s1.paths['/exclusions/import'].post;
    expect(upload.parameters).toBeUndefined();
    expect(upload.requestBody.content['multipart/form-data'].schema).toEqual({
      type: 'object',
      properties: { filter: { type: 'string' }, file: { type: 'string', format: 'binary' } },
      required: ['file'],
    });
    const corrected = s1.paths['/threats/mark-as-resolved'].post;
    expect(corrected.deprecated).toBe(true);
    expect(corrected['x-correction']).toEqual({
      use: 'sentinelone.threats.set-incident-status',
      note: 'v2.1 has no mark-as-resolved; use POST /threats/incident.',
    });
  });

  it('carries Secure X permissions, audience and the protected flag', () => {
    const review = ssx.paths['/api/devices/{device_id}/identity-review'].post;
    expect(review['x-permission']).toBe('devices:review');
    expect(review['x-audience']).toBe('admin');
    expect(review['x-flags']).toEqual({ mutating: true, destructive: false, protected: true });
    expect(ssx.servers[0].url).toBe('https://{host}');
    expect(ssx.security).toEqual([{ BearerJWT: [] }]);
  });
});
