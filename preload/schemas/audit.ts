/** Audit log schemas of the contract: the hash-chained record of every mutating call. */
import { z } from 'zod';

export const AuditOutcomeSchema = z.enum(['sent', 'refused', 'failed', 'cancelled']);
export type AuditOutcomeName = z.infer<typeof AuditOutcomeSchema>;

export const AuditEntrySchema = z.object({
  version: z.number().int(),
  seq: z.number().int(),
  at: z.string(),
  actor: z.string().optional(),
  connectionId: z.string(),
  connectionName: z.string(),
  environment: z.string(),
  method: z.string(),
  url: z.string(),
  status: z.number().int().nullable(),
  outcome: AuditOutcomeSchema,
  errorCode: z.string().optional(),
  confirmed: z.boolean().optional(),
  targetCount: z.number().int().optional(),
  bodySha256: z.string().optional(),
  durationMs: z.number().optional(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntryShape = z.infer<typeof AuditEntrySchema>;

export const AuditListInputSchema = z
  .object({
    limit: z.number().int().min(1).max(1000).default(100),
    before: z.number().int().min(1).optional(),
    connectionId: z.string().max(100).optional(),
    method: z.string().max(10).optional(),
    outcome: AuditOutcomeSchema.optional(),
    text: z.string().max(500).optional(),
  })
  .strict();

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  nextBefore: z.number().int().nullable(),
  unreadableLines: z.number().int(),
});

export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  firstSeq: z.number().int().nullable().optional(),
  lastSeq: z.number().int().nullable().optional(),
  /** Where the chain breaks, and why, in plain words. */
  message: z.string().optional(),
  brokenAt: z
    .object({ file: z.string(), line: z.number().int(), seq: z.number().int().nullable() })
    .optional(),
});
export type AuditVerifyShape = z.infer<typeof AuditVerifySchema>;
