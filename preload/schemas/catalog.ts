/**
 * The API catalogs (both products) as the renderer, the search index, the
 * OpenAPI export and the demo tenants read them. Built at build time from
 * `resources/catalog/` (see `resources/catalog/README.md`) and checked against
 * these schemas by a test; nothing here is fetched at run time.
 */
import { z } from 'zod';

export const ProductSchema = z.enum(['sentinelone', 'sentinel-secure-x']);
export type Product = z.infer<typeof ProductSchema>;

/**
 * How sure we are of an endpoint:
 * - `verified`: confirmed by public integrations (`shared/docs/sentinelone-api-facts.md`) or,
 *   for Sentinel Secure X, by the route map itself;
 * - `spec`: in the vendor's published v2.1 specification, not independently confirmed;
 * - `seed-only`: the seed console lists it and nothing public confirms it;
 * - `corrected`: the seed was wrong; `correction` says what to use instead.
 */
export const VerificationSchema = z.enum(['verified', 'spec', 'seed-only', 'corrected']);
export type Verification = z.infer<typeof VerificationSchema>;

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

export const CatalogParamSchema = z
  .object({
    name: z.string().min(1),
    in: z.enum(['path', 'query', 'form']),
    /** Display type: string, integer, number, boolean, date-time, array<string>, … */
    type: z.string().min(1),
    required: z.boolean().default(false),
    enum: z.array(z.string()).optional(),
    default: Scalar.optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    /** Arrays in a query string: comma-separated (`ids=1,2,3`). */
    collectionFormat: z.literal('csv').optional(),
    /** Markdown, our words. */
    description: z.string().optional(),
    example: Scalar.optional(),
  })
  .strict();
export type CatalogParam = z.infer<typeof CatalogParamSchema>;

export const BodyFieldSchema = z
  .object({
    /** Dotted path inside the body, e.g. `filter.ids` or `data.incidentStatus`. */
    name: z.string().min(1),
    type: z.string().min(1),
    required: z.boolean().default(false),
    enum: z.array(z.string()).optional(),
    description: z.string().optional(),
  })
  .strict();
export type BodyField = z.infer<typeof BodyFieldSchema>;

export const EndpointSchema = z
  .object({
    /** Stable, used in deep links: `sentinelone.threats.list`, `ssx.admin-auth.login`. */
    id: z.string().regex(/^(sentinelone|ssx)\.[a-z0-9-]+\.[a-z0-9-]+$/),
    product: ProductSchema,
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    /**
     * With `{name}` path parameters. SentinelOne: relative to `/web/api/v2.1`
     * (e.g. `/threats/{id}/timeline`); Sentinel Secure X: from the origin (`/api/…`).
     */
    path: z.string().startsWith('/'),
    /** The group id (see `CatalogSchema.groups`). */
    group: z.string().min(1),
    /** The vendor's operationId, where the specification names one. */
    operationId: z.string().optional(),
    summary: z.string().min(1),
    /** Markdown, our words. Empty for endpoints we have not written up yet. */
    description: z.string().default(''),
    params: z.array(CatalogParamSchema).default([]),
    body: z
      .object({
        contentType: z.string().default('application/json'),
        /** The vendor's model name, where known. */
        model: z.string().optional(),
        fields: z.array(BodyFieldSchema).default([]),
        example: z.unknown().optional(),
      })
      .strict()
      .optional(),
    response: z
      .object({
        status: z.number().int().default(200),
        model: z.string().optional(),
        /** Realistic, and what the demo tenant answers where it has no richer behaviour. */
        example: z.unknown().optional(),
      })
      .strict()
      .optional(),
    /** What the caller's role needs, in the product's own words (`Threats → View`, `devices:review`). */
    permission: z.string().optional(),
    /** Sentinel Secure X: who calls the route (admin session, an agent, a workload client). */
    audience: z.enum(['public', 'admin', 'agent', 'workload']).optional(),
    /** The path prefix of the rate-limit rule that paces this endpoint (the connection's table). */
    rateLimit: z
      .object({ pathPrefix: z.string(), perSecond: z.number(), burst: z.number().int() })
      .strict()
      .optional(),
    flags: z
      .object({
        mutating: z.boolean(),
        destructive: z.boolean().default(false),
        /** Needs an approval by another admin before it takes effect. */
        protected: z.boolean().default(false),
      })
      .strict(),
    status: VerificationSchema,
    /** For `corrected`: what to use instead, and why. */
    correction: z
      .object({ use: z.string().optional(), note: z.string().min(1) })
      .strict()
      .optional(),
    /** Where the seed listed this endpoint (or something it got wrong about it). */
    seed: z
      .object({ method: z.string(), path: z.string(), note: z.string().optional() })
      .strict()
      .optional(),
    /** Markdown. */
    notes: z.string().optional(),
    /** True when we wrote full documentation (description, parameters, examples). */
    documented: z.boolean().default(false),
  })
  .strict();
export type Endpoint = z.infer<typeof EndpointSchema>;

export const CatalogGroupSchema = z
  .object({ id: z.string().min(1), title: z.string().min(1), description: z.string().default('') })
  .strict();

export const CatalogSchema = z
  .object({
    product: ProductSchema,
    version: z.literal(1),
    title: z.string(),
    /** e.g. `https://{tenant}.sentinelone.net/web/api/v2.1` */
    baseUrl: z.string(),
    groups: z.array(CatalogGroupSchema),
    endpoints: z.array(EndpointSchema),
  })
  .strict();
export type Catalog = z.infer<typeof CatalogSchema>;
