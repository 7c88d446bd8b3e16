/**
 * Console settings of the contract: one document in `<dataDir>/settings.json`, in groups
 * (`history`, `explorer`, …). A new group is a new key here with defaults for every field,
 * so an older file without it still reads.
 */
import { z } from 'zod';

export const HISTORY_SETTING_DEFAULTS = {
  enabled: true,
  maxEntries: 5000,
  maxAgeDays: 30,
  maxBodyBytes: 256 * 1024,
} as const;

export const HistorySettingsSchema = z.object({
  /** Off: sends are not recorded (entries already kept stay until cleared or expired). */
  enabled: z.boolean().default(HISTORY_SETTING_DEFAULTS.enabled),
  /** The newest this many sends are kept. */
  maxEntries: z.number().int().min(1).max(100_000).default(HISTORY_SETTING_DEFAULTS.maxEntries),
  /** Sends older than this many days are dropped. */
  maxAgeDays: z.number().int().min(1).max(3650).default(HISTORY_SETTING_DEFAULTS.maxAgeDays),
  /** Response bodies up to this size are kept in the entry; bigger ones as a file beside it. */
  maxBodyBytes: z
    .number()
    .int()
    .min(0)
    .max(64 * 1024 * 1024)
    .default(HISTORY_SETTING_DEFAULTS.maxBodyBytes),
});
export type HistorySettings = z.infer<typeof HistorySettingsSchema>;

/** Reserved for the explorer's own settings; empty for now. */
export const ExplorerSettingsSchema = z.object({});

export const SettingsSchema = z.object({
  history: HistorySettingsSchema.default(HistorySettingsSchema.parse({})),
  explorer: ExplorerSettingsSchema.default({}),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** A change to some settings: every level strict, so a misspelt or unknown key is refused. */
export const SettingsPatchSchema = z
  .object({
    history: z
      .object({
        enabled: z.boolean(),
        maxEntries: HistorySettingsSchema.shape.maxEntries.unwrap(),
        maxAgeDays: HistorySettingsSchema.shape.maxAgeDays.unwrap(),
        maxBodyBytes: HistorySettingsSchema.shape.maxBodyBytes.unwrap(),
      })
      .partial()
      .strict()
      .optional(),
    explorer: ExplorerSettingsSchema.strict().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
