import type {
  HttpMethod,
  KeyValue,
  RequestBody,
  RequestSpec,
  SendInput,
} from '../../../preload/contract';
import { checkJson, jsonErrorMessage } from './json-check';

/** Kept here rather than read from the contract's zod enum so zod stays out of the first load. */
export const HTTP_METHODS: readonly HttpMethod[] = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
];

/** One editable row of the Params or Headers table; `id` keeps Vue's row identity stable. */
export interface KeyValueRow {
  id: string;
  name: string;
  value: string;
  enabled: boolean;
}

/** What the operator is composing in the explorer, independent of any connection. */
export interface RequestDraft {
  method: HttpMethod;
  path: string;
  params: KeyValueRow[];
  headers: KeyValueRow[];
  bodyText: string;
}

export type Built<T> = { ok: true; value: T } | { ok: false; bodyError: string };

let rowSeq = 0;

export function newRow(name = '', value = ''): KeyValueRow {
  rowSeq += 1;
  return { id: `row-${rowSeq}`, name, value, enabled: true };
}

export function emptyDraft(): RequestDraft {
  return { method: 'GET', path: '', params: [newRow()], headers: [newRow()], bodyText: '' };
}

/** Enabled rows with a name; blank trailing rows the table keeps for typing are not sent. */
export function toKeyValues(rows: readonly KeyValueRow[]): KeyValue[] {
  return rows
    .filter((row) => row.enabled && row.name.trim() !== '')
    .map((row) => ({ name: row.name.trim(), value: row.value, enabled: true }));
}

/** The inline message for the body, or null when it is empty or valid JSON. */
/** `{{name}}` placeholders as a JSON number, so `{"limit": {{n}}}` checks as the JSON it becomes. */
const VARIABLE = /\{\{\s*[A-Za-z_][A-Za-z0-9_.-]*\s*\}\}/g;

export function bodyErrorFor(text: string): string | null {
  if (text.trim() === '') return null;
  // Main checks again after resolving; here a variable stands in for any value it may hold.
  const check = checkJson(text.replace(VARIABLE, '0'));
  return check.ok ? null : jsonErrorMessage(check);
}

export function buildBody(text: string): Built<RequestBody> {
  if (text.trim() === '') return { ok: true, value: { kind: 'none' } };
  const error = bodyErrorFor(text);
  if (error) return { ok: false, bodyError: error };
  return { ok: true, value: { kind: 'json', text } };
}

/**
 * The request main will send. The path goes as typed (its query string too);
 * main appends the Params rows and adds the connection's auth itself.
 */
export function buildRequestSpec(draft: RequestDraft, connectionId: string): Built<RequestSpec> {
  const body = buildBody(draft.bodyText);
  if (!body.ok) return body;
  return {
    ok: true,
    value: {
      connectionId,
      method: draft.method,
      path: draft.path.trim(),
      query: toKeyValues(draft.params),
      headers: toKeyValues(draft.headers),
      body: body.value,
    },
  };
}

export function buildSendInput(
  draft: RequestDraft,
  connectionId: string,
  requestId: string,
): Built<SendInput> {
  const spec = buildRequestSpec(draft, connectionId);
  if (!spec.ok) return spec;
  return { ok: true, value: { ...spec.value, requestId } };
}

/** A request id main accepts (letters, digits, `_`, `-`). */
export function newRequestId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  return `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
