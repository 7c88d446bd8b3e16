import type {
  UndefinedVariableDetails,
  VariableReference,
  VariableScopeKind,
} from '../../../preload/contract';
import type { KeyValueRow, RequestDraft } from './request-draft';

export type MarkerField = VariableReference['field'];

/**
 * One `{{name}}` placed back on the draft the operator edits. Main counts rows in the
 * spec it was given (only enabled rows with a name, names trimmed), so `rowId` is the
 * draft row that became that spec row, and offsets are in the draft's own text.
 */
export interface VariableMarker {
  name: string;
  field: MarkerField;
  rowId?: string;
  part?: 'name' | 'value';
  offset: number;
  length: number;
  /** 1-based line in the body text (body only). */
  line?: number;
  scope: VariableScopeKind | null;
  secret: boolean;
}

/** How the draft turned into the spec that was previewed or sent: which row is which. */
export interface DraftLayout {
  /** Characters `buildRequestSpec` trimmed off the front of the path. */
  pathLead: number;
  query: { id: string; nameLead: number; name: string }[];
  header: { id: string; nameLead: number; name: string }[];
  bodyText: string;
}

const lead = (text: string) => text.length - text.trimStart().length;

function sentRows(rows: readonly KeyValueRow[]) {
  // Mirrors toKeyValues(): the rows that reach main, in order.
  return rows
    .filter((r) => r.enabled && r.name.trim() !== '')
    .map((r) => ({ id: r.id, nameLead: lead(r.name), name: r.name.trim() }));
}

export function layoutOf(draft: RequestDraft): DraftLayout {
  return {
    pathLead: lead(draft.path),
    query: sentRows(draft.params),
    header: sentRows(draft.headers),
    bodyText: draft.bodyText,
  };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function markersOf(
  references: readonly VariableReference[],
  layout: DraftLayout,
): VariableMarker[] {
  return references.map((r) => {
    const base = { name: r.name, field: r.field, scope: r.scope, secret: r.secret };
    if (r.field === 'path')
      return { ...base, offset: r.offset + layout.pathLead, length: r.length };
    if (r.field === 'body' && r.row === undefined) {
      return {
        ...base,
        offset: r.offset,
        length: r.length,
        line: lineAt(layout.bodyText, r.offset),
      };
    }
    const rows = r.field === 'query' ? layout.query : r.field === 'header' ? layout.header : [];
    const row = r.row === undefined ? undefined : rows[r.row];
    const shift = r.part === 'name' ? (row?.nameLead ?? 0) : 0;
    return {
      ...base,
      rowId: row?.id,
      part: r.part,
      offset: r.offset + shift,
      length: r.length,
    };
  });
}

/** The unresolved names in one field (and row), each once, in order of use. */
export function unresolvedIn(
  markers: readonly VariableMarker[],
  field: MarkerField,
  rowId?: string,
): string[] {
  const names = markers
    .filter((m) => m.scope === null && m.field === field)
    .filter((m) => rowId === undefined || m.rowId === rowId)
    .map((m) => m.name);
  return [...new Set(names)];
}

/** Unresolved names per draft row of one table: `{ [row.id]: ['threatLimit'] }`. */
export function unresolvedByRow(
  markers: readonly VariableMarker[],
  field: 'query' | 'header',
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of markers) {
    if (m.scope !== null || m.field !== field || !m.rowId) continue;
    const list = (out[m.rowId] ??= []);
    if (!list.includes(m.name)) list.push(m.name);
  }
  return out;
}

/** Where a marker is, in the operator's words: `path`, `query "limit"`, `header "X-Id" name`, `body line 3`. */
export function whereText(marker: VariableMarker, layout: DraftLayout): string {
  if (marker.field === 'path') return 'path';
  if (marker.field === 'body') return marker.line ? `body line ${marker.line}` : 'body';
  const rows = marker.field === 'query' ? layout.query : layout.header;
  const row = rows.find((r) => r.id === marker.rowId);
  const label = marker.field === 'query' ? 'query' : 'header';
  if (!row) return label;
  return marker.part === 'name' ? `${label} name "${row.name}"` : `${label} "${row.name}"`;
}

/** Each unresolved name once, with every place it is used: `[{ name, where: ['path', 'body line 2'] }]`. */
export function unresolvedPlaces(
  markers: readonly VariableMarker[],
  layout: DraftLayout,
): { name: string; where: string[] }[] {
  const byName = new Map<string, string[]>();
  for (const m of markers) {
    if (m.scope !== null) continue;
    const where = byName.get(m.name) ?? [];
    const text = whereText(m, layout);
    if (!where.includes(text)) where.push(text);
    byName.set(m.name, where);
  }
  return [...byName].map(([name, where]) => ({ name, where }));
}

/** "Define {{threatLimit}} (path) before sending." — the Send button's reason, or null. */
export function blockedText(places: readonly { name: string; where: string[] }[]): string | null {
  if (places.length === 0) return null;
  const parts = places.map((p) => `{{${p.name}}} (${p.where.join(', ')})`);
  return `Define ${parts.join(', ')} before sending.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FIELDS: readonly string[] = ['path', 'query', 'header', 'body'];

/**
 * The `details` of an `undefined_variable` error, checked by hand (zod stays out of the
 * renderer bundle). Null when they are not what main sends; malformed references are dropped.
 */
export function readUndefinedVariable(details: unknown): UndefinedVariableDetails | null {
  if (!isRecord(details) || !Array.isArray(details.names) || !Array.isArray(details.references)) {
    return null;
  }
  const names = details.names.filter((n): n is string => typeof n === 'string');
  const references: VariableReference[] = [];
  for (const r of details.references) {
    if (!isRecord(r) || typeof r.name !== 'string' || !FIELDS.includes(r.field as string)) continue;
    if (typeof r.offset !== 'number' || typeof r.length !== 'number') continue;
    references.push({
      name: r.name,
      field: r.field as MarkerField,
      ...(typeof r.row === 'number' ? { row: r.row } : {}),
      ...(r.part === 'name' || r.part === 'value' ? { part: r.part } : {}),
      offset: r.offset,
      length: r.length,
      // Main lists every occurrence; the undefined ones are those named in `names`.
      scope: names.includes(r.name)
        ? null
        : r.scope === 'collection' || r.scope === 'connection' || r.scope === 'global'
          ? r.scope
          : null,
      secret: r.secret === true,
    });
  }
  return { names, references };
}
