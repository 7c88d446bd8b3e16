/** The explorer's open tabs, kept by main so they survive a restart (never a secret main knows). */
import { z } from 'zod';

const Row = z
  .object({
    id: z.string().max(100),
    name: z.string().max(4096),
    value: z.string().max(65_536),
    enabled: z.boolean(),
  })
  .strict();

export const DraftRequestSchema = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
    path: z.string().max(16_384),
    params: z.array(Row).max(500),
    headers: z.array(Row).max(500),
    bodyText: z.string().max(5_000_000),
  })
  .strict();
export type DraftRequest = z.infer<typeof DraftRequestSchema>;

export const PersistedTabSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    /** The operator's name for the tab; otherwise the UI shows method and path. */
    title: z.string().max(200).optional(),
    connectionId: z.string().max(100).nullable(),
    draft: DraftRequestSchema,
    /** Where the tab was saved, and the draft as saved (to show the unsaved marker). */
    saved: z
      .object({
        collectionId: z.string().max(200),
        path: z.string().max(4096),
        snapshot: z.string().max(5_000_000),
        /** The file's revision when it was read or saved (a save on a newer one is a conflict). */
        revision: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PersistedTab = z.infer<typeof PersistedTabSchema>;

export const DraftsSchema = z
  .object({
    tabs: z.array(PersistedTabSchema).max(100),
    activeId: z.string().max(100).nullable(),
  })
  .strict();
export type Drafts = z.infer<typeof DraftsSchema>;
