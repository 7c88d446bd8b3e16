/**
 * Collections as files, and the imports/exports around them (cURL, Postman v2.1).
 *
 * A saved request is one YAML file in a folder the operator picked; these are
 * the shapes main and the renderer exchange about them. Paths are always
 * relative to the collection's root, with `/` separators (`threats/list.yaml`;
 * the root folder is `''`). Nothing here ever carries a secret value.
 */
import { z } from 'zod';

// Restated here (not imported from contract.ts, which imports this file) with the same shapes.
const Method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export const SavedKeyValueSchema = z
  .object({
    name: z.string().max(4096),
    value: z.string().max(65536),
    enabled: z.boolean().default(true),
  })
  .strict();

export const SavedBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('json'), text: z.string().max(10_000_000) }).strict(),
  z
    .object({
      kind: z.literal('text'),
      text: z.string().max(10_000_000),
      contentType: z.string().max(256).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('form'), fields: z.array(SavedKeyValueSchema).max(1000) }).strict(),
]);

/** One saved request, as the file holds it (minus `version`). `{{name}}` variables stay literal. */
export const SavedRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    method: Method,
    /** Relative to the connection's base URL (`threats`), like the explorer's path field, or absolute. */
    url: z.string().max(16_384),
    query: z.array(SavedKeyValueSchema).max(500).default([]),
    headers: z.array(SavedKeyValueSchema).max(500).default([]),
    body: SavedBodySchema.default({ kind: 'none' }),
    /** A connection's name (or id) to preselect when the request is opened; never credentials. */
    connection: z.string().max(200).optional(),
    description: z.string().max(100_000).optional(),
    tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  })
  .strict();
export type SavedRequest = z.output<typeof SavedRequestSchema>;
export type SavedRequestInput = z.input<typeof SavedRequestSchema>;

/** A folder or a request file in a collection's tree, in display order. */
export type CollectionNode =
  | {
      kind: 'folder';
      name: string;
      path: string;
      description?: string;
      children: CollectionNode[];
    }
  | { kind: 'request'; name: string; path: string; method: SavedRequest['method']; url: string }
  /** A `.yaml` file that does not read as a saved request (hand-edited, merge conflict, newer format). */
  | { kind: 'invalid'; name: string; path: string; error: string };

export const CollectionNodeSchema: z.ZodType<CollectionNode> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('folder'),
      name: z.string(),
      path: z.string(),
      description: z.string().optional(),
      children: z.array(CollectionNodeSchema),
    }),
    z.object({
      kind: z.literal('request'),
      name: z.string(),
      path: z.string(),
      method: Method,
      url: z.string(),
    }),
    z.object({
      kind: z.literal('invalid'),
      name: z.string(),
      path: z.string(),
      error: z.string(),
    }),
  ]),
);

export const CollectionVariableNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/, 'a variable name: letters, digits, _ . -');

export const CollectionSummarySchema = z.object({
  /** Stable for a folder (derived from its real path), so tabs can refer to it across restarts. */
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  /** The folder's absolute path on this machine. */
  root: z.string(),
  /** Collection-scope variables with non-secret values (`collection.yaml`). */
  variables: z.record(z.string(), z.string()),
  /** Names of collection-scope variables whose values live in the keychain, never in the files. */
  secretVariables: z.array(z.string()),
  tree: z.array(CollectionNodeSchema),
  /** How main notices changes made outside the console (`git pull`, an editor). */
  watching: z.enum(['native', 'polling', 'off']),
  /** Set when the folder or its `collection.yaml` cannot be read; the collection stays listed. */
  problem: z.string().optional(),
});
export type CollectionSummary = z.output<typeof CollectionSummarySchema>;

export const CollectionIdSchema = z.string().regex(/^col-[0-9a-f]{16}$/, 'a collection id');
/** A path inside a collection; checked in main to stay inside its root. */
export const CollectionPathSchema = z.string().max(4096);
/** An absolute folder path typed (or picked) by the operator. */
export const FolderPathSchema = z.string().min(1).max(4096);

/** Where a credential found in a pasted cURL command waits (in main only) to be moved to the keychain. */
export const ImportedCredentialSchema = z.object({
  kind: z.enum(['token', 'basic', 'bearer']),
  /** The header it came from (`Authorization`, `X-Api-Key`, …), or `-u` for `--user`. */
  headerName: z.string(),
  /** `ApiToken`, `Bearer`, `Basic`, `Token`…; absent for key headers without a scheme. */
  scheme: z.string().optional(),
  /** For Basic: the user name (not a secret), to put in the connection. */
  username: z.string().optional(),
  /** The variable name to use instead (`S1_API_TOKEN`, `API_TOKEN`, `X_API_KEY`, …). */
  placeholderHint: z.string(),
  /**
   * One-time handle of the value held in main for 5 minutes; pass it to
   * `imports:store-credential`. Absent when the command only had a `$VARIABLE` there.
   */
  credentialRef: z.string().optional(),
  /** First 8 hex of the value's SHA-256, so the operator can recognise it. */
  fingerprint: z.string().optional(),
});
export type ImportedCredential = z.output<typeof ImportedCredentialSchema>;

export const CurlImportSchema = z.object({
  /** `url` is absolute, without its query string (that is in `query`). */
  request: SavedRequestSchema,
  credential: ImportedCredentialSchema.optional(),
  /** A connection whose base URL the request's URL starts with, and the path relative to it. */
  match: z
    .object({ connectionId: z.string(), connectionName: z.string(), path: z.string() })
    .optional(),
  /** `-k/--insecure` was given; the console never turns off certificate checks per request. */
  insecure: z.boolean(),
  /** Options ignored, parts dropped (cookies, files, the rest of a pipeline), in plain words. */
  warnings: z.array(z.string()),
});
export type CurlImport = z.output<typeof CurlImportSchema>;

export const PostmanImportResultSchema = z.object({
  /** Request files written, in the collection's order. */
  written: z.array(z.object({ path: z.string(), name: z.string() })),
  folders: z.array(z.string()),
  variablesAdded: z.array(z.string()),
  secretVariablesAdded: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type PostmanImportResult = z.output<typeof PostmanImportResultSchema>;
