import { z } from 'zod';
import type { DemoFaultRule } from './types';

/** A test that wants a hung server uses `drop` or a stopped tenant, not an hour of latency. */
export const MAX_FAULT_LATENCY_MS = 60_000;
export const MAX_FAULT_RETRY_AFTER_SECONDS = 3_600;
export const MAX_FAULT_RULES = 50;
/** The largest `hugeBody` the demo streams; the console itself accepts up to 2 GiB. */
export const MAX_HUGE_BODY_BYTES = 512 * 1024 * 1024;
/** Smaller than this the envelope itself would not fit. */
export const MIN_HUGE_BODY_BYTES = 1024;

const ANSWERS = ['status', 'rateLimit429', 'malformed', 'drop', 'hugeBody', 'reset'] as const;

const FaultRule = z
  .object({
    route: z.string().min(1).max(200),
    latencyMs: z.number().int().min(0).max(MAX_FAULT_LATENCY_MS).optional(),
    status: z.number().int().min(400).max(599).optional(),
    body: z.unknown().optional(),
    rateLimit429: z
      .object({
        retryAfterSeconds: z.number().int().min(0).max(MAX_FAULT_RETRY_AFTER_SECONDS),
      })
      .strict()
      .optional(),
    malformed: z.literal(true).optional(),
    drop: z.enum(['before-headers', 'mid-body']).optional(),
    hugeBody: z
      .object({
        bytes: z.number().int().min(MIN_HUGE_BODY_BYTES).max(MAX_HUGE_BODY_BYTES),
        shape: z.enum(['threats-json', 'text']).default('threats-json'),
      })
      .strict()
      .optional(),
    reset: z.literal(true).optional(),
    times: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

const FaultRules = z.array(FaultRule).max(MAX_FAULT_RULES);

/**
 * A route name with its parameter names left out (`POST /a/:id/b`, `POST /a/{id}/b` and
 * `POST /a/<id>/b` are one route), so a rule matches however the operator spelled them.
 */
export function routeShape(name: string): string {
  return name
    .trim()
    .split('/')
    .map((segment) => (/^(:\w+|\{\w+\}|<\w+>)$/.test(segment) ? ':' : segment))
    .join('/');
}

function describeIssue(issue: z.ZodError['issues'][number]): string {
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Checks what zod cannot see alone: one answer per rule, and route names the router knows. */
function checkRule(
  rule: DemoFaultRule,
  index: number,
  routes: ReadonlySet<string>,
  shapes: ReadonlySet<string>,
): void {
  const answers = ANSWERS.filter((name) => rule[name] !== undefined);
  if (answers.length > 1) {
    throw new RangeError(`${index}: Choose one of ${answers.join(', ')}; a rule has one answer.`);
  }
  if (answers.length === 0 && rule.latencyMs === undefined) {
    throw new RangeError(
      `${index}: The rule does nothing; give latencyMs or one of ${ANSWERS.join(', ')}.`,
    );
  }
  if (rule.body !== undefined && rule.status === undefined) {
    throw new RangeError(`${index}.body: A body is only sent with "status".`);
  }
  if (rule.route !== '*' && !shapes.has(routeShape(rule.route))) {
    const examples = [...routes].slice(0, 3).join('", "');
    throw new RangeError(
      `${index}.route: "${rule.route.slice(0, 80)}" is not a route of the demo tenant; use a ` +
        `route name such as "${examples}", or "*".`,
    );
  }
}

/**
 * Validates fault rules from a test or the control app. Throws a RangeError whose message
 * names the rule index and field, e.g. `0.latencyMs: Too big: expected number to be <=60000`.
 */
export function parseFaultRules(input: unknown, routes: ReadonlySet<string>): DemoFaultRule[] {
  const parsed = FaultRules.safeParse(input);
  if (!parsed.success) {
    throw new RangeError(parsed.error.issues.slice(0, 3).map(describeIssue).join('; '));
  }
  const rules = parsed.data as DemoFaultRule[];
  const shapes = new Set([...routes].map(routeShape));
  rules.forEach((rule, index) => checkRule(rule, index, routes, shapes));
  return rules;
}
