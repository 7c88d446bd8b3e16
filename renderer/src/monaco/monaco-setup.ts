/**
 * Everything Monaco needs, in one module that is only ever imported
 * dynamically: it becomes the lazy chunk and stays out of the first load.
 *
 * Lean on purpose (monaco-editor >= 0.56 entry points): the editor API, a few
 * editing features and the JSON language with its worker. The full
 * `monaco-editor` entry would pull every language and worker (~15 MB).
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/placeholderText/register';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
// The JSON language loads its worker manager on first use, and that module registers every
// editor contribution and its services. Registered that late, a service such as the
// code-lens cache is unknown to the editors created afterwards ("depends on UNKNOWN
// service"); imported here, everything is registered before the first editor exists.
import 'monaco-editor/internal/common/workers';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

// Workers are bundled files served by the app itself: CSP allows 'self', never a CDN.
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

export { monaco };
export type Monaco = typeof monaco;

/**
 * JSON Schemas by model URI. Monaco's JSON settings are global, so every editor that
 * validates registers here and the whole set is applied again on each change.
 */
const schemas = new Map<string, Record<string, unknown>>();

function applySchemas(): void {
  jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false, // never fetch a schema from the network
    schemas: [...schemas].map(([uri, schema]) => ({
      uri: `${uri}#schema`,
      fileMatch: [uri],
      schema,
    })),
  });
}

export function setModelSchema(modelUri: string, schema: Record<string, unknown> | null): void {
  if (schema) schemas.set(modelUri, schema);
  else schemas.delete(modelUri);
  applySchemas();
}
