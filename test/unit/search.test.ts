import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDocs } from '../../scripts/reference/docs';
import {
  buildSearchDocuments,
  buildSearchIndex,
  pageSections,
} from '../../scripts/reference/search-build';
import {
  createSearch,
  snippet,
  type ReferenceSearch,
  type SearchResults,
} from '../../renderer/src/reference/search';
import {
  normalizeTerm,
  processIndexTerm,
  SEARCH_OPTIONS,
  tokenize,
} from '../../renderer/src/reference/search-options';
import type { DocPage, SearchKind } from '../../renderer/src/reference/types';
import { fixtureCatalogs, fixtureEndpointIds } from '../fixtures/docs/catalogs';

const FIXTURES = join(import.meta.dirname, '../fixtures/docs/pages');
const ROOT = join(import.meta.dirname, '../..');

function first(results: SearchResults, kind: SearchKind) {
  return results.groups.find((g) => g.kind === kind)?.results[0];
}

describe('search terms', () => {
  it('splits paths, placeholders and variables into words', () => {
    expect(tokenize('POST /dv/cancel-query')).toEqual(['POST', 'dv', 'cancel', 'query']);
    expect(tokenize('/threats/{threat_id}/notes $S1_API_TOKEN')).toEqual([
      'threats',
      'threat',
      'id',
      'notes',
      'S1',
      'API',
      'TOKEN',
    ]);
  });

  it('folds plurals and indexes camelCase parts', () => {
    expect(
      ['threats', 'queries', 'webhooks', 'access', 'status', 'analysis', 'dns'].map(normalizeTerm),
    ).toEqual(['threat', 'query', 'webhook', 'access', 'status', 'analysis', 'dns']);
    expect(processIndexTerm('nextCursor')).toEqual(['nextcursor', 'next', 'cursor']);
    expect(processIndexTerm('siteIds')).toEqual(['siteid', 'site', 'ids']);
  });

  it('cuts snippets around the first match on word boundaries', () => {
    const text = `${'alpha '.repeat(40)}the cursor comes back ${'omega '.repeat(40)}`;
    const cut = snippet(text, ['cursor']);
    expect(cut.startsWith('…alpha')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).toContain('the cursor comes back');
    expect(cut.length).toBeLessThanOrEqual(202);
    expect(snippet('short text', ['nothing'])).toBe('short text');
  });
});

describe('search over the fixture corpus', () => {
  let docs: DocPage[];
  let search: ReferenceSearch;

  beforeAll(async () => {
    docs = await loadDocs(FIXTURES, { endpointIds: fixtureEndpointIds });
    search = createSearch(buildSearchIndex({ docs, catalogs: Object.values(fixtureCatalogs) }));
  });

  it('indexes every page, section, endpoint and sample', () => {
    const documents = buildSearchDocuments({ docs, catalogs: Object.values(fixtureCatalogs) });
    const count = (kind: SearchKind) => documents.filter((d) => d.kind === kind).length;
    expect(count('page')).toBe(docs.length);
    expect(count('section')).toBe(
      docs.reduce((n, p) => n + p.headings.filter((h) => h.level > 1).length, 0),
    );
    expect(count('endpoint')).toBe(fixtureEndpointIds.length);
    expect(count('sample')).toBe(docs.reduce((n, p) => n + p.samples.length, 0));
    expect(search.documentCount).toBe(documents.length);
    expect(documents.find((d) => d.id === 'section:pagination/fetch-all-pages-1')).toMatchObject({
      title: 'Fetch all pages',
      route: '#/docs/pagination/fetch-all-pages-1',
      text: 'A second heading with the same text gets its own slug.',
    });
    expect(documents.find((d) => d.id === 'sample:pagination#0')).toMatchObject({
      title: 'Pagination › Cursor paging (cURL (bash))',
      route: '#/docs/pagination/cursor-paging',
    });
  });

  it('reads section text back without code blocks', () => {
    const pagination = docs.find((d) => d.id === 'pagination') as DocPage;
    const cursor = pageSections(pagination).find((s) => s.slug === 'cursor-paging');
    expect(cursor?.text).toBe(
      'Pass nextCursor back as cursor until it is null. GET /threats pages this way. More at https://github.com/example/paging-notes.',
    );
  });

  it('"webhooks management" finds the management page first, not the overview that says webhooks most', () => {
    const page = first(search.search('webhooks management'), 'page');
    expect(page).toMatchObject({ title: 'Webhook management', route: '#/docs/webhook-management' });
  });

  it('"dv cancel" finds POST /dv/cancel-query first', () => {
    for (const query of ['dv cancel', 'cancel-query', '/dv/cancel-query', 'DV CANCEL']) {
      expect(first(search.search(query), 'endpoint'), query).toMatchObject({
        method: 'POST',
        path: '/dv/cancel-query',
        route: '#/api/sentinelone.deep-visibility.cancel-query',
        product: 'sentinelone',
        group: 'Deep Visibility',
      });
    }
  });

  it('matches prefixes while typing', () => {
    expect(first(search.search('pagin'), 'page')?.route).toBe('#/docs/pagination');
    expect(first(search.search('mitig'), 'endpoint')?.path).toBe('/threats/mitigate/{action}');
    expect(first(search.search('nextCur'), 'section')?.route).toBe(
      '#/docs/pagination/cursor-paging',
    );
  });

  it('forgives a typo', () => {
    const results = search.search('paginaton');
    expect(first(results, 'page')).toMatchObject({
      route: '#/docs/pagination',
      matches: ['pagination'],
    });
  });

  it('groups results by kind, best group first, with matched terms and a snippet', () => {
    const results = search.search('cursor');
    const kinds = results.groups.map((g) => g.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toEqual(expect.arrayContaining(['page', 'section', 'endpoint', 'sample']));
    expect(results.groups.map((g) => g.label)).toEqual(
      kinds.map(
        (k) =>
          ({ page: 'Pages', section: 'Sections', endpoint: 'Endpoints', sample: 'Code samples' })[
            k
          ],
      ),
    );
    const best = results.groups.map((g) => g.results[0]?.score ?? 0);
    expect([...best].sort((a, b) => b - a)).toEqual(best);
    for (const group of results.groups) {
      for (const result of group.results) {
        expect(result.kind).toBe(group.kind);
        expect(result.matches).toContain('cursor');
      }
    }
    expect(first(results, 'section')?.snippet).toContain('cursor');
  });

  it('falls back to any word when no document has them all', () => {
    const results = search.search('pagination xylophone');
    expect(first(results, 'page')?.route).toBe('#/docs/pagination');
  });

  it('limits results in total and per group, and returns nothing for a blank query', () => {
    const all = search.search('pagination', { limit: 100, perGroup: 100 });
    const count = (r: SearchResults) => r.groups.reduce((n, g) => n + g.results.length, 0);
    expect(count(all)).toBeGreaterThan(4);
    expect(count(search.search('pagination', { limit: 3 }))).toBe(3);
    expect(
      search.search('pagination', { perGroup: 1 }).groups.every((g) => g.results.length === 1),
    ).toBe(true);
    expect(search.search('   ').groups).toEqual([]);
  });

  it('loads with the shared options only', () => {
    const json = buildSearchIndex({ docs, catalogs: Object.values(fixtureCatalogs) });
    const index = MiniSearch.loadJSON(json, SEARCH_OPTIONS);
    expect(index.search('webhook').length).toBeGreaterThan(0);
  });
});

describe('search over the real reference (resources/docs and resources/catalog)', () => {
  let search: ReferenceSearch;
  let docs: Record<string, DocPage>;

  beforeAll(async () => {
    // Imported here, so the fixture tests above run even when the real corpus does not build.
    const { buildReference } = await import('../../scripts/reference/bundle');
    const reference = await buildReference(ROOT);
    docs = reference.docs;
    search = createSearch(reference.search.index);
  }, 120_000);

  it('"webhooks management" finds the Webhook management page first (the seed found nothing)', () => {
    expect(first(search.search('webhooks management'), 'page')?.title).toContain(
      'Webhook management',
    );
  });

  it('"dv cancel" finds POST /dv/cancel-query first', () => {
    expect(first(search.search('dv cancel'), 'endpoint')).toMatchObject({
      method: 'POST',
      path: '/dv/cancel-query',
    });
  });

  it('prefixes: "pagin" finds pagination, "mitig" finds the mitigate endpoint', () => {
    expect(first(search.search('pagin'), 'page')?.route).toBe('#/docs/pagination');
    expect(first(search.search('mitig'), 'endpoint')).toMatchObject({
      method: 'POST',
      path: '/threats/mitigate/{action}',
    });
  });

  it('a typo ("paginaton") still finds pagination', () => {
    expect(first(search.search('paginaton'), 'page')?.route).toBe('#/docs/pagination');
  });

  it('groups results by kind', () => {
    const kinds = search.search('threats').groups.map((g) => g.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toEqual(expect.arrayContaining(['page', 'endpoint']));
  });

  it('finds every page by its title', () => {
    for (const page of Object.values(docs)) {
      const pages = search
        .search(page.title, { perGroup: 5 })
        .groups.find((g) => g.kind === 'page');
      expect(
        pages?.results.map((r) => r.route),
        page.title,
      ).toContain(`#/docs/${page.id}`);
    }
  });
});
