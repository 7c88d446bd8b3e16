/**
 * Reference search benchmark: index load time and per-keystroke query latency over the
 * whole real corpus, against a naive baseline measured in the same run (a linear scan doing
 * case-insensitive substring matching over every document's text).
 *
 *   npx tsx bench/search.bench.ts        (or npm run bench:search)
 *
 * Prints a table and writes bench/results/search.json. Not part of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { buildReference, PRODUCTS } from '../scripts/reference/bundle';
import { buildSearchDocuments } from '../scripts/reference/search-build';
import { createSearch, type SearchResults } from '../renderer/src/reference/search';
import { SEARCH_OPTIONS } from '../renderer/src/reference/search-options';
import type { SearchDocument } from '../renderer/src/reference/types';

const ROOT = join(import.meta.dirname, '..');
const LOAD_RUNS = 20;
const PREFIX_COUNT = 200;
const ROUNDS = 3;

/** What operators type; every prefix of each is a keystroke of the palette. */
const QUERIES = [
  'threats list',
  'dv cancel',
  'pagination cursor',
  'isolate endpoint',
  'webhook management',
  'mark as resolved',
  'rate limit 429',
  'api token expiry',
  'agents disconnect',
  'deep visibility query',
  'powerquery',
  'threat notes',
  'mitigate quarantine',
  'exclusions hash',
  'sites list',
  'activities types',
  'incident status',
  'admin sessions revoke',
  'device identity review',
  'update campaign',
  'recovery codes',
  'workload trust',
  'graphql alerts',
  'dns exfiltration',
  'lateral movement',
];

/** Top result expectations from the issue and the search test, for both engines. */
const QUALITY: Array<{ query: string; ok: (top: SearchDocument | undefined) => boolean }> = [
  {
    query: 'webhooks management',
    ok: (d) => d?.kind === 'page' && /webhook management/i.test(d.title),
  },
  { query: 'dv cancel', ok: (d) => d?.kind === 'endpoint' && d.path === '/dv/cancel-query' },
  { query: 'pagin', ok: (d) => d?.kind === 'page' && d.route === '#/docs/pagination' },
  { query: 'mitig', ok: (d) => d?.kind === 'endpoint' && d.path === '/threats/mitigate/{action}' },
  { query: 'paginaton', ok: (d) => d?.kind === 'page' && d.route === '#/docs/pagination' },
];

/** Every prefix (2+ characters, not ending in a space), then 200 of them evenly spaced. */
function typedPrefixes(): string[] {
  const all = QUERIES.flatMap((q) =>
    Array.from({ length: q.length - 1 }, (_, i) => q.slice(0, i + 2)).filter(
      (p) => !p.endsWith(' '),
    ),
  );
  return Array.from(
    { length: PREFIX_COUNT },
    (_, i) => all[Math.floor((i * all.length) / PREFIX_COUNT)] as string,
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function time<T>(fn: () => T): [number, T] {
  const start = performance.now();
  const value = fn();
  return [performance.now() - start, value];
}

/** The baseline: lower-cased texts, every query word must be a substring; title hits first. */
function createBaseline(documentsJson: string) {
  const documents = JSON.parse(documentsJson) as SearchDocument[];
  const haystacks = documents.map((d) => ({
    doc: d,
    title: d.title.toLowerCase(),
    all: [d.title, d.method, d.path, d.keywords, d.text].filter(Boolean).join(' ').toLowerCase(),
  }));
  return {
    search(query: string): SearchDocument[] {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const hits: Array<{ doc: SearchDocument; score: number }> = [];
      for (const h of haystacks) {
        if (!words.every((w) => h.all.includes(w))) continue;
        hits.push({ doc: h.doc, score: words.filter((w) => h.title.includes(w)).length });
      }
      return hits.sort((a, b) => b.score - a.score).map((h) => h.doc);
    },
  };
}

function topOf(
  results: SearchResults,
  documents: Map<string, SearchDocument>,
): SearchDocument | undefined {
  const best = results.groups[0]?.results[0];
  return best ? documents.get(best.id) : undefined;
}

async function main(): Promise<void> {
  const [buildMs, reference] = await (async () => {
    const start = performance.now();
    const built = await buildReference(ROOT);
    return [performance.now() - start, built] as const;
  })();
  const indexJson = reference.search.index;
  const documents = buildSearchDocuments({
    docs: Object.values(reference.docs),
    catalogs: PRODUCTS.map((p) => reference.catalogs[p]),
  });
  const documentsJson = JSON.stringify(documents);
  const byId = new Map(documents.map((d) => [d.id, d]));

  const loadOurs: number[] = [];
  const loadBase: number[] = [];
  for (let i = 0; i < LOAD_RUNS; i++) {
    loadOurs.push(time(() => MiniSearch.loadJSON(indexJson, SEARCH_OPTIONS))[0]);
    loadBase.push(time(() => createBaseline(documentsJson))[0]);
  }

  const ours = createSearch(indexJson);
  const baseline = createBaseline(documentsJson);
  const prefixes = typedPrefixes();
  for (const q of prefixes) {
    ours.search(q);
    baseline.search(q);
  }
  const latOurs: number[] = [];
  const latBase: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of prefixes) {
      latOurs.push(time(() => ours.search(q))[0]);
      latBase.push(time(() => baseline.search(q))[0]);
    }
  }

  const quality = QUALITY.map(({ query, ok }) => ({
    query,
    ours: ok(topOf(ours.search(query), byId)),
    baseline: ok(baseline.search(query)[0]),
  }));

  const round3 = (n: number) => Math.round(n * 1000) / 1000;
  const rows = [
    {
      metric: 'index load, median of 20 (ms)',
      ours: percentile(loadOurs, 50),
      baseline: percentile(loadBase, 50),
    },
    { metric: 'query p50 (ms)', ours: percentile(latOurs, 50), baseline: percentile(latBase, 50) },
    { metric: 'query p95 (ms)', ours: percentile(latOurs, 95), baseline: percentile(latBase, 95) },
  ].map((r) => ({
    ...r,
    ours: round3(r.ours),
    baseline: round3(r.baseline),
    ratio: round3(r.ours / r.baseline),
  }));

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
  const corpus = {
    documents: documents.length,
    pages: Object.keys(reference.docs).length,
    endpoints: PRODUCTS.reduce((n, p) => n + reference.catalogs[p].endpoints.length, 0),
    indexBytes: Buffer.byteLength(indexJson),
    documentsBytes: Buffer.byteLength(documentsJson),
    buildMs: Math.round(buildMs),
  };

  console.log(
    `Corpus: ${corpus.documents} documents (${corpus.pages} pages, ${corpus.endpoints} endpoints), index ${(corpus.indexBytes / 1024).toFixed(0)} KiB; reference build ${corpus.buildMs} ms`,
  );
  console.log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}`,
  );
  console.log(
    `Queries: ${prefixes.length} typed prefixes of ${QUERIES.length} queries, ${ROUNDS} rounds after a warm-up\n`,
  );
  console.table(rows);
  console.table(quality);

  const outDir = join(ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'search.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine, corpus, queries: QUERIES, prefixes, rows, quality }, null, 2)}\n`,
  );
  console.log(`\nWrote bench/results/search.json`);
}

await main();
