import { z } from 'zod';
import {
  BodyFieldSchema,
  CatalogParamSchema,
  EndpointSchema,
  VerificationSchema,
} from '../../preload/schemas/catalog';
import { isDestructive, isMutating } from '../../main/core/safety/production-guard';

/**
 * Display types from the vendor specification's: `Number` is an integer where the name
 * says it counts something (limits, ids, days, ports…) and a number otherwise; model names,
 * `Object` and `Map<…>` are objects.
 */
export function displayType(sourceType: string, name: string): string {
  const array = /^Array<(.+)>$/.exec(sourceType);
  if (array) return `array<${displayType(array[1] as string, name)}>`;
  switch (sourceType) {
    case 'String':
      return 'string';
    case 'Boolean':
      return 'boolean';
    case 'Date':
      return 'date-time';
    case 'File':
      return 'file';
    case 'Number':
      return countsSomething(name) ? 'integer' : 'number';
    default:
      return 'object';
  }
}

const COUNT_WORDS =
  /^(limit|skip|rank|order|port|timeout|frequency|days\w*)$|(Limit|Count|Days|Seconds|Hours|Interval|Licenses|Ports?|Cores|Scale|Quantity|Concurrent|Length|Agents|Rangers|Threats|Id|Ids|Expiration|Period|Value)$|^(numberOf|total|connected|active|cpu|core)/;

function countsSomething(name: string): boolean {
  const base = (name.split('.').pop() ?? name).replace(/\[\]/g, '').replace(/__\w+$/, '');
  return COUNT_WORDS.test(base);
}

/** Longest matching prefix of a per-path rate-limit table, as the connection paces requests. */
export function rateLimitFor(
  path: string,
  table: readonly { pathPrefix: string; perSecond: number; burst: number }[],
): { pathPrefix: string; perSecond: number; burst: number } | undefined {
  let best: (typeof table)[number] | undefined;
  for (const rule of table) {
    if (
      path.startsWith(rule.pathPrefix) &&
      (!best || rule.pathPrefix.length > best.pathPrefix.length)
    )
      best = rule;
  }
  return best && { pathPrefix: best.pathPrefix, perSecond: best.perSecond, burst: best.burst };
}

/**
 * Flags as the console's production guard sees the request: one definition of destructive
 * (`isDestructive`), applied to mutating methods only.
 */
export function defaultFlags(method: string, path: string) {
  const mutating = isMutating(method);
  return {
    mutating,
    destructive: mutating && isDestructive(method, new URL(`https://catalog.invalid${path}`)),
    protected: false,
  };
}

/** `/threats/{id}/timeline` → `/threats/{}/timeline`: routes equal whatever the names. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
}

export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
}

// What overlays and group files may write. Patches have no defaults, so a merge only
// changes what the file says.
export const ParamPatchSchema = z
  .object({
    type: z.string().min(1),
    required: z.boolean(),
    enum: z.array(z.string()),
    default: z.union([z.string(), z.number(), z.boolean()]),
    minimum: z.number(),
    maximum: z.number(),
    collectionFormat: z.literal('csv'),
    description: z.string(),
    example: z.union([z.string(), z.number(), z.boolean()]),
  })
  .partial()
  .strict();

export const FieldPatchSchema = z
  .object({
    type: z.string().min(1),
    required: z.boolean(),
    enum: z.array(z.string()),
    description: z.string(),
  })
  .partial()
  .strict();

export const FlagsPatchSchema = z
  .object({ mutating: z.boolean(), destructive: z.boolean(), protected: z.boolean() })
  .partial()
  .strict();

const ResponsePatchSchema = z
  .object({ status: z.number().int(), model: z.string(), example: z.unknown() })
  .partial()
  .strict();

const shared = {
  id: EndpointSchema.shape.id,
  group: z.string().min(1),
  summary: z.string().min(1),
  description: z.string(),
  status: VerificationSchema,
  permission: z.string(),
  rateLimit: EndpointSchema.shape.rateLimit.unwrap(),
  correction: EndpointSchema.shape.correction.unwrap(),
  seed: EndpointSchema.shape.seed.unwrap(),
  notes: z.string(),
  flags: FlagsPatchSchema,
};

/** One entry of `endpoints:` in `resources/catalog/sentinelone/<group>.yaml`. */
export const SentinelOneOverlaySchema = z
  .object({
    match: z
      .string()
      .regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/, 'write "METHOD /path", e.g. "GET /threats"'),
    ...shared,
    params: z.record(z.string(), ParamPatchSchema),
    addParams: z.array(CatalogParamSchema),
    body: z
      .object({
        contentType: z.string(),
        model: z.string(),
        example: z.unknown(),
        fields: z.record(z.string(), FieldPatchSchema),
      })
      .partial()
      .strict(),
    response: ResponsePatchSchema,
  })
  .partial()
  .required({ match: true })
  .strict();
export type SentinelOneOverlay = z.infer<typeof SentinelOneOverlaySchema>;

/**
 * A full endpoint written in a file: an `extras:` entry (SentinelOne) or a route of a
 * Sentinel Secure X group file. The builder fills `product`, `documented`, the derived
 * flags and (Secure X) `permission` and `audience`.
 */
export const WrittenEndpointSchema = z
  .object({
    id: shared.id,
    method: EndpointSchema.shape.method,
    path: EndpointSchema.shape.path,
    summary: shared.summary,
    status: shared.status,
    group: shared.group.optional(),
    operationId: z.string().optional(),
    description: shared.description.optional(),
    permission: shared.permission.optional(),
    params: z.array(CatalogParamSchema).optional(),
    body: EndpointSchema.shape.body,
    response: EndpointSchema.shape.response,
    rateLimit: shared.rateLimit.optional(),
    flags: shared.flags.optional(),
    correction: shared.correction.optional(),
    seed: shared.seed.optional(),
    notes: shared.notes.optional(),
  })
  .strict();
export type WrittenEndpoint = z.infer<typeof WrittenEndpointSchema>;

/** The endpoint before the final schema pass (defaults not yet applied everywhere). */
export type DraftEndpoint = z.input<typeof EndpointSchema>;
export type DraftParam = z.input<typeof CatalogParamSchema>;
export type DraftField = z.input<typeof BodyFieldSchema>;

/** An endpoint with the file that wrote (or last changed) it, for error messages. */
export interface SourcedEndpoint {
  endpoint: DraftEndpoint;
  file: string;
}

/**
 * Written up in our words, with a response example. (The README also names parameter
 * descriptions; requiring every one of a list operation's 100 filters would hide the
 * endpoints operators use most, so the description and the example decide.)
 */
export function isDocumented(endpoint: DraftEndpoint): boolean {
  return (endpoint.description ?? '').trim() !== '' && endpoint.response?.example !== undefined;
}
