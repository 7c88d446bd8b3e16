/**
 * Where variables may appear in a request: the path (or absolute URL), the names and
 * values of enabled query and header rows, and the body (JSON or text, or the enabled
 * fields of a form). Disabled rows are not sent, so they are neither resolved nor
 * reported. Values are inserted raw: in a JSON body, put a string variable inside
 * quotes (`"{{name}}"`) — it is not JSON-escaped for you, exactly like Postman.
 */
import type { KeyValue, RequestBody, VariableReference } from '../../../preload/contract';
import { findReferences, substitute } from './template';

/** The templated parts of a request spec; other fields pass through untouched. */
export interface TemplatedSpec {
  path: string;
  query: KeyValue[];
  headers: KeyValue[];
  body: RequestBody;
}

export type ReferenceLocation = Omit<VariableReference, 'scope' | 'secret'>;

/** Every reference in the spec, in reading order: path, query, headers, body. */
export function referencesIn(spec: TemplatedSpec): ReferenceLocation[] {
  const out: ReferenceLocation[] = [];
  const add = (text: string, where: Pick<ReferenceLocation, 'field' | 'row' | 'part'>): void => {
    for (const r of findReferences(text))
      out.push({ name: r.name, ...where, offset: r.offset, length: r.length });
  };
  add(spec.path, { field: 'path' });
  const rows = (field: 'query' | 'header' | 'body', list: readonly KeyValue[]) =>
    list.forEach((row, i) => {
      if (!row.enabled) return;
      add(row.name, { field, row: i, part: 'name' });
      add(row.value, { field, row: i, part: 'value' });
    });
  rows('query', spec.query);
  rows('header', spec.headers);
  if (spec.body.kind === 'json' || spec.body.kind === 'text')
    add(spec.body.text, { field: 'body' });
  if (spec.body.kind === 'form') rows('body', spec.body.fields);
  return out;
}

/** A copy of the spec with every reference replaced by `valueOf(name)` (undefined: left as typed). */
export function substituteSpec<T extends TemplatedSpec>(
  spec: T,
  valueOf: (name: string) => string | undefined,
): T {
  const sub = (text: string) => substitute(text, valueOf);
  const rows = (list: readonly KeyValue[]) =>
    list.map((row) => (row.enabled ? { ...row, name: sub(row.name), value: sub(row.value) } : row));
  let body: RequestBody = spec.body;
  if (body.kind === 'json' || body.kind === 'text') body = { ...body, text: sub(body.text) };
  else if (body.kind === 'form') body = { ...body, fields: rows(body.fields) };
  return {
    ...spec,
    path: sub(spec.path),
    query: rows(spec.query),
    headers: rows(spec.headers),
    body,
  };
}
