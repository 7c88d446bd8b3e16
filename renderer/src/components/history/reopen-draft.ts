import type { HistoryRequest } from '../../../../preload/contract';
import { newRow, type KeyValueRow, type RequestDraft } from '../../explorer/request-draft';

/** What main writes in place of a credential-like value (main/core/history/scrub.ts). */
const REDACTED = '$REDACTED';

function rowsOf(list: HistoryRequest['query']): { rows: KeyValueRow[]; redacted: number } {
  let redacted = 0;
  const rows = list.map((r) => {
    const row = newRow(r.name, r.value);
    row.enabled = r.enabled;
    // A scrubbed value sent as typed would reach the tenant as "$REDACTED": off until refilled.
    if (r.value.includes(REDACTED)) {
      row.enabled = false;
      redacted += 1;
    }
    return row;
  });
  return { rows: [...rows, newRow()], redacted };
}

/**
 * A tab's draft from a kept request. `problems` say why it cannot simply be sent again
 * (redacted values, a cut body, a form body the explorer does not edit).
 */
export function draftFromHistory(request: HistoryRequest): {
  draft: RequestDraft;
  problems: string[];
} {
  const query = rowsOf(request.query);
  const headers = rowsOf(request.headers);
  const problems: string[] = [];
  const b = request.body;
  const bodyText = b.kind === 'json' || b.kind === 'text' ? b.text : '';
  const redacted =
    query.redacted +
    headers.redacted +
    (request.path.includes(REDACTED) ? 1 : 0) +
    (bodyText.includes(REDACTED) ? 1 : 0);
  if (redacted > 0) {
    problems.push(
      `${redacted} redacted value${redacted === 1 ? ' was' : 's were'} not kept in history (rows with one are turned off); fill them in before sending.`,
    );
  }
  if (request.bodyTruncated) problems.push('The body was cut at the history limit.');
  if (b.kind === 'form') problems.push('The form body cannot be edited in the explorer.');
  return {
    draft: {
      method: request.method,
      path: request.path,
      params: query.rows,
      headers: headers.rows,
      bodyText,
    },
    problems,
  };
}
