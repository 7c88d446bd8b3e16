import { z } from 'zod';
import { ConnectionConfigSchema, type ConnectionConfig } from '../../../preload/contract';
import { AppError } from '../errors';

export const EXPORT_FORMAT = 'sentinel-operator-console/connections';

const ExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  connections: z.array(z.unknown()).max(1000),
});

/** A shareable document: configs only. Secrets are never part of a connection's config. */
export function exportConnections(configs: ConnectionConfig[]): string {
  return (
    JSON.stringify(
      {
        format: EXPORT_FORMAT,
        version: 1,
        exportedAt: new Date().toISOString(),
        connections: configs,
      },
      null,
      2,
    ) + '\n'
  );
}

export interface ParsedImport {
  configs: ConnectionConfig[];
  skipped: string[];
}

/** Reads an export; each bad entry is skipped with a reason, the rest are kept. */
export function parseImport(
  json: string,
  normalize: (c: ConnectionConfig) => ConnectionConfig,
): ParsedImport {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new AppError(
      'invalid_input',
      `The file is not JSON (${err instanceof Error ? err.message : String(err)}). Pick a file exported by this console.`,
    );
  }
  const doc = ExportSchema.safeParse(raw);
  if (!doc.success) {
    throw new AppError(
      'invalid_input',
      `This is not a connections export of this console (expected "format": "${EXPORT_FORMAT}", "version": 1).`,
    );
  }
  const configs: ConnectionConfig[] = [];
  const skipped: string[] = [];
  doc.data.connections.forEach((entry, i) => {
    const label = (entry as { name?: unknown })?.name;
    const name = typeof label === 'string' ? label : `entry ${i + 1}`;
    const parsed = ConnectionConfigSchema.safeParse(entry);
    if (!parsed.success) {
      skipped.push(
        `${name}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
      return;
    }
    try {
      configs.push(normalize(parsed.data));
    } catch (err) {
      skipped.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return { configs, skipped };
}
