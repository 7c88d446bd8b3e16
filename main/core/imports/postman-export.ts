import { createHash } from 'node:crypto';
import postman from 'postman-collection';
import type { AuthScheme, ConnectionKind } from '../../../preload/schemas/connections';
import type { SavedRequest } from '../../../preload/schemas/collections';
import { isGraphqlPath, placeholderFor } from '../auth/placeholders';
import type { CollectionContent } from '../collections/collection-service';

/**
 * A collection as a Postman Collection v2.1 document. Requests on the
 * connection become `{{baseUrl}}/<path>`; the connection's credential is a
 * collection-level auth that names a variable (`{{S1_API_TOKEN}}`), never a
 * value; collection variables become Postman collection variables (secret
 * ones with an empty value, to be filled in a Postman environment or vault);
 * folders become item groups, in the collection's order.
 */
export const POSTMAN_SCHEMA_V21 =
  'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export interface PostmanAuthSource {
  kind: ConnectionKind;
  scheme: AuthScheme;
  baseUrl?: string;
}

type Json = Record<string, unknown>;

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function kv(list: SavedRequest['headers']): Json[] {
  return list.map((r) => ({
    key: r.name,
    value: r.value,
    ...(r.enabled ? {} : { disabled: true }),
  }));
}

/** `{id}` path segments (the explorer's placeholders) as Postman `:id` path variables. */
function pathSegments(path: string): { segments: string[]; variables: Json[] } {
  const variables: Json[] = [];
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^\{([A-Za-z_][\w-]*)\}$/.exec(s);
      if (!m) return s;
      variables.push({ key: m[1], value: '' });
      return `:${m[1]}`;
    });
  return { segments, variables };
}

function urlOf(req: SavedRequest, basePath: string): Json {
  const enabled = req.query.filter((q) => q.enabled);
  const queryText = enabled.length
    ? `?${enabled.map((q) => `${q.name}=${q.value}`).join('&')}`
    : '';
  const query = kv(req.query);
  const withoutQuery = req.url.trim().split('?')[0]!;
  let origin: string;
  let host: string[];
  let extra: Json = {};
  let path: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(withoutQuery)) {
    const parsed = postman.Url.parse(withoutQuery) as {
      protocol?: string;
      host?: string[];
      port?: string;
      path?: string[];
    };
    host = parsed.host ?? [];
    origin = `${parsed.protocol ? `${parsed.protocol}://` : ''}${host.join('.')}${parsed.port ? `:${parsed.port}` : ''}`;
    extra = {
      ...(parsed.protocol ? { protocol: parsed.protocol } : {}),
      ...(parsed.port ? { port: parsed.port } : {}),
    };
    path = (parsed.path ?? []).join('/');
  } else {
    // Relative to the connection, like the explorer's path field; a repeated base path is not doubled.
    path = `/${withoutQuery.replace(/^\/+/, '')}`;
    if (basePath && path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
    origin = '{{baseUrl}}';
    host = ['{{baseUrl}}'];
  }
  const { segments, variables } = pathSegments(path);
  return {
    raw: `${origin}/${segments.join('/')}${queryText}`,
    ...extra,
    host,
    path: segments,
    ...(query.length ? { query } : {}),
    ...(variables.length ? { variable: variables } : {}),
  };
}

function hasHeader(req: SavedRequest, name: string): boolean {
  return req.headers.some((h) => h.name.toLowerCase() === name.toLowerCase());
}

function bodyOf(req: SavedRequest, header: Json[]): Json | undefined {
  const b = req.body;
  if (b.kind === 'none') return undefined;
  if (b.kind === 'form') return { mode: 'urlencoded', urlencoded: kv(b.fields) };
  // The console's engine sets the content type from the body kind; Postman needs the header.
  const contentType =
    b.kind === 'json' ? 'application/json' : (b.contentType ?? 'text/plain; charset=utf-8');
  if (!hasHeader(req, 'content-type')) header.push({ key: 'Content-Type', value: contentType });
  return {
    mode: 'raw',
    raw: b.text,
    options: { raw: { language: b.kind === 'json' ? 'json' : 'text' } },
  };
}

function authFor(
  source: PostmanAuthSource | undefined,
  pathname?: string,
): { auth?: Json; variable?: string } {
  if (!source) return {};
  const p = placeholderFor(source.kind, source.scheme, pathname);
  if (!p) return { auth: { type: 'noauth' } };
  const variable = p.variable;
  const [scheme] = p.value.split(' ');
  if (scheme === 'Bearer') {
    return {
      auth: {
        type: 'bearer',
        bearer: [{ key: 'token', value: `{{${variable}}}`, type: 'string' }],
      },
      variable,
    };
  }
  return {
    auth: {
      type: 'apikey',
      apikey: [
        { key: 'key', value: p.name, type: 'string' },
        { key: 'value', value: `${scheme} {{${variable}}}`, type: 'string' },
        { key: 'in', value: 'header', type: 'string' },
      ],
    },
    variable,
  };
}

function basePathOf(baseUrl: string | undefined): string {
  if (!baseUrl) return '';
  try {
    return new URL(baseUrl).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

export function toPostman(
  content: {
    meta: {
      id: string;
      name: string;
      description?: string;
      variables: Record<string, string>;
      secretVariables: string[];
    };
    items: CollectionContent[];
    skipped: string[];
  },
  source?: PostmanAuthSource,
): { json: string; warnings: string[] } {
  const warnings: string[] = [];
  const basePath = basePathOf(source?.baseUrl);
  const collectionAuth = authFor(source);
  let tagged = 0;
  if (!source) {
    warnings.push(
      'No connection was chosen, so the export has no authorization; pick the connection the requests run on to add it as a {{variable}}.',
    );
  }

  const itemOf = (node: CollectionContent): Json => {
    if (node.kind === 'folder') {
      return {
        name: node.name,
        ...(node.description ? { description: node.description } : {}),
        item: node.children.map(itemOf),
      };
    }
    const req = node.request;
    if (req.tags?.length) tagged++;
    const header = kv(req.headers);
    const body = bodyOf(req, header);
    const url = urlOf(req, basePath);
    const request: Json = { method: req.method, header, url };
    if (body) request.body = body;
    if (req.description) request.description = req.description;
    if (hasHeader(req, 'authorization')) {
      // The request sets its own Authorization header: the collection's must not be added too.
      request.auth = { type: 'noauth' };
    } else if (
      source &&
      source.kind === 'sentinelone' &&
      isGraphqlPath(`/${(url.path as string[]).join('/')}`)
    ) {
      request.auth = authFor(source, '/graphql').auth;
    }
    return { name: req.name, request, response: [] };
  };

  const variable: Json[] = [{ key: 'baseUrl', value: source?.baseUrl ?? '', type: 'string' }];
  for (const [key, value] of Object.entries(content.meta.variables)) {
    variable.push({ key, value, type: 'string' });
  }
  const secretNames = new Set(content.meta.secretVariables);
  if (collectionAuth.variable) secretNames.add(collectionAuth.variable);
  for (const key of [...secretNames].sort()) {
    if (key in content.meta.variables) continue;
    variable.push({
      key,
      value: '',
      type: 'string',
      description: 'Secret: set it in a Postman environment or vault, never in the collection.',
    });
  }
  const doc: Json = {
    info: {
      _postman_id: uuidFrom(content.meta.id),
      name: content.meta.name,
      ...(content.meta.description ? { description: content.meta.description } : {}),
      schema: POSTMAN_SCHEMA_V21,
    },
    item: content.items.map(itemOf),
    ...(collectionAuth.auth ? { auth: collectionAuth.auth } : {}),
    variable,
  };
  if (tagged)
    warnings.push(
      `Tags (on ${tagged} request${tagged === 1 ? '' : 's'}) have no place in Postman and were left out.`,
    );
  if (content.skipped.length) {
    warnings.push(
      `${content.skipped.length} file${content.skipped.length === 1 ? '' : 's'} could not be read and ${content.skipped.length === 1 ? 'was' : 'were'} left out: ${content.skipped.slice(0, 5).join(', ')}.`,
    );
  }
  // The SDK reads the document back as Postman would: a shape it cannot load is our bug, not the operator's.
  new postman.Collection(doc as never);
  return { json: JSON.stringify(doc, null, 2) + '\n', warnings };
}
