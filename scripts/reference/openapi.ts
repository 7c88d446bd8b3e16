/**
 * OpenAPI 3.1 export of a catalog: what a code generator or another API tool reads. Our
 * catalog-only facts (verification status, corrections, permissions, rate limits) travel
 * as `x-` extensions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BodyField, Catalog, CatalogParam, Endpoint } from '../../preload/schemas/catalog';
import { buildCatalogs } from './catalog';

type Json = Record<string, unknown>;

const SERVER_VARIABLES: Record<string, { default: string; description: string }> = {
  tenant: {
    default: 'your-tenant',
    description: 'The part of your console address before .sentinelone.net (e.g. usea1-012).',
  },
  host: {
    default: 'sentinel.example.com',
    description: 'Host name (and port) of your Sentinel Secure X server.',
  },
};

/** A display type (`integer`, `date-time`, `array<string>`, …) as a JSON Schema. */
export function schemaForType(type: string): Json {
  const array = /^array<(.+)>$/.exec(type);
  if (array) return { type: 'array', items: schemaForType(array[1] as string) };
  switch (type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
    case 'object':
      return { type };
    case 'date-time':
    case 'date':
    case 'uuid':
    case 'uri':
    case 'email':
      return { type: 'string', format: type };
    case 'file':
      return { type: 'string', format: 'binary' };
    default:
      // A type we do not model (a vendor model name, free text): any value, named.
      return { 'x-type': type };
  }
}

function withEnum(schema: Json, values: readonly string[] | undefined): Json {
  if (!values) return schema;
  if (schema.type === 'array')
    return { ...schema, items: { ...(schema.items as Json), enum: [...values] } };
  return { ...schema, enum: [...values] };
}

function paramSchema(p: CatalogParam): Json {
  const schema = withEnum(schemaForType(p.type), p.enum);
  if (p.default !== undefined) schema.default = p.default;
  if (p.minimum !== undefined) schema.minimum = p.minimum;
  if (p.maximum !== undefined) schema.maximum = p.maximum;
  return schema;
}

function parameter(p: CatalogParam): Json {
  const out: Json = {
    name: p.name,
    in: p.in,
    required: p.in === 'path' ? true : p.required,
    schema: paramSchema(p),
  };
  if (p.description) out.description = p.description;
  if (p.example !== undefined) out.example = p.example;
  // `ids=1,2,3`, not `ids=1&ids=2&ids=3`.
  if (p.collectionFormat === 'csv') Object.assign(out, { style: 'form', explode: false });
  return out;
}

interface Node {
  field?: BodyField;
  /** Written `name[]`: an array whose items are the children. */
  arrayItems?: boolean;
  children: Map<string, Node>;
}

function nodeSchema(node: Node): Json {
  const field = node.field;
  const own = field ? withEnum(schemaForType(field.type), field.enum) : { type: 'object' };
  if (field?.description) own.description = field.description;
  if (node.children.size === 0) return own;
  const object: Json = {
    type: 'object',
    properties: Object.fromEntries(
      [...node.children].map(([name, child]) => [name, nodeSchema(child)]),
    ),
  };
  const required = [...node.children]
    .filter(([, child]) => child.field?.required)
    .map(([name]) => name);
  if (required.length > 0) object.required = required;
  if (node.arrayItems || own.type === 'array') {
    return {
      type: 'array',
      items: object,
      ...(own.description ? { description: own.description } : {}),
    };
  }
  return own.description ? { ...object, description: own.description } : object;
}

/** Dotted body fields (`filter.ids`, `data[].order`) as one nested JSON Schema. */
export function bodySchema(fields: readonly BodyField[]): Json {
  const root: Node = { children: new Map() };
  for (const field of fields) {
    let node = root;
    const segments = field.name.split('.');
    segments.forEach((segment, index) => {
      const name = segment.replace(/\[\]$/, '');
      let child = node.children.get(name);
      if (!child) {
        child = { children: new Map() };
        node.children.set(name, child);
      }
      if (segment.endsWith('[]') && index < segments.length - 1) child.arrayItems = true;
      if (index === segments.length - 1) child.field = field;
      node = child;
    });
  }
  return nodeSchema(root);
}

function requestBody(e: Endpoint): Json | undefined {
  const form = e.params.filter((p) => p.in === 'form');
  if (form.length > 0) {
    const properties = Object.fromEntries(form.map((p) => [p.name, paramSchema(p)]));
    const required = form.filter((p) => p.required).map((p) => p.name);
    const multipart = form.some((p) => p.type === 'file');
    return {
      content: {
        [multipart ? 'multipart/form-data' : 'application/x-www-form-urlencoded']: {
          schema: { type: 'object', properties, ...(required.length > 0 && { required }) },
        },
      },
    };
  }
  if (!e.body) return undefined;
  const media: Json = { schema: bodySchema(e.body.fields) };
  if (e.body.model) (media.schema as Json)['x-model'] = e.body.model;
  if (e.body.example !== undefined) media.example = e.body.example;
  return {
    required: e.body.fields.some((f) => f.required && !f.name.includes('.')),
    content: { [e.body.contentType]: media },
  };
}

function responses(e: Endpoint): Json {
  const status = String(e.response?.status ?? 200);
  const ok: Json = {
    description: e.response?.example === undefined ? 'Success.' : 'Success; see the example.',
  };
  if (e.response?.example !== undefined || e.response?.model) {
    const media: Json = {};
    if (e.response.model) media.schema = { 'x-model': e.response.model };
    if (e.response.example !== undefined) media.example = e.response.example;
    ok.content = { 'application/json': media };
  }
  return {
    [status]: ok,
    default: {
      description: "An error, in the product's error envelope.",
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
  };
}

function operation(e: Endpoint, catalog: Catalog): Json {
  const op: Json = {
    operationId: e.operationId ?? e.id,
    summary: e.summary,
    tags: [e.group],
    'x-catalog-id': e.id,
    'x-verification': e.status,
    'x-flags': e.flags,
  };
  if (e.description) op.description = e.description;
  const parameters = e.params.filter((p) => p.in !== 'form').map(parameter);
  if (parameters.length > 0) op.parameters = parameters;
  const body = requestBody(e);
  if (body) op.requestBody = body;
  op.responses = responses(e);
  if (e.status === 'corrected' || e.status === 'seed-only') op.deprecated = true;
  if (e.permission) op['x-permission'] = e.permission;
  if (e.audience) op['x-audience'] = e.audience;
  if (e.rateLimit) op['x-rate-limit'] = e.rateLimit;
  if (e.correction) op['x-correction'] = e.correction;
  if (e.seed) op['x-seed'] = e.seed;
  if (e.notes) op['x-notes'] = e.notes;
  if (catalog.product === 'sentinel-secure-x' && e.audience === 'public') op.security = [];
  // GraphQL clients send `Authorization: Bearer <token>`; consoles accept either there.
  if (catalog.product === 'sentinelone' && /\/graphql$/.test(e.path))
    op.security = [{ ApiToken: [] }, { BearerToken: [] }];
  return op;
}

function servers(catalog: Catalog): Json[] {
  const names = [...catalog.baseUrl.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const variables = Object.fromEntries(
    names.map((n) => [n, SERVER_VARIABLES[n] ?? { default: n, description: `Your ${n}.` }]),
  );
  return [{ url: catalog.baseUrl, ...(names.length > 0 && { variables }) }];
}

function components(catalog: Catalog): Json {
  if (catalog.product === 'sentinelone') {
    return {
      securitySchemes: {
        ApiToken: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'The header value is `ApiToken <token>` (a console user or service-user API token).',
        },
        BearerToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'GraphQL endpoints also accept `Authorization: Bearer <token>` with the same API token.',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  code: { type: 'integer', description: 'HTTP status × 10000 + 10, e.g. 4000010.' },
                  title: { type: 'string' },
                  detail: { type: 'string' },
                },
              },
            },
          },
        },
      },
    };
  }
  return {
    securitySchemes: {
      BearerJWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'The session token from POST /api/admin/login (or the passkey sign-in).',
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', description: 'Stable machine code, e.g. forbidden.' },
              message: { type: 'string' },
              details: {},
            },
          },
        },
      },
    },
  };
}

export function toOpenApi(catalog: Catalog): Json {
  const paths: Record<string, Json> = {};
  for (const e of catalog.endpoints) {
    const item = (paths[e.path] ??= {});
    item[e.method.toLowerCase()] = operation(e, catalog);
  }
  const s1 = catalog.product === 'sentinelone';
  return {
    openapi: '3.1.0',
    info: {
      title: catalog.title,
      version: s1 ? '2.1' : 'route-map',
      description: s1
        ? 'Exported from the Sentinel Operator Console catalog. Operations marked `x-verification: spec` come from the vendor specification and are not independently confirmed.'
        : 'Exported from the Sentinel Operator Console catalog of the Sentinel Secure X route map.',
    },
    servers: servers(catalog),
    security: [s1 ? { ApiToken: [] } : { BearerJWT: [] }],
    tags: catalog.groups.map((g) => ({
      name: g.id,
      'x-displayName': g.title,
      ...(g.description && { description: g.description }),
    })),
    paths,
    components: components(catalog),
  };
}

/** Writes `<outDir>/<product>.openapi.json` for both catalogs; returns the files. */
export function writeOpenApiExports(outDir: string, root?: string): string[] {
  const catalogs = buildCatalogs(root);
  mkdirSync(outDir, { recursive: true });
  return Object.values(catalogs).map((catalog) => {
    const file = join(outDir, `${catalog.product}.openapi.json`);
    writeFileSync(file, `${JSON.stringify(toOpenApi(catalog), null, 2)}\n`);
    return file;
  });
}

// `tsx scripts/reference/openapi.ts [outDir]` (default out/reference).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const file of writeOpenApiExports(resolve(process.argv[2] ?? 'out/reference')))
    console.log(`wrote ${file}`);
}
