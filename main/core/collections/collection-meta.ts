import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CollectionVariableNameSchema } from '../../../preload/schemas/collections';
import { AppError } from '../errors';
import { checkVersion, parseYaml, toYaml } from './request-file';

/**
 * `collection.yaml` at a collection's root (its name, collection-scope
 * variables with non-secret values, the names of the secret ones, the root's
 * order) and the optional `_folder.yaml` of any folder (display name,
 * description, order of its entries by file or folder name).
 */
export const COLLECTION_FILE = 'collection.yaml';
export const FOLDER_FILE = '_folder.yaml';
export const META_VERSION = 1;

const Order = z.array(z.string().min(1).max(255)).max(10_000);

const CollectionMetaSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(100_000).optional(),
  variables: z.record(CollectionVariableNameSchema, z.string().max(65_536)).default({}),
  secretVariables: z.array(CollectionVariableNameSchema).max(1000).default([]),
  order: Order.optional(),
});
export type CollectionMeta = z.output<typeof CollectionMetaSchema>;

const FolderMetaSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(100_000).optional(),
  order: Order.optional(),
});
export type FolderMeta = z.output<typeof FolderMetaSchema>;

function scalarsAsText(record: unknown): unknown {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return record;
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [
      k,
      typeof v === 'number' || typeof v === 'boolean' ? String(v) : v,
    ]),
  );
}

function invalid(what: string, error: z.ZodError): AppError {
  const issue = error.issues[0]!;
  return new AppError(
    'collection_file_invalid',
    `${what}: ${issue.path.join('.') || '(top level)'}: ${issue.message}. Fix the file and reload.`,
  );
}

export function parseCollectionMeta(text: string): CollectionMeta {
  const what = `The collection's ${COLLECTION_FILE}`;
  const { version: _v, ...doc } = checkVersion(parseYaml(text, what), what, META_VERSION);
  const parsed = CollectionMetaSchema.safeParse({
    ...doc,
    name: typeof doc.name === 'number' ? String(doc.name) : doc.name,
    variables: scalarsAsText(doc.variables ?? {}),
  });
  if (!parsed.success) throw invalid(what, parsed.error);
  return parsed.data;
}

export function serializeCollectionMeta(meta: CollectionMeta): string {
  const doc: Record<string, unknown> = { version: META_VERSION, name: meta.name };
  if (meta.description) doc.description = meta.description;
  const names = Object.keys(meta.variables).sort();
  if (names.length) doc.variables = Object.fromEntries(names.map((n) => [n, meta.variables[n]]));
  if (meta.secretVariables.length) doc.secretVariables = [...new Set(meta.secretVariables)].sort();
  if (meta.order?.length) doc.order = [...meta.order];
  return toYaml(doc);
}

export function parseFolderMeta(text: string, where: string): FolderMeta {
  const what = `${where}/${FOLDER_FILE}`;
  const { version: _v, ...doc } = checkVersion(parseYaml(text, what), what, META_VERSION);
  const parsed = FolderMetaSchema.safeParse(doc);
  if (!parsed.success) throw invalid(what, parsed.error);
  return parsed.data;
}

export function serializeFolderMeta(meta: FolderMeta): string {
  const doc: Record<string, unknown> = { version: META_VERSION };
  if (meta.name) doc.name = meta.name;
  if (meta.description) doc.description = meta.description;
  if (meta.order?.length) doc.order = [...meta.order];
  return toYaml(doc);
}

/** The root's `collection.yaml`, or undefined when there is none (a symlink there is refused). */
export async function readCollectionMeta(root: string): Promise<CollectionMeta | undefined> {
  const abs = join(root, COLLECTION_FILE);
  const st = await lstat(abs).catch(() => undefined);
  if (!st) return undefined;
  if (!st.isFile()) {
    throw new AppError('collection_file_invalid', `${COLLECTION_FILE} is not a regular file.`);
  }
  return parseCollectionMeta(await readFile(abs, 'utf8'));
}
