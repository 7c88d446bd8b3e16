import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { csvRow, flattenItem } from './csv';

export type ExportFormat = 'json' | 'ndjson' | 'csv';

export interface ExportOutcome {
  bytes: number;
  rows: number;
  columns?: string[];
}

/** Each line of a JSON Lines file, without loading the file. */
async function* jsonLines(path: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') yield line;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Writes the merged items in `source` (JSON Lines) as `format` to `target`, streaming:
 * memory stays bounded by one item (CSV reads the file twice: the header is the union
 * of every item's flattened names, in first-seen order). The file appears complete or
 * not at all (written beside it, then renamed).
 */
export async function exportItems(
  source: string,
  target: string,
  format: ExportFormat,
  options: { spreadsheetSafe: boolean },
): Promise<ExportOutcome> {
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.part`;
  const out = createWriteStream(partial, { mode: 0o600 });
  let rows = 0;
  let columns: string[] | undefined;
  try {
    if (format === 'ndjson') {
      for await (const line of jsonLines(source)) {
        await write(out, `${line}\n`);
        rows++;
      }
    } else if (format === 'json') {
      await write(out, '[');
      for await (const line of jsonLines(source)) {
        await write(out, `${rows === 0 ? '\n' : ',\n'}${line}`);
        rows++;
      }
      await write(out, rows === 0 ? ']\n' : '\n]\n');
    } else {
      const names = new Map<string, number>();
      for await (const line of jsonLines(source)) {
        for (const name of flattenItem(JSON.parse(line), options).keys()) {
          if (!names.has(name)) names.set(name, names.size);
        }
      }
      columns = [...names.keys()];
      await write(out, csvRow(columns));
      for await (const line of jsonLines(source)) {
        const cells = flattenItem(JSON.parse(line), options);
        await write(out, csvRow(columns.map((c) => cells.get(c) ?? '')));
        rows++;
      }
    }
    out.end();
    await once(out, 'close');
    await rename(partial, target);
  } catch (err) {
    out.destroy();
    await rm(partial, { force: true });
    throw err;
  }
  return { bytes: (await stat(target)).size, rows, ...(columns && { columns }) };
}
