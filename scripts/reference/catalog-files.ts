import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';

const MARKER = join('resources', 'catalog', 'source', 'sentinelone-v2.1-operations.json');

/**
 * The folder holding `resources/catalog/`. Walks up from this file instead of a fixed
 * `../..`, because the same code runs from `scripts/reference/` (tests, tsx) and bundled
 * into `out/main/` (the app, where the folder sits inside the asar archive).
 */
export function findRepoRoot(start: string = import.meta.dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, MARKER))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No ${MARKER} above ${start}.`);
    dir = parent;
  }
}

/** Every problem of one build, each naming its file and entry; thrown together. */
export class CatalogBuildError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`The API catalogs have ${count}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogBuildError';
    this.problems = problems;
  }
}

export class Problems {
  readonly list: string[] = [];

  constructor(private readonly root: string) {}

  /** `file` is absolute or relative to the root; `entry` names the entry (`GET /threats`, an id). */
  add(file: string, entry: string | undefined, message: string): void {
    const where = this.rel(file);
    this.list.push(entry ? `${where}: ${entry}: ${message}` : `${where}: ${message}`);
  }

  /** One problem per zod issue, with the issue's path inside the entry. */
  addZod(file: string, entry: string | undefined, error: z.ZodError): void {
    for (const issue of error.issues) {
      const path = issue.path.map(String).join('.');
      this.add(file, entry, path ? `${path}: ${issue.message}` : issue.message);
    }
  }

  rel(file: string): string {
    const rel = file.startsWith(this.root) ? relative(this.root, file) : file;
    return rel.split(sep).join('/');
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new CatalogBuildError(this.list);
  }
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** Parses one YAML file; syntax errors and duplicate keys become problems (and `undefined`). */
export function readYaml(file: string, problems: Problems): unknown {
  const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) problems.add(file, undefined, err.message.split('\n')[0] ?? '');
    return undefined;
  }
  return doc.toJS() as unknown;
}

/** `<dir>/*.yaml` (and `.yml`), sorted, with `_`-prefixed files split off. */
export function listYaml(dir: string): { content: string[]; groupsFile?: string } {
  if (!existsSync(dir)) return { content: [] };
  const names = readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort();
  const groups = names.find((n) => /^_groups\.ya?ml$/.test(n));
  return {
    content: names.filter((n) => !n.startsWith('_')).map((n) => join(dir, n)),
    ...(groups && { groupsFile: join(dir, groups) }),
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
