import postman from 'postman-collection';
import type { SavedRequest } from '../../../preload/schemas/collections';
import { SavedRequestSchema } from '../../../preload/schemas/collections';
import {
  isLiteralSecret,
  isSecretHeaderName,
  isSecretParamName,
  isSecretVariableName,
} from '../collections/secret-check';
import { AppError } from '../errors';

/**
 * A Postman Collection (v2.1, and v2.0, which differs only in how auth is
 * written) as saved request files: item groups become folders (their order
 * kept in `_folder.yaml`), `{{baseUrl}}/path` becomes a path relative to the
 * connection, auth (own or inherited) becomes a header that names a
 * `{{variable}}`, and any literal credential is replaced by a variable with a
 * warning, because collection files never hold secrets. Scripts are dropped.
 */
type Json = Record<string, unknown>;
type Row = SavedRequest['headers'][number];

export type PlanItem =
  | { kind: 'folder'; name: string; description?: string; children: PlanItem[] }
  | { kind: 'request'; request: SavedRequest };

export interface PostmanPlan {
  name: string;
  items: PlanItem[];
  variables: Record<string, string>;
  secretVariables: string[];
  warnings: string[];
}

const BASE_URL_VARIABLE = /^\{\{\s*(baseUrl|base_url|baseURL|url|host|apiUrl|api_url)\s*\}\}$/i;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isObject(v) && typeof v.content === 'string') return v.content;
  return '';
}

/** `{type, bearer: [{key, value}]}` (v2.1) or `{type, bearer: {token}}` (v2.0) as `{type, params}`. */
function authOf(raw: unknown): { type: string; params: Record<string, string> } | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string') return undefined;
  const section = raw[raw.type];
  const params: Record<string, string> = {};
  if (Array.isArray(section)) {
    for (const p of section)
      if (isObject(p) && typeof p.key === 'string') params[p.key] = text(p.value);
  } else if (isObject(section)) {
    for (const [k, v] of Object.entries(section)) params[k] = text(v);
  }
  return { type: raw.type, params };
}

function variableName(header: string): string {
  return (
    header
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'API_KEY'
  );
}

class Planner {
  readonly warnings: string[] = [];
  private scripts = 0;
  private readonly replaced = new Set<string>();

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** A credential value as a variable: kept if it already is one, replaced (and reported) if literal. */
  private safe(value: string, variable: string, where: string, scheme = ''): string {
    if (!isLiteralSecret(value)) return value;
    this.replaced.add(`${where} → {{${variable}}}`);
    return `${scheme}{{${variable}}}`;
  }

  private authRows(
    auth: ReturnType<typeof authOf>,
    name: string,
  ): { headers: Row[]; query: Row[] } {
    const none = { headers: [], query: [] };
    if (!auth || auth.type === 'noauth') return none;
    const p = auth.params;
    switch (auth.type) {
      case 'bearer':
        return {
          headers: [
            {
              name: 'Authorization',
              value: `Bearer ${this.safe(p.token ?? '', 'API_TOKEN', `"${name}" bearer token`)}`,
              enabled: true,
            },
          ],
          query: [],
        };
      case 'apikey': {
        const key = p.key || 'X-Api-Key';
        const raw = p.value ?? '';
        const scheme = /^(\S+)\s+/.exec(raw)?.[1];
        const secret = scheme ? raw.slice(scheme.length).trim() : raw;
        const hint = /^authorization$/i.test(key)
          ? scheme && /^apitoken$/i.test(scheme)
            ? 'S1_API_TOKEN'
            : 'API_TOKEN'
          : variableName(key);
        const value = `${scheme ? `${scheme} ` : ''}${this.safe(secret, hint, `"${name}" API key`)}`;
        const row = { name: key, value, enabled: true };
        return p.in === 'query' ? { headers: [], query: [row] } : { headers: [row], query: [] };
      }
      case 'basic':
        this.warn(
          'Basic auth became "Authorization: Basic {{API_BASIC_AUTH}}", which must hold base64(user:password); a connection with Basic auth is the easier way.',
        );
        return {
          headers: [{ name: 'Authorization', value: 'Basic {{API_BASIC_AUTH}}', enabled: true }],
          query: [],
        };
      default:
        this.warn(
          `"${auth.type}" auth is not imported; give the connection the credential instead.`,
        );
        return none;
    }
  }

  private bodyOf(body: Json | undefined, headers: Row[], name: string): SavedRequest['body'] {
    if (!body || body.disabled === true) return { kind: 'none' };
    const ctAt = headers.findIndex((h) => /^content-type$/i.test(h.name));
    const ct = ctAt >= 0 ? headers[ctAt]!.value : undefined;
    const drop = () => {
      if (ctAt >= 0) headers.splice(ctAt, 1);
    };
    const media = ct?.split(';')[0]!.trim().toLowerCase();
    switch (body.mode) {
      case 'raw': {
        const raw = text(body.raw);
        const options =
          isObject(body.options) && isObject(body.options.raw) ? body.options.raw : {};
        const isJson = media === 'application/json' || (!ct && options.language === 'json');
        if (isJson && (!ct || ct.trim().toLowerCase() === 'application/json')) {
          drop();
          return { kind: 'json', text: raw };
        }
        drop();
        return ct ? { kind: 'text', text: raw, contentType: ct } : { kind: 'text', text: raw };
      }
      case 'urlencoded':
      case 'formdata': {
        const list = Array.isArray(body[body.mode as string])
          ? (body[body.mode as string] as unknown[])
          : [];
        const fields: Row[] = [];
        for (const f of list) {
          if (!isObject(f) || typeof f.key !== 'string') continue;
          if (f.type === 'file') {
            this.warn(
              `File fields of "${name}" were left out (files are not part of a saved request).`,
            );
            continue;
          }
          fields.push({ name: f.key, value: text(f.value), enabled: f.disabled !== true });
        }
        if (body.mode === 'formdata') {
          this.warn(
            'Multipart form bodies became URL-encoded forms: the console does not send multipart bodies.',
          );
        }
        drop();
        return { kind: 'form', fields };
      }
      case 'graphql': {
        const g = isObject(body.graphql) ? body.graphql : {};
        let variables: unknown;
        try {
          variables =
            typeof g.variables === 'string' && g.variables.trim()
              ? JSON.parse(g.variables)
              : undefined;
        } catch {
          variables = g.variables;
        }
        this.warn('GraphQL bodies became JSON bodies ({"query", "variables"}).');
        drop();
        return {
          kind: 'json',
          text: JSON.stringify(
            { query: text(g.query), ...(variables !== undefined ? { variables } : {}) },
            null,
            2,
          ),
        };
      }
      default:
        if (body.mode) this.warn(`"${String(body.mode)}" bodies (of "${name}") are not imported.`);
        return { kind: 'none' };
    }
  }

  private urlOf(url: InstanceType<typeof postman.Url>, name: string): string {
    const host = url.getHost();
    const variables = new Map(url.variables.all().map((v) => [v.key, text(v.value)] as const));
    const path = url
      .getPath({ unresolved: true })
      .split('/')
      .map((seg) => {
        const m = /^:([A-Za-z_][\w-]*)$/.exec(seg);
        if (!m) return seg;
        const value = variables.get(m[1]!);
        return value ? value : `{${m[1]}}`;
      })
      .join('/');
    if (!url.protocol && BASE_URL_VARIABLE.test(host)) return path.replace(/^\/+/, '');
    if (!host) {
      this.warn(`"${name}" has no host; its path was kept as relative to the connection.`);
      return path.replace(/^\/+/, '');
    }
    const port = url.port ? `:${url.port}` : '';
    return `${url.protocol ? `${url.protocol}://` : ''}${host}${port}${path}`;
  }

  request(raw: Json, inherited: ReturnType<typeof authOf>): SavedRequest | undefined {
    const name = text(raw.name).trim() || 'Request';
    if (Array.isArray(raw.event) && raw.event.some((e) => isObject(e) && isObject(e.script)))
      this.scripts++;
    const def =
      typeof raw.request === 'string'
        ? { url: raw.request }
        : isObject(raw.request)
          ? raw.request
          : undefined;
    if (!def) {
      this.warn(`"${name}" has no request and was skipped.`);
      return undefined;
    }
    const req = new postman.Request(def as never);
    const method = String(req.method ?? 'GET').toUpperCase();
    const known = METHODS.find((m) => m === method);
    if (!known) {
      this.warn(
        `"${name}" uses ${method.slice(0, 20)}, which the console does not send; it was skipped.`,
      );
      return undefined;
    }
    const headers: Row[] = req.headers.all().map((h) => ({
      name: h.key ?? '',
      value: text(h.value),
      enabled: h.disabled !== true,
    }));
    const query: Row[] = req.url.query.all().map((q) => ({
      name: q.key ?? '',
      value: q.value ?? '',
      enabled: q.disabled !== true,
    }));
    for (const h of headers) {
      if (isSecretHeaderName(h.name)) {
        const scheme = /^\s*(\S+)\s+\S/.exec(h.value)?.[1];
        const secret = scheme ? h.value.trim().slice(scheme.length).trim() : h.value;
        const hint = /^authorization$/i.test(h.name)
          ? scheme && /^apitoken$/i.test(scheme)
            ? 'S1_API_TOKEN'
            : 'API_TOKEN'
          : variableName(h.name);
        h.value = `${scheme ? `${scheme} ` : ''}${this.safe(secret, hint, `"${name}" header ${h.name}`)}`;
      }
    }
    for (const q of query) {
      if (isSecretParamName(q.name)) {
        q.value = this.safe(q.value, variableName(q.name), `"${name}" query ${q.name}`);
      }
    }
    const own = authOf(def.auth);
    const auth = own ?? inherited;
    if (!headers.some((h) => /^authorization$/i.test(h.name))) {
      const rows = this.authRows(auth, name);
      headers.unshift(...rows.headers);
      query.push(...rows.query);
    }
    const body = this.bodyOf(isObject(def.body) ? def.body : undefined, headers, name);
    const description = text(def.description) || text(raw.description);
    const parsed = SavedRequestSchema.safeParse({
      name: name.slice(0, 200),
      method: known,
      url: this.urlOf(req.url, name),
      query,
      headers,
      body,
      ...(description ? { description } : {}),
    });
    if (!parsed.success) {
      this.warn(`"${name}" could not be imported: ${parsed.error.issues[0]!.message}.`);
      return undefined;
    }
    return parsed.data;
  }

  items(list: unknown, inherited: ReturnType<typeof authOf>, depth = 0): PlanItem[] {
    if (!Array.isArray(list)) return [];
    const out: PlanItem[] = [];
    for (const raw of list) {
      if (!isObject(raw)) continue;
      if (Array.isArray(raw.item)) {
        if (depth > 15) {
          this.warn('Folders nested deeper than 16 levels were left out.');
          continue;
        }
        if (Array.isArray(raw.event) && raw.event.length) this.scripts++;
        const description = text(raw.description);
        out.push({
          kind: 'folder',
          name: text(raw.name).trim() || 'Folder',
          ...(description ? { description } : {}),
          children: this.items(raw.item, authOf(raw.auth) ?? inherited, depth + 1),
        });
      } else {
        const request = this.request(raw, inherited);
        if (request) out.push({ kind: 'request', request });
      }
    }
    return out;
  }

  finish(): void {
    if (this.scripts) {
      this.warn(
        `Scripts (pre-request and test, on ${this.scripts} item${this.scripts === 1 ? '' : 's'}) were dropped: the console does not run Postman scripts.`,
      );
    }
    if (this.replaced.size) {
      this.warn(
        `Credentials written in clear were replaced by variables, never saved: ${[...this.replaced].slice(0, 8).join('; ')}. Keep their values in the keychain.`,
      );
    }
  }
}

/** Reads a Postman collection document into what will be written; nothing touches the disk. */
export function planPostmanImport(json: string): PostmanPlan {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new AppError('import_failed', `This is not JSON: ${(err as Error).message}.`);
  }
  if (!isObject(doc) || !isObject(doc.info) || !Array.isArray(doc.item)) {
    const v1 = isObject(doc) && Array.isArray(doc.requests);
    throw new AppError(
      'import_failed',
      v1
        ? 'This is a Postman v1 collection. Export it from Postman as "Collection v2.1" and import that.'
        : 'This is not a Postman collection (it needs "info" and "item"). Export it from Postman as "Collection v2.1".',
    );
  }
  const schema = text(doc.info.schema);
  if (schema && !/\/v2\.[01]\.\d+\//.test(schema)) {
    throw new AppError(
      'import_failed',
      `The collection format ${schema.slice(0, 120)} is not Postman v2.0 or v2.1.`,
    );
  }
  const planner = new Planner();
  const items = planner.items(doc.item, authOf(doc.auth));
  if (Array.isArray(doc.event) && doc.event.length)
    planner.warn('Collection-level scripts were dropped.');

  const variables: Record<string, string> = {};
  const secretVariables: string[] = [];
  if (Array.isArray(doc.variable)) {
    for (const v of doc.variable) {
      if (!isObject(v) || typeof v.key !== 'string' || v.disabled === true) continue;
      const key = v.key.trim();
      if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/.test(key)) {
        planner.warn(
          `The variable "${key.slice(0, 60)}" has a name the console cannot use; it was left out.`,
        );
        continue;
      }
      if (BASE_URL_VARIABLE.test(`{{${key}}}`)) continue; // the connection's base URL plays this part
      const value = text(v.value);
      if (v.type === 'secret' || isSecretVariableName(key)) {
        secretVariables.push(key);
        if (value)
          planner.warn(
            `The value of the secret variable "${key}" was not imported; keep it in the keychain.`,
          );
      } else {
        variables[key] = value;
      }
    }
  }
  planner.finish();
  return {
    name: text(doc.info.name) || 'Postman collection',
    items,
    variables,
    secretVariables,
    warnings: planner.warnings,
  };
}
