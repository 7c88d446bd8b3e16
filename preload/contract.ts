/**
 * The one contract between the renderer and main.
 *
 * Every channel is `domain:verb` with a runtime schema for its input and its
 * output; main validates every input before any handler runs, so a payload
 * from a compromised renderer is rejected, never trusted. Event channels are
 * pushed from main to the renderer. This file imports nothing but the schema
 * library: it is bundled into preload, the renderer, main and the browser host.
 */
import { z } from 'zod';
import {
  ConnectionConfigSchema,
  ConnectionSummarySchema,
  DiagnosisSchema,
  SecretKindSchema,
  RateLimitRuleSchema,
  SecretStatusSchema,
  SsxAdminSchema,
  SsxSessionSchema,
} from './schemas/connections';
import { AuditListInputSchema, AuditPageSchema, AuditVerifySchema } from './schemas/audit';
// History and settings
import {
  HistoryBodyChunkInputSchema,
  HistoryBodyChunkSchema,
  HistoryClearInputSchema,
  HistoryExportHarInputSchema,
  HistoryExportHarSchema,
  HistoryGetInputSchema,
  HistoryGetOutputSchema,
  HistoryIdSchema,
  HistoryListInputSchema,
  HistoryPageSchema,
  HistorySummarySchema,
} from './schemas/history';
import { SettingsPatchSchema, SettingsSchema } from './schemas/settings';
// Pacing and paging (rate limits, retries, fetch all pages)
import {
  FetchAllOptionsShape,
  FetchAllResultSchema,
  FetchIdSchema,
  HttpQueuedEventSchema,
  HttpRetryEventSchema,
  PagingExportInputSchema,
  PagingExportResultSchema,
  PagingProgressEventSchema,
  PagingReadInputSchema,
  PagingReadResultSchema,
  RateLimitInfoSchema,
} from './schemas/paging';

export * from './schemas/connections';
export * from './schemas/audit';
export * from './schemas/catalog';
export * from './schemas/history';
export * from './schemas/settings';
export * from './schemas/paging';
export * from './schemas/drafts';
import { DraftsSchema } from './schemas/drafts';
// Variables and code generation
import {
  CollectionVariablesSchema,
  HttpPreviewSchema,
  VariableInfoSchema,
  VariablesDeleteInputSchema,
  VariablesListInputSchema,
  VariablesSetInputSchema,
} from './schemas/variables';
import { CodegenResultSchema, CodegenTargetSchema } from './schemas/codegen';
export * from './schemas/variables';
export * from './schemas/codegen';
// Response bodies (spooled large bodies) and the demo developer panel
import {
  BodyFileInputSchema,
  BodyIndexInputSchema,
  BodyIndexProgressSchema,
  BodyIndexSchema,
  BodyInfoSchema,
  BodyJsonPathInputSchema,
  BodyJsonPathSchema,
  BodyLinesInputSchema,
  BodyLinesSchema,
  BodyOpenExternalSchema,
  BodyReadInputSchema,
  BodySaveInputSchema,
  BodySanitizeHtmlInputSchema,
  BodySanitizeHtmlSchema,
  BodySaveSchema,
  BodySearchInputSchema,
  BodySearchSchema,
  BodyTextWindowSchema,
} from './schemas/bodies';
import { DemoFaultRuleSchema, DemoFaultsSchema, DemoRateLimitsSchema } from './schemas/demo-dev';
export * from './schemas/bodies';
export * from './schemas/demo-dev';
// Collections as files, and the cURL / Postman imports and exports
import {
  CollectionIdSchema,
  CollectionPathSchema,
  CollectionSummarySchema,
  CollectionVariableNameSchema,
  CurlImportSchema,
  FolderPathSchema,
  PostmanImportResultSchema,
  SavedRequestSchema,
} from './schemas/collections';
export * from './schemas/collections';

// ── Shared pieces ────────────────────────────────────────────────────────────

export const HttpMethodSchema = z.enum([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
]);
export type HttpMethod = z.infer<typeof HttpMethodSchema>;

export const KeyValueSchema = z.object({
  name: z.string().max(4096),
  value: z.string().max(65536),
  enabled: z.boolean().default(true),
});
export type KeyValue = z.infer<typeof KeyValueSchema>;

export const RequestBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('json'), text: z.string().max(50_000_000) }),
  z.object({
    kind: z.literal('text'),
    text: z.string().max(50_000_000),
    contentType: z.string().max(256).optional(),
  }),
  z.object({ kind: z.literal('form'), fields: z.array(KeyValueSchema).max(1000) }),
]);
export type RequestBody = z.infer<typeof RequestBodySchema>;

/** What the operator asks main to send; never carries credentials. */
export const RequestSpecSchema = z.object({
  connectionId: z.string().min(1).max(200),
  method: HttpMethodSchema,
  /** Relative to the connection's base URL (e.g. `threats?limit=10`), or absolute. */
  path: z.string().max(16_384),
  query: z.array(KeyValueSchema).max(500).default([]),
  headers: z.array(KeyValueSchema).max(500).default([]),
  body: RequestBodySchema.default({ kind: 'none' }),
  timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  followRedirects: z.boolean().default(true),
  /** Variables: the request's collection, whose variables take precedence over the connection's. */
  collection: CollectionVariablesSchema.optional(),
});
export type RequestSpec = z.input<typeof RequestSpecSchema>;

export const SendInputSchema = RequestSpecSchema.extend({
  requestId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'requestId: letters, digits, _ or -'),
  /** The operator's answer to a `confirmation_required` error for exactly this request. */
  confirmation: z
    .object({ token: z.string().max(200), typedName: z.string().max(200).optional() })
    .strict()
    .optional(),
});
export type SendInput = z.input<typeof SendInputSchema>;

export const TimingsSchema = z.object({
  /** Milliseconds for each phase; null where the phase did not happen (e.g. no TLS on http). */
  dns: z.number().nullable(),
  connect: z.number().nullable(),
  tls: z.number().nullable(),
  firstByte: z.number(),
  download: z.number(),
  total: z.number(),
});
export type Timings = z.infer<typeof TimingsSchema>;

export const ResponseBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('empty') }),
  z.object({
    kind: z.literal('text'),
    text: z.string(),
    contentType: z.string(),
    /** Parsed JSON when the body is JSON and parses. */
    json: z.unknown().optional(),
    /** Set when the server said JSON but sent something that does not parse. */
    jsonError: z.string().optional(),
  }),
  z.object({
    kind: z.literal('binary'),
    contentType: z.string(),
    base64: z.string(),
  }),
  z.object({
    kind: z.literal('file'),
    /** Opaque handle of the body stored in the data directory (large bodies never cross IPC whole). */
    fileId: z.string(),
    contentType: z.string(),
    /** The first bytes as text, for a first look. */
    preview: z.string(),
  }),
]);
export type ResponseBody = z.infer<typeof ResponseBodySchema>;

export const RedirectHopSchema = z.object({
  status: z.number().int(),
  from: z.string(),
  to: z.string(),
  /** True when credentials were dropped because the hop changed origin. */
  credentialsDropped: z.boolean(),
});

export const HttpResponseSchema = z.object({
  requestId: z.string(),
  method: HttpMethodSchema,
  url: z.string(),
  status: z.number().int(),
  statusText: z.string(),
  httpVersion: z.string(),
  /** In arrival order; repeated headers stay separate entries. */
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: ResponseBodySchema,
  size: z.number().int(),
  timings: TimingsSchema,
  redirects: z.array(RedirectHopSchema),
  /**
   * False when the connection has credentials but the URL is on another origin,
   * so main sent the request without them (the UI says so).
   */
  credentialsAttached: z.boolean().default(false),
  /** Pacing and paging: the server's rate-limit headers, the attempts made and the wait. */
  rateLimit: RateLimitInfoSchema.optional(),
});
export type HttpResponse = z.infer<typeof HttpResponseSchema>;

export const DemoTenantSchema = z.enum(['sentinelone', 'sentinel-secure-x']);
export const DemoStatusSchema = z.object({
  tenant: DemoTenantSchema,
  running: z.boolean(),
  baseUrl: z.string(),
  connectionId: z.string(),
});
export type DemoStatus = z.infer<typeof DemoStatusSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'browser-host']),
  platform: z.string(),
  firstLaunch: z.boolean(),
  /** The Electron app can open native file dialogs; the browser host cannot (paths are typed). */
  canPickFiles: z.boolean().default(false),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const StorageProblemSchema = z.object({
  source: z.enum(['connections', 'settings', 'audit', 'history']),
  message: z.string(),
  path: z.string().optional(),
});
export type StorageProblem = z.infer<typeof StorageProblemSchema>;

const Empty = z.object({}).strict();
const ConnectionId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'connection id');
const ById = z.object({ id: ConnectionId }).strict();
const Confirmation = z
  .object({ token: z.string().max(200), typedName: z.string().max(200).optional() })
  .strict();

// ── Channels ─────────────────────────────────────────────────────────────────

export const channels = {
  'app:info': { input: Empty, output: AppInfoSchema },
  /** What went wrong reading stored data (a corrupt file set aside, a file from a newer console). */
  'app:problems': { input: Empty, output: z.array(StorageProblemSchema) },
  // ── Explorer tabs (drafts) ──
  /** The open explorer tabs as the renderer last reported them. */
  'drafts:get': { input: Empty, output: DraftsSchema },
  /** Every change to the tabs (debounced by the renderer); written atomically by main. */
  'drafts:set': { input: DraftsSchema, output: z.object({ saved: z.boolean() }) },
  /** Where the operator was (a `#/…` route), kept by main so it survives a restart. */
  'app:ui-state': { input: Empty, output: z.object({ lastRoute: z.string().nullable() }) },
  'app:set-ui-state': {
    input: z
      .object({
        lastRoute: z.string().max(500).regex(/^#\//, 'a #/… route').optional(),
        /** The operator left the welcome screen (skipped it): do not show it again. */
        welcomed: z.literal(true).optional(),
      })
      .strict(),
    output: z.object({ saved: z.boolean() }),
  },
  /** A native "open file" dialog for TLS material; answers the chosen path, or null if cancelled. */
  'app:pick-file': {
    input: z.object({ purpose: z.enum(['ca', 'client-cert', 'client-key', 'pfx']) }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  'app:open-external': {
    input: z.object({ url: z.string().max(4096) }).strict(),
    output: z.object({ opened: z.boolean() }),
  },
  'connections:list': { input: Empty, output: z.array(ConnectionSummarySchema) },
  'connections:create': {
    input: z.object({ config: ConnectionConfigSchema }).strict(),
    output: ConnectionSummarySchema,
  },
  'connections:update': {
    input: z.object({ id: ConnectionId, config: ConnectionConfigSchema }).strict(),
    output: ConnectionSummarySchema,
  },
  'connections:duplicate': { input: ById, output: ConnectionSummarySchema },
  'connections:delete': {
    input: ById,
    output: z.object({
      deleted: z.boolean(),
      secretsDeleted: z.number().int(),
      /** Keychain entries that could not be removed now (keychain locked); removed once it opens. */
      secretsPending: z.number().int().default(0),
    }),
  },
  /** A JSON document of connection configs, never secrets; safe to share. */
  'connections:export': {
    input: z.object({ ids: z.array(ConnectionId).max(1000).optional() }).strict(),
    output: z.object({ json: z.string(), count: z.number().int() }),
  },
  'connections:import': {
    input: z.object({ json: z.string().max(5_000_000) }).strict(),
    output: z.object({ imported: z.array(ConnectionSummarySchema), skipped: z.array(z.string()) }),
  },
  /** One cheap authenticated call and a diagnosis in plain words. */
  'connections:test': { input: ById, output: DiagnosisSchema },
  'connections:presets': {
    input: z.object({ tenant: z.string().max(200) }).strict(),
    output: z.object({ baseUrl: z.string(), rateLimits: z.array(RateLimitRuleSchema) }),
  },
  /** The value goes straight to main and never comes back; the answer is only its status. */
  'secrets:set': {
    input: z
      .object({
        connectionId: ConnectionId,
        kind: SecretKindSchema,
        value: z.string().min(1).max(65_536),
        storage: z.enum(['keychain', 'session']),
      })
      .strict(),
    output: SecretStatusSchema,
  },
  'secrets:clear': {
    input: z.object({ connectionId: ConnectionId, kind: SecretKindSchema }).strict(),
    output: SecretStatusSchema,
  },
  'secrets:keychain-status': {
    input: z.object({ refresh: z.boolean().default(false) }).strict(),
    output: z.object({ available: z.boolean(), message: z.string().optional() }),
  },
  'ssx:login': {
    input: z
      .object({
        connectionId: ConnectionId,
        username: z.string().min(1).max(256),
        /** Absent only with `useSavedPassword`: main reads it from the keychain itself. */
        password: z.string().min(1).max(4096).optional(),
        useSavedPassword: z.boolean().default(false),
        /** Keep the session in the keychain until it expires. */
        remember: z.boolean().default(false),
        /** Keep the password in the keychain (opt-in). */
        savePassword: z.boolean().default(false),
      })
      .strict()
      .refine((v) => v.useSavedPassword || v.password !== undefined, {
        message: 'password is required unless useSavedPassword is set',
        path: ['password'],
      }),
    output: z.object({ admin: SsxAdminSchema, expiresAt: z.string() }),
  },
  'ssx:me': { input: z.object({ connectionId: ConnectionId }).strict(), output: SsxAdminSchema },
  'ssx:sessions': {
    input: z.object({ connectionId: ConnectionId }).strict(),
    output: z.array(SsxSessionSchema),
  },
  'ssx:revoke': {
    input: z
      .object({
        connectionId: ConnectionId,
        sessionId: z.string().min(1).max(200),
        /** The answer to `confirmation_required` on a production connection. */
        confirmation: Confirmation.optional(),
      })
      .strict(),
    output: z.object({ revoked: z.boolean() }),
  },
  /** Which permission a Sentinel Secure X route needs, and whether the signed-in admin has it. */
  'ssx:permission': {
    input: z
      .object({
        connectionId: ConnectionId,
        method: HttpMethodSchema,
        path: z.string().max(16_384),
      })
      .strict(),
    output: z.object({
      /** The route pattern from the route map, e.g. `POST /api/devices/<device_id>/identity-review`. */
      route: z.string().nullable(),
      permission: z.string().nullable(),
      /** Who calls the route: `agent` and `workload` routes take machine credentials, not a session. */
      audience: z.enum(['public', 'admin', 'agent', 'workload']).nullable(),
      /** null when nobody is signed in, or the route needs no permission. */
      granted: z.boolean().nullable(),
      role: z.string().optional(),
    }),
  },
  'ssx:logout': {
    input: z.object({ connectionId: ConnectionId }).strict(),
    output: z.object({ signedOut: z.boolean() }),
  },
  /** The audit log of mutating calls, newest first, paged by `before` (a seq). */
  'audit:list': { input: AuditListInputSchema, output: AuditPageSchema },
  /** Walks the hash chain: is every entry intact, in order and linked to the one before? */
  'audit:verify': { input: Empty, output: AuditVerifySchema },
  /** The whole log as JSON Lines for the operator to save (redacted by construction). */
  'audit:export': {
    input: Empty,
    output: z.object({ jsonl: z.string(), lines: z.number().int() }),
  },
  'demo:status': { input: Empty, output: z.array(DemoStatusSchema) },
  'demo:start': {
    input: z.object({ tenant: DemoTenantSchema }).strict(),
    output: DemoStatusSchema,
  },
  'demo:stop': {
    input: z.object({ tenant: DemoTenantSchema }).strict(),
    output: DemoStatusSchema,
  },
  'http:send': { input: SendInputSchema.strict(), output: HttpResponseSchema },
  'http:cancel': {
    input: z.object({ requestId: z.string().max(100) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'http:curl': {
    input: RequestSpecSchema.strict(),
    output: z.object({ command: z.string(), placeholders: z.array(z.string()) }),
  },

  // ── Variables and code generation ──
  /** Global variables, plus the connection's and the collection's (secret ones) when asked. */
  'variables:list': { input: VariablesListInputSchema, output: z.array(VariableInfoSchema) },
  /** A secret value goes to the keychain (or this session) and never comes back. */
  'variables:set': { input: VariablesSetInputSchema, output: VariableInfoSchema },
  'variables:delete': {
    input: VariablesDeleteInputSchema,
    output: z.object({ deleted: z.boolean() }),
  },
  /** The request as it would be sent: variables resolved, secrets masked, unresolved ones listed. */
  'http:preview': {
    input: SendInputSchema.omit({ requestId: true }).strict(),
    output: HttpPreviewSchema,
  },
  /** Runnable code; credentials and secret variables become environment-variable placeholders. */
  'codegen:generate': {
    input: z.object({ spec: RequestSpecSchema.strict(), target: CodegenTargetSchema }).strict(),
    output: CodegenResultSchema,
  },

  // ── History and settings: every send kept, HAR export, the settings file ──
  /** Sends newest first, filtered, paged by `before` (the previous page's `nextBefore`). */
  'history:list': { input: HistoryListInputSchema, output: HistoryPageSchema },
  /** One entry in full; `withBodyText` adds the body as text (up to 2 MiB) for a diff. */
  'history:get': { input: HistoryGetInputSchema, output: HistoryGetOutputSchema },
  'history:delete': {
    input: z.object({ id: HistoryIdSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  /** Everything, entries older than N days, or one connection's; body files go with them. */
  'history:clear': {
    input: HistoryClearInputSchema,
    output: z.object({ removed: z.number().int() }),
  },
  /** A piece of a body kept as a file (`body.kind === 'file'`), as text. */
  'history:body-chunk': { input: HistoryBodyChunkInputSchema, output: HistoryBodyChunkSchema },
  /** A HAR 1.2 document of the chosen entries, every secret redacted. */
  'history:export-har': { input: HistoryExportHarInputSchema, output: HistoryExportHarSchema },
  'settings:get': { input: Empty, output: SettingsSchema },
  /** Changes some settings; unknown keys and out-of-range values are refused. */
  'settings:update': {
    input: z.object({ patch: SettingsPatchSchema }).strict(),
    output: SettingsSchema,
  },

  // ── Pacing and paging: fetch all pages of a cursor-paged list ──
  /** Pages a GET list by `pagination.nextCursor` into a JSON Lines file; events: paging:progress. */
  'paging:fetch-all': {
    input: z.object({ ...FetchAllOptionsShape, spec: RequestSpecSchema.strict() }).strict(),
    output: FetchAllResultSchema,
  },
  /** Stops a running fetch after (or in the middle of) its current page; it answers `cancelled`. */
  'paging:cancel': {
    input: z.object({ fetchId: FetchIdSchema }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** Writes a merged result as JSON, NDJSON or CSV under <data dir>/exports/. */
  'paging:export': { input: PagingExportInputSchema, output: PagingExportResultSchema },
  /** Up to 1 MiB of a merged result or an export, from a byte offset. */
  'paging:read': { input: PagingReadInputSchema, output: PagingReadResultSchema },

  // ── Response bodies: a spooled body (`body.kind === 'file'`) a window at a time ──
  /** Size, type and what is known of the line counts; cheap (reads 4 KiB). */
  'bodies:info': { input: BodyFileInputSchema, output: BodyInfoSchema },
  /** Builds (or waits for) the raw or pretty line index; events: bodies:index-progress. */
  'bodies:index': { input: BodyIndexInputSchema, output: BodyIndexSchema },
  /** Up to 1 MiB of text from a byte offset, cut on UTF-8 character boundaries. */
  'bodies:read': { input: BodyReadInputSchema, output: BodyTextWindowSchema },
  /** Raw lines by number (split on \n). */
  'bodies:lines': { input: BodyLinesInputSchema, output: BodyLinesSchema },
  /** Lines of the JSON pretty-printed with 2 spaces, by number, without parsing the whole body. */
  'bodies:pretty-lines': { input: BodyLinesInputSchema, output: BodyLinesSchema },
  /** Streaming search (text or regex) with line numbers of the raw or the pretty view. */
  'bodies:search': { input: BodySearchInputSchema, output: BodySearchSchema },
  /** JSONPath (jsonpath-plus) on bodies up to 64 MiB; larger ones: `too_large`. */
  'bodies:jsonpath': { input: BodyJsonPathInputSchema, output: BodyJsonPathSchema },
  /**
   * Copies the body to a file (atomic; `file_exists` unless `overwrite`). The Electron app
   * asks for the path in its own save dialog; the browser host takes a typed one.
   */
  'bodies:save': { input: BodySaveInputSchema, output: BodySaveSchema },
  /** HTML cut down to a strict allowlist (no scripts, styles, frames, forms, handlers, remote images). */
  'bodies:sanitize-html': { input: BodySanitizeHtmlInputSchema, output: BodySanitizeHtmlSchema },
  /** Opens the body in the OS's editor; the browser host answers `not_available` with the path. */
  'bodies:open-external': { input: BodyFileInputSchema, output: BodyOpenExternalSchema },
  /** Deletes the spooled file (the tab showing it closed). */
  'bodies:release': { input: BodyFileInputSchema, output: z.object({ released: z.boolean() }) },

  // ── Demo developer panel: fault switches of the built-in demo tenants ──
  'demo:faults': {
    input: z.object({ tenant: DemoTenantSchema }).strict(),
    output: DemoFaultsSchema,
  },
  /** Replaces every rule; the demo checks them (`invalid_input` names the rule and field). */
  'demo:set-faults': {
    input: z
      .object({ tenant: DemoTenantSchema, rules: z.array(DemoFaultRuleSchema.loose()).max(50) })
      .strict(),
    output: DemoFaultsSchema,
  },
  'demo:clear-faults': {
    input: z.object({ tenant: DemoTenantSchema }).strict(),
    output: z.object({ cleared: z.number().int() }),
  },
  /** Whether the demo enforces the per-path rate-limit table (429 with Retry-After). */
  'demo:rate-limits': {
    input: z.object({ tenant: DemoTenantSchema }).strict(),
    output: DemoRateLimitsSchema,
  },
  /** Switches enforcement on (every bucket starts full) or off. */
  'demo:set-rate-limits': {
    input: z.object({ tenant: DemoTenantSchema, enabled: z.boolean() }).strict(),
    output: DemoRateLimitsSchema,
  },

  // ── Collections as files (paths are relative to the collection's root, `/` separated) ──
  /** The open collections with their trees; `collectionId` narrows it to one (after an event). */
  'collections:list': {
    input: z.object({ collectionId: CollectionIdSchema.optional() }).strict(),
    output: z.object({
      collections: z.array(CollectionSummarySchema),
      /** The list of open collections could not be read (corrupt, or from a newer console). */
      problem: z.string().optional(),
    }),
  },
  /** Opens a folder holding `collection.yaml`; `create` makes an empty (or missing) folder one. */
  'collections:open': {
    input: z
      .object({
        path: FolderPathSchema,
        create: z.boolean().default(false),
        /** The new collection's name (default: the folder's name). */
        name: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    output: CollectionSummarySchema,
  },
  /** Forgets the collection (its files stay on disk). */
  'collections:close': {
    input: z.object({ collectionId: CollectionIdSchema }).strict(),
    output: z.object({ closed: z.boolean() }),
  },
  'collections:read': {
    input: z.object({ collectionId: CollectionIdSchema, path: CollectionPathSchema }).strict(),
    output: z.object({
      path: z.string(),
      request: SavedRequestSchema,
      /** Pass back as `expectedRevision` when saving, to be told about changes made on disk. */
      revision: z.string(),
      warnings: z.array(z.string()),
    }),
  },
  /**
   * Writes a request file atomically: `path` overwrites that file; otherwise a new file
   * named after the request goes into `folder` (default: the root). A literal credential is
   * refused (`secret_not_allowed`); a file changed on disk since `expectedRevision` is
   * refused (`collection_conflict`). Saving an unchanged request writes nothing.
   */
  'collections:save': {
    input: z
      .object({
        collectionId: CollectionIdSchema,
        path: CollectionPathSchema.optional(),
        folder: CollectionPathSchema.optional(),
        request: SavedRequestSchema,
        expectedRevision: z.string().max(64).optional(),
      })
      .strict(),
    output: z.object({
      path: z.string(),
      revision: z.string(),
      created: z.boolean(),
      changed: z.boolean(),
    }),
  },
  /** A request gets a new name (and file name); a folder a new directory name. */
  'collections:rename': {
    input: z
      .object({
        collectionId: CollectionIdSchema,
        path: CollectionPathSchema,
        name: z.string().trim().min(1).max(200),
      })
      .strict(),
    output: z.object({ path: z.string() }),
  },
  'collections:move': {
    input: z
      .object({
        collectionId: CollectionIdSchema,
        path: CollectionPathSchema,
        toFolder: CollectionPathSchema,
      })
      .strict(),
    output: z.object({ path: z.string() }),
  },
  /** A file, or a folder: empty, or with everything in it when `recursive`. */
  'collections:delete': {
    input: z
      .object({
        collectionId: CollectionIdSchema,
        path: CollectionPathSchema,
        recursive: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  'collections:create-folder': {
    input: z
      .object({
        collectionId: CollectionIdSchema,
        parent: CollectionPathSchema.default(''),
        name: z.string().trim().min(1).max(200),
      })
      .strict(),
    output: z.object({ path: z.string() }),
  },
  /** `collection.yaml`: name, description, non-secret variables, names of the secret ones. */
  'collections:save-settings': {
    input: z
      .object({
        collectionId: CollectionIdSchema,
        name: z.string().trim().min(1).max(200).optional(),
        description: z.string().max(100_000).optional(),
        variables: z.record(CollectionVariableNameSchema, z.string().max(65_536)).optional(),
        secretVariables: z.array(CollectionVariableNameSchema).max(1000).optional(),
      })
      .strict(),
    output: CollectionSummarySchema,
  },
  /** A Postman Collection v2.1 document; auth names `{{variables}}` of `connectionId` (or the one the requests name). */
  'collections:export-postman': {
    input: z
      .object({ collectionId: CollectionIdSchema, connectionId: ConnectionId.optional() })
      .strict(),
    output: z.object({ json: z.string(), fileName: z.string(), warnings: z.array(z.string()) }),
  },
  /** Writes a Postman v2.0/v2.1 collection's requests as files into `folder` (default: the root). */
  'collections:import-postman': {
    input: z
      .object({
        json: z.string().max(20_000_000),
        targetCollectionId: CollectionIdSchema,
        folder: CollectionPathSchema.optional(),
      })
      .strict(),
    output: PostmanImportResultSchema,
  },
  /** A pasted cURL command as a request; a credential in it is held in main (see `credentialRef`). */
  'imports:curl': {
    input: z.object({ command: z.string().min(1).max(5_000_000) }).strict(),
    output: CurlImportSchema,
  },
  /** Moves a held credential into the connection's keychain entry; the value never reaches the renderer. */
  'imports:store-credential': {
    input: z
      .object({
        credentialRef: z.string().regex(/^cred_[0-9a-f]{32}$/, 'a credential reference'),
        connectionId: ConnectionId,
        /** Default: `password` for Basic, `token` otherwise. */
        kind: SecretKindSchema.optional(),
        storage: z.enum(['keychain', 'session']).default('keychain'),
      })
      .strict(),
    output: SecretStatusSchema,
  },
  /** Forgets a held credential now (the operator declined); it would go after five minutes anyway. */
  'imports:discard-credential': {
    input: z.object({ credentialRef: z.string().max(100) }).strict(),
    output: z.object({ discarded: z.boolean() }),
  },
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const channelNames = Object.keys(channels) as ChannelName[];
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

// ── Events pushed from main ──────────────────────────────────────────────────

export const events = {
  'http:progress': z.object({
    requestId: z.string(),
    phase: z.enum(['connecting', 'waiting', 'receiving', 'done']),
    receivedBytes: z.number(),
    totalBytes: z.number().nullable(),
  }),
  /** A textual body as it arrives (its first 256 KiB, coalesced); `bytes`: body bytes covered. */
  'http:chunk': z.object({
    requestId: z.string(),
    seq: z.number().int(),
    text: z.string(),
    bytes: z.number().int(),
  }),
  'demo:changed': DemoStatusSchema,
  // History: a send was kept (pushed to every window)
  'history:added': HistorySummarySchema,
  // Pacing and paging
  /** A request waits for its rate-limit bucket (`queued`), or leaves the line (`started`). */
  'http:queued': HttpQueuedEventSchema,
  /** A request is retried after a 429, a 503 or a connection reset. */
  'http:retry': HttpRetryEventSchema,
  'paging:progress': PagingProgressEventSchema,
  // Response bodies: an index pass over a spooled body (about every 5 %)
  'bodies:index-progress': BodyIndexProgressSchema,
  // Collections: files of an open collection changed outside the console (debounced)
  'collections:changed': z.object({
    collectionId: z.string(),
    /** Relative paths that changed; absent when many did, or the watcher cannot tell. */
    paths: z.array(z.string()).optional(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export const eventNames = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.output<Events[E]>;

// ── Envelope ─────────────────────────────────────────────────────────────────

export const ErrorCodeSchema = z.enum([
  'invalid_input',
  'unknown_channel',
  'internal',
  'unknown_connection',
  'demo_not_running',
  'invalid_url',
  'invalid_body',
  'invalid_header',
  'dns_failed',
  'connection_refused',
  'connection_reset',
  'tls_error',
  'timeout',
  'aborted',
  'too_large',
  'forbidden_sender',
  'invalid_connection',
  'keychain_unavailable',
  'secret_missing',
  'read_only',
  'confirmation_required',
  'auth_required',
  'newer_data',
  'not_available',
  'auth_failed',
  'proxy_failed',
  'too_many_redirects',
  // History
  'not_found',
  // Variables: a `{{name}}` has no value in any scope; nothing was sent
  'undefined_variable',
  // Response bodies: "save" would replace an existing file
  'file_exists',
  // Collections as files, cURL and Postman imports
  'collection_not_found',
  'collection_path_invalid',
  'collection_conflict',
  'collection_not_empty',
  'collection_file_invalid',
  'secret_not_allowed',
  'import_failed',
  'credential_expired',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const AppErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorSchema>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** What preload exposes on `window.sentinel`: one function per channel and event, nothing else. */
export type Bridge = {
  channels: { [C in ChannelName]: (input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>> };
  events: {
    [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void;
  };
};
