import type { ConfirmationRequest, EnvironmentLabel } from '../../../preload/contract';

const ENVIRONMENTS: readonly EnvironmentLabel[] = ['production', 'staging', 'sandbox', 'demo'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `details` of a `confirmation_required` error, checked by hand rather than
 * with the contract's zod schema so zod stays out of the renderer bundle. Null
 * when main sent something else: then the error is shown as it is, never confirmed blind.
 */
export function readConfirmationRequest(details: unknown): ConfirmationRequest | null {
  if (!isRecord(details)) return null;
  const d = details;
  const strings = ['token', 'connectionName', 'method', 'url', 'reason'] as const;
  if (!strings.every((k) => typeof d[k] === 'string')) return null;
  if (typeof d.destructive !== 'boolean') return null;
  if (!ENVIRONMENTS.includes(d.environment as EnvironmentLabel)) return null;
  if (d.body !== undefined && typeof d.body !== 'string') return null;
  if (d.targetCount !== undefined && typeof d.targetCount !== 'number') return null;
  return {
    token: d.token as string,
    connectionName: d.connectionName as string,
    environment: d.environment as EnvironmentLabel,
    method: d.method as string,
    url: d.url as string,
    body: d.body as string | undefined,
    targetCount: d.targetCount as number | undefined,
    destructive: d.destructive,
    reason: d.reason as string,
  };
}

/** The body as the operator should read it: indented when it is JSON, as sent otherwise. */
export function prettyConfirmationBody(body: string | undefined): string {
  if (!body) return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
