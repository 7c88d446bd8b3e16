import type { SavedRequest, SavedRequestInput } from '../../../preload/contract';
import { newRow, type KeyValueRow, type RequestDraft } from '../explorer/request-draft';

function rowsOf(list: SavedRequest['query']): KeyValueRow[] {
  return [...list.map((r) => ({ ...newRow(r.name, r.value), enabled: r.enabled })), newRow()];
}

function keyValues(rows: readonly KeyValueRow[]) {
  return rows
    .filter((r) => r.name.trim() !== '' || r.value !== '')
    .map((r) => ({ name: r.name.trim(), value: r.value, enabled: r.enabled }));
}

/** A saved request as an explorer draft; a form body is shown as the JSON of its fields. */
export function draftFromSaved(saved: SavedRequest): { draft: RequestDraft; note?: string } {
  const body = saved.body;
  let bodyText = '';
  let note: string | undefined;
  if (body.kind === 'json' || body.kind === 'text') bodyText = body.text;
  if (body.kind === 'form') {
    bodyText = JSON.stringify(
      Object.fromEntries(body.fields.map((f) => [f.name, f.value])),
      null,
      2,
    );
    note = 'This request has a form body; the explorer shows and sends it as JSON.';
  }
  return {
    draft: {
      method: saved.method,
      path: saved.url,
      params: rowsOf(saved.query),
      headers: rowsOf(saved.headers),
      bodyText,
    },
    note,
  };
}

/** What Save writes: the draft as typed (variables by name), plus its name and connection. */
export function savedFromDraft(
  draft: RequestDraft,
  name: string,
  connectionName?: string,
): SavedRequestInput {
  const text = draft.bodyText;
  return {
    name,
    method: draft.method,
    url: draft.path.trim(),
    query: keyValues(draft.params),
    headers: keyValues(draft.headers),
    body: text.trim() ? { kind: 'json', text } : { kind: 'none' },
    ...(connectionName ? { connection: connectionName } : {}),
  };
}
