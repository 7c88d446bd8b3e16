import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { SavedRequestSchema, type SavedRequest } from '../../../preload/schemas/collections';
import { AppError } from '../errors';

/**
 * The on-disk format of one saved request: a YAML file meant to be read in a
 * diff and committed. Keys always come in the same order, empty parts are
 * left out, and serializing the same request twice gives the same bytes, so a
 * save that changes nothing changes no file.
 *
 * ```yaml
 * version: 1
 * name: List unresolved threats
 * method: GET
 * url: threats
 * query:
 *   - name: resolved
 *     value: "false"
 * headers:
 *   - name: Authorization
 *     value: ApiToken {{S1_API_TOKEN}}
 * connection: Demo — SentinelOne
 * ```
 */
export const REQUEST_FILE_VERSION = 1;

/** The largest request file main reads (a saved body beyond this belongs in a file of its own). */
export const MAX_REQUEST_FILE_BYTES = 12 * 1024 * 1024;

const STRINGIFY: YAML.DocumentOptions & YAML.SchemaOptions & YAML.ToStringOptions = {
  // No folding of long lines and literal blocks for multi-line text: what you see is the value.
  lineWidth: 0,
  minContentWidth: 0,
  blockQuote: 'literal',
  indentSeq: true,
};

const PARSE: YAML.ParseOptions & YAML.DocumentOptions & YAML.SchemaOptions = {
  uniqueKeys: true,
  prettyErrors: true,
};

export function toYaml(value: unknown): string {
  return YAML.stringify(value, STRINGIFY);
}

type Row = SavedRequest['query'][number];

function rows(list: readonly Row[]): Record<string, unknown>[] {
  return list.map((r) =>
    r.enabled ? { name: r.name, value: r.value } : { name: r.name, value: r.value, enabled: false },
  );
}

/** The document a request becomes, keys in file order. */
function requestDocument(req: SavedRequest): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    version: REQUEST_FILE_VERSION,
    name: req.name,
    method: req.method,
    url: req.url,
  };
  if (req.query.length) doc.query = rows(req.query);
  if (req.headers.length) doc.headers = rows(req.headers);
  const body = req.body;
  if (body.kind === 'json') doc.body = { kind: 'json', text: body.text };
  if (body.kind === 'text') {
    doc.body = body.contentType
      ? { kind: 'text', contentType: body.contentType, text: body.text }
      : { kind: 'text', text: body.text };
  }
  if (body.kind === 'form') doc.body = { kind: 'form', fields: rows(body.fields) };
  if (req.connection) doc.connection = req.connection;
  if (req.description) doc.description = req.description;
  if (req.tags?.length) doc.tags = [...req.tags];
  return doc;
}

export function serializeRequest(req: SavedRequest): string {
  return toYaml(requestDocument(SavedRequestSchema.parse(req)));
}

const TOP_LEVEL = new Set([
  'version',
  'name',
  'method',
  'url',
  'query',
  'headers',
  'body',
  'connection',
  'description',
  'tags',
]);

/** A hand-written `value: 10` or `enabled: no`-style scalar read as the text the operator meant. */
function asText(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function textRows(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((r) =>
    r && typeof r === 'object' && !Array.isArray(r)
      ? { ...r, name: asText((r as Row).name), value: asText((r as Row).value ?? '') }
      : r,
  );
}

/** Parses YAML text into a plain value, turning syntax errors into one readable sentence. */
export function parseYaml(text: string, what: string): unknown {
  const doc = YAML.parseDocument(text, PARSE);
  if (doc.errors.length) {
    const first = doc.errors[0]!;
    const where = first.linePos?.[0] ? ` (line ${first.linePos[0].line})` : '';
    throw new AppError(
      'collection_file_invalid',
      `${what} is not valid YAML${where}: ${first.message.split('\n')[0]}. Fix the file (a merge conflict?) and reload.`,
    );
  }
  try {
    // A hand-edited (or hostile) file must not expand into gigabytes through aliases.
    return doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    throw new AppError(
      'collection_file_invalid',
      `${what} cannot be read: ${(err as Error).message.split('\n')[0]}.`,
    );
  }
}

/** Checks a file's `version`: a newer one is left alone (`newer_data`), a bad one is invalid. */
export function checkVersion(raw: unknown, what: string, current: number): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('collection_file_invalid', `${what} is not a YAML mapping.`);
  }
  const doc = raw as Record<string, unknown>;
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new AppError('collection_file_invalid', `${what} has no valid "version: ${current}".`);
  }
  if (version > current) {
    throw new AppError(
      'newer_data',
      `${what} was written by a newer console (format ${version}; this one reads ${current}). It is left untouched: update the console to edit it.`,
    );
  }
  return doc;
}

export interface ParsedRequestFile {
  request: SavedRequest;
  /** Keys the console does not know; they are dropped if the request is saved again. */
  warnings: string[];
}

export function parseRequestFile(text: string, what = 'The request file'): ParsedRequestFile {
  const doc = checkVersion(parseYaml(text, what), what, REQUEST_FILE_VERSION);
  const warnings: string[] = [];
  const known: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'version') continue;
    if (!TOP_LEVEL.has(key)) {
      warnings.push(`Unknown key "${key.slice(0, 60)}" ignored (it is dropped on the next save).`);
      continue;
    }
    known[key] = value;
  }
  for (const key of ['name', 'url', 'connection', 'description'] as const) {
    if (key in known) known[key] = asText(known[key]);
  }
  if (Array.isArray(known.tags)) known.tags = known.tags.map(asText);
  known.query = textRows(known.query ?? []);
  known.headers = textRows(known.headers ?? []);
  if (known.body && typeof known.body === 'object' && !Array.isArray(known.body)) {
    const body = { ...(known.body as Record<string, unknown>) };
    if ('text' in body) body.text = asText(body.text);
    if ('fields' in body) body.fields = textRows(body.fields);
    known.body = body;
  }
  if (typeof known.method === 'string') known.method = known.method.toUpperCase();
  const parsed = SavedRequestSchema.safeParse(known);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      'collection_file_invalid',
      `${what} is not a saved request: ${issue.path.join('.') || '(top level)'}: ${issue.message}.`,
      parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    );
  }
  return { request: parsed.data, warnings };
}

/** Identifies a file's content (first 16 hex of its SHA-256), to notice changes made on disk. */
export function revisionOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}
