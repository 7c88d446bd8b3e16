/**
 * The developer panel's view of the built-in demo tenants' fault switches. The demo
 * itself checks the ranges and combinations (main/demo/sentinelone/fault-rules.ts) and
 * answers `invalid_input` naming the rule and field; this is the shape for the UI.
 */
import { z } from 'zod';

export const DemoFaultRuleSchema = z.object({
  /** A route name such as `GET /threats` or `POST /threats/mitigate/:action`, or `*`. */
  route: z.string().min(1).max(200),
  latencyMs: z.number().int().min(0).optional(),
  status: z.number().int().optional(),
  body: z.unknown().optional(),
  rateLimit429: z.object({ retryAfterSeconds: z.number().int() }).optional(),
  malformed: z.literal(true).optional(),
  drop: z.enum(['before-headers', 'mid-body']).optional(),
  /** 200 with a generated body of exactly `bytes` (1 KiB–512 MiB), streamed. */
  hugeBody: z
    .object({
      bytes: z.number().int(),
      shape: z.enum(['threats-json', 'text']).optional(),
    })
    .optional(),
  /** Abort the connection with a TCP RST (the console reports `connection_reset`). */
  reset: z.literal(true).optional(),
  times: z.number().int().min(1).optional(),
});
export type DemoFaultRuleInput = z.input<typeof DemoFaultRuleSchema>;

export const DemoFaultRuleStateSchema = DemoFaultRuleSchema.extend({
  /** Uses left (null: until cleared). */
  remaining: z.number().int().nullable(),
});
export type DemoFaultRuleStateShape = z.infer<typeof DemoFaultRuleStateSchema>;

export const DemoFaultsSchema = z.object({
  rules: z.array(DemoFaultRuleStateSchema),
  /** Every route name a rule may give besides `*`, as the demo's router writes them. */
  routes: z.array(z.string()),
});

/** The demo's rate-limit enforcement switch and the size of the table it enforces. */
export const DemoRateLimitsSchema = z.object({
  enabled: z.boolean(),
  /** Rules in the per-path table (the same defaults a new connection gets). */
  rules: z.number().int(),
});
