import type { z } from 'zod';
import { invalidRequest, type SsxFieldIssue } from './errors';

/**
 * Validates a parsed JSON body against a zod schema; every problem becomes one
 * `{ field, problem }` entry in the 400's `details`, so a client can mark each field.
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined) {
    throw invalidRequest('This route needs a JSON body.', [
      { field: 'body', problem: 'The request had no body.' },
    ]);
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  // One problem per field, the first: zod 4 still runs `.min()` on a value of the wrong
  // type (an array for a string), which would add a second, confusing entry.
  const byField = new Map<string, SsxFieldIssue>();
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'body';
    if (!byField.has(field)) byField.set(field, { field, problem: issue.message });
  }
  const issues = [...byField.values()];
  throw invalidRequest('The request body is not valid; see details for each field.', issues);
}
