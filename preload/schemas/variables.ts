/**
 * Variables: `{{name}}` in a request's path, query and header rows and body, resolved
 * in main from the most specific scope that defines the name — collection, then
 * connection, then global. Secret variables live in the keychain (or for this session
 * only); the renderer never receives their values, only a fingerprint and masks.
 */
import { z } from 'zod';

/** What may stand between `{{` and `}}` (spaces around it are allowed). */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

export const VariableNameFieldSchema = z
  .string()
  .regex(VARIABLE_NAME_PATTERN, 'a variable name: a letter or _, then letters, digits, _ . -')
  // Stored as an object key in variables.json, where this one would set the prototype.
  .refine((name) => name !== '__proto__', 'a variable name other than __proto__');

const ScopeId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'an id');

/**
 * Where a variable is defined. Collection scope holds only secret values here: the
 * collection's non-secret variables live in its `collection.yaml`.
 */
export const VariableScopeSchema = z.union([
  z.literal('global'),
  z.object({ connectionId: ScopeId }).strict(),
  z.object({ collectionId: ScopeId }).strict(),
]);
export type VariableScope = z.infer<typeof VariableScopeSchema>;

/** The scope kinds, most specific first (the order a name is looked up in). */
export const VariableScopeKindSchema = z.enum(['collection', 'connection', 'global']);
export type VariableScopeKind = z.infer<typeof VariableScopeKindSchema>;

/** A variable as the renderer sees it: a secret's value never, only its fingerprint. */
export const VariableInfoSchema = z.discriminatedUnion('secret', [
  z.object({
    name: z.string(),
    scope: VariableScopeSchema,
    secret: z.literal(false),
    value: z.string(),
  }),
  z.object({
    name: z.string(),
    scope: VariableScopeSchema,
    secret: z.literal(true),
    storage: z.enum(['keychain', 'session']),
    /** 8 hex characters to tell two values apart; null when the keychain cannot be read now. */
    fingerprint: z.string().nullable(),
  }),
]);
export type VariableInfo = z.infer<typeof VariableInfoSchema>;

/**
 * The collection a request belongs to, as the renderer has it from `collections:*`:
 * its non-secret variables and the names of its secret ones (whose values main keeps
 * under the `{collectionId}` scope).
 */
export const CollectionVariablesSchema = z
  .object({
    id: ScopeId,
    variables: z.record(z.string().max(100), z.string().max(65_536)).default({}),
    secretNames: z.array(z.string().max(100)).max(1000).default([]),
  })
  .strict();
export type CollectionVariables = z.input<typeof CollectionVariablesSchema>;

/** One `{{name}}` in the request, so the renderer can underline it. */
export const VariableReferenceSchema = z.object({
  name: z.string(),
  field: z.enum(['path', 'query', 'header', 'body']),
  /** Index in the request's `query`, `headers` or form `fields` array (disabled rows count). */
  row: z.number().int().optional(),
  part: z.enum(['name', 'value']).optional(),
  /** UTF-16 offset and length of the whole `{{ … }}` in that text. */
  offset: z.number().int(),
  length: z.number().int(),
  /** The scope the value came from; null when undefined. */
  scope: VariableScopeKindSchema.nullable(),
  secret: z.boolean(),
});
export type VariableReference = z.infer<typeof VariableReferenceSchema>;

/** `details` of an `undefined_variable` error: nothing was sent. */
export const UndefinedVariableDetailsSchema = z.object({
  names: z.array(z.string()),
  references: z.array(VariableReferenceSchema),
});
export type UndefinedVariableDetails = z.infer<typeof UndefinedVariableDetailsSchema>;

export const VariablesListInputSchema = z
  .object({ connectionId: ScopeId.optional(), collectionId: ScopeId.optional() })
  .strict();

export const VariablesSetInputSchema = z
  .object({
    scope: VariableScopeSchema,
    name: VariableNameFieldSchema,
    value: z.string().max(65_536),
    secret: z.boolean().default(false),
    /** Where a secret lives; ignored for non-secret variables. */
    storage: z.enum(['keychain', 'session']).default('keychain'),
  })
  .strict();

export const VariablesDeleteInputSchema = z
  .object({ scope: VariableScopeSchema, name: VariableNameFieldSchema })
  .strict();

/** The request as main would send it, with every secret masked (`••••1a2b`). */
export const HttpPreviewSchema = z.object({
  method: z.string(),
  /** The full URL; the resolved path as typed when no URL can be built from it (see `problem`). */
  url: z.string(),
  /** What main sends, in order, including the Content-Type and User-Agent it adds. */
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: z.string().nullable(),
  /** The credential header main attaches at send time, shown as its placeholder. */
  credentialHeader: z.object({ name: z.string(), value: z.string() }).nullable(),
  references: z.array(VariableReferenceSchema),
  /** Names without a value in any scope, in order of first use; non-empty means Send is refused. */
  unresolved: z.array(z.string()),
  /** Why the request could not be built even with its variables resolved (e.g. invalid JSON). */
  problem: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type HttpPreview = z.infer<typeof HttpPreviewSchema>;
