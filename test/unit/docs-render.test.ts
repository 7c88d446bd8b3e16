import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DocsBuildError,
  loadDocs,
  sanitizeDocHtml,
  slugify,
  type DocProblem,
} from '../../scripts/reference/docs';
import type { DocPage } from '../../renderer/src/reference/types';
import { fixtureEndpointIds } from '../fixtures/docs/catalogs';

const FIXTURES = join(import.meta.dirname, '../fixtures/docs/pages');
const scratch: string[] = [];

/** A docs folder with the given pages (`'console/a.md': '…'`). */
async function docsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'docs-render-'));
  scratch.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

function page(id: string, body: string, extra = '', section = 'console'): string {
  return `---\nid: ${id}\ntitle: Page ${id}\nsection: ${section}\ngroup: Tests\norder: 1\nsummary: A test page.\n${extra}---\n${body}`;
}

async function renderOne(body: string): Promise<DocPage> {
  const dir = await docsDir({ 'console/one.md': page('one', body) });
  const [only] = await loadDocs(dir, { endpointIds: fixtureEndpointIds });
  if (!only) throw new Error('no page rendered');
  return only;
}

/** The problems `loadDocs` reports, as `file-name:line: message` for readable assertions. */
async function problemsOf(files: Record<string, string>): Promise<string[]> {
  const dir = await docsDir(files);
  const error = await loadDocs(dir, { endpointIds: fixtureEndpointIds }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocsBuildError);
  const problems = (error as DocsBuildError).problems;
  for (const p of problems)
    expect((error as Error).message).toContain(`${p.file}:${p.line}: ${p.message}`);
  return problems.map(
    (p: DocProblem) => `${p.file.split('/').slice(-2).join('/')}:${p.line}: ${p.message}`,
  );
}

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('loadDocs on the fixture pages', () => {
  let pages: DocPage[];
  let pagination: DocPage;

  beforeAll(async () => {
    pages = await loadDocs(FIXTURES, { endpointIds: fixtureEndpointIds });
    pagination = pages.find((p) => p.id === 'pagination') as DocPage;
  });

  it('reads every page but README.md, sorted by section, group and order', () => {
    expect(pages.map((p) => p.id)).toEqual([
      'getting-started',
      'deep-visibility',
      'pagination',
      'rate-limits',
      'integrations',
      'webhook-management',
    ]);
    expect(pages[0]).toMatchObject({ section: 'console', group: 'Start here', seed: 'overview' });
    expect(pagination).not.toHaveProperty('seed');
    expect(pagination.keywords).toEqual(['cursor', 'nextCursor', 'totalItems']);
    expect(pagination.endpoints).toEqual(['sentinelone.threats.list']);
  });

  it('collects headings with stable, unique slugs', () => {
    expect(pagination.headings).toEqual([
      { slug: 'pagination', text: 'Pagination', level: 1 },
      { slug: 'cursor-paging', text: 'Cursor paging', level: 2 },
      { slug: 'fetch-all-pages', text: 'Fetch all pages', level: 2 },
      { slug: 'fetch-all-pages-1', text: 'Fetch all pages', level: 2 },
    ]);
    expect(pagination.html).toContain('<h2 id="cursor-paging">Cursor paging</h2>');
    expect(slugify('Retry-After & 429s — what to do')).toBe('retry-after-429s-what-to-do');
  });

  it('highlights code with both themes as CSS variables and wraps it for the Copy button', () => {
    expect(pagination.html).toContain(
      '<div class="code-block" data-lang="bash" data-sample-id="pagination#0"><pre class="shiki shiki-themes github-light github-dark"',
    );
    const bash = pagination.html.slice(pagination.html.indexOf('data-sample-id="pagination#0"'));
    expect(bash).toMatch(
      /<span style="--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}">curl<\/span>/,
    );
    // Colours only through variables: the theme switch needs no re-render.
    expect(pagination.html).not.toMatch(/style="[^"]*(?<!-)color:/);
    expect(pagination.html).toContain('<code class="language-python">');
  });

  it('keeps every code block as a sample with its language, text and run flag', () => {
    expect(
      pagination.samples.map(({ id, lang, run, line, anchor }) => ({
        id,
        lang,
        run,
        line,
        anchor,
      })),
    ).toEqual([
      { id: 'pagination#0', lang: 'bash', run: true, line: 22, anchor: 'cursor-paging' },
      { id: 'pagination#1', lang: 'python', run: true, line: 29, anchor: 'fetch-all-pages' },
      { id: 'pagination#2', lang: 'powershell', run: false, line: 34, anchor: 'fetch-all-pages' },
      { id: 'pagination#3', lang: 'json', run: false, line: 42, anchor: 'fetch-all-pages-1' },
    ]);
    expect(pagination.samples[0]?.code).toBe(
      'curl --fail-with-body -sS -H "Authorization: ApiToken $S1_API_TOKEN" \\\n  "$S1_BASE_URL/threats?limit=5"',
    );
  });

  it('marks external links and leaves internal ones as they are', () => {
    expect(pagination.html).toContain(
      '<a href="https://github.com/example/paging-notes" data-external="true" rel="noopener noreferrer">',
    );
    expect(pagination.html).toContain('<a href="#/docs/rate-limits/backoff">backoff advice</a>');
    expect(pagination.html).toContain('<a href="#/api/sentinelone.threats.list">GET /threats</a>');
  });

  it('keeps table alignment', () => {
    const limits = pages.find((p) => p.id === 'rate-limits') as DocPage;
    expect(limits.html).toContain('<th style="text-align:right">Per second</th>');
  });
});

describe('loadDocs refuses unsafe Markdown', () => {
  it('never passes raw HTML through', async () => {
    const { html } = await renderOne(
      '<script>alert(1)</script>\n\nText <img src=x onerror="alert(1)"> and <b onclick="x()">bold</b>.\n\n<iframe src="https://example.com"></iframe>\n',
    );
    expect(html).not.toMatch(/<(script|img|b|iframe)\b/);
    expect(html).not.toMatch(/<[^>]*\son\w+=/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('drops javascript:, vbscript: and data: links', async () => {
    const { html } = await renderOne(
      '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](vbscript:msgbox) [d](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(1)>\n',
    );
    expect(html).not.toMatch(/href="(javascript|vbscript|data):/i);
    expect(html).not.toContain('<a ');
  });

  it('sanitizes what the renderer emits to the allowlist', () => {
    expect(
      sanitizeDocHtml(
        '<a href="javascript:alert(1)" onclick="x()" target="_blank">a</a>' +
          '<span style="--shiki-light:#fff;color:red;background-image:url(https://x)">b</span>' +
          '<div class="code-block evil" data-lang="bash" style="position:fixed">c</div>' +
          '<img src="https://tracker.example/p.png"><img src="data:image/png;base64,AAAA">' +
          '<script>alert(1)</script><style>*{}</style><form><input></form>',
      ),
    ).toBe(
      '<a>a</a><span style="--shiki-light:#fff">b</span><div class="code-block" data-lang="bash">c</div>' +
        '<img /><img src="data:image/png;base64,AAAA" />',
    );
  });
});

describe('loadDocs reports every problem with file and line', () => {
  it('front matter: missing, invalid YAML, missing fields, wrong section, unknown keys', async () => {
    const problems = await problemsOf({
      'console/none.md': '# No front matter\n',
      'console/yaml.md': '---\nid: yaml\ntitle: [unclosed\n---\nBody\n',
      'console/fields.md': '---\nid: fields\nsection: console\n---\nBody\n',
      'console/folder.md': page('folder', 'Body\n', '', 'sentinelone'),
      'console/enum.md': page('enum', 'Body\n', '', 'elsewhere'),
      'console/extra.md': page('extra', 'Body\n', 'tags: [a]\norder2: 3\n'),
      'console/badid.md': page('Bad_Id', 'Body\n'),
      'loose.md': page('loose', 'Body\n'),
    });
    expect(problems).toEqual([
      'console/badid.md:2: front matter id: lower-case words joined by "-"',
      'console/enum.md:4: front matter section: Invalid option: expected one of "console"|"sentinelone"|"secure-x"',
      'console/extra.md:1: front matter: Unrecognized keys: "tags", "order2"',
      'console/fields.md:1: front matter title: Invalid input: expected string, received undefined',
      'console/fields.md:1: front matter group: Invalid input: expected string, received undefined',
      'console/fields.md:1: front matter order: Invalid input: expected number, received undefined',
      'console/fields.md:1: front matter summary: Invalid input: expected string, received undefined',
      'console/folder.md:4: section "sentinelone" must match the folder "console"',
      'console/none.md:1: the page must start with YAML front matter between two "---" lines',
      expect.stringMatching(/^console\/yaml\.md:3: front matter: /),
      expect.stringMatching(
        /loose\.md:1: pages live in a section folder \(console, sentinelone, secure-x\)$/,
      ),
    ]);
  });

  it('a duplicate id names the other file', async () => {
    const problems = await problemsOf({
      'console/a.md': page('same', 'A\n'),
      'sentinelone/b.md': page('same', 'B\n', '', 'sentinelone'),
    });
    expect(problems).toEqual([
      expect.stringMatching(/^sentinelone\/b\.md:1: id "same" is also used by .*console\/a\.md$/),
    ]);
  });

  it('links to missing pages, headings and endpoints, relative links and anchors', async () => {
    const problems = await problemsOf({
      'console/target.md': page('target', '## Real heading\n\nText.\n'),
      'console/links.md': page(
        'links',
        [
          'Fine: [t](#/docs/target), [h](#/docs/target/real-heading), [e](#/api/sentinelone.threats.list).',
          '',
          'A [missing page](#/docs/nowhere) here.',
          '',
          'Multi-line paragraph,',
          'a [missing heading](#/docs/target/unreal-heading)',
          'and [a missing endpoint](#/api/sentinelone.threats.nope).',
          '',
          '- [relative](other.md) and [bare](/threats) and [anchor](#real-heading) and [mail](mailto:a@b.c)',
          '',
          '![remote](https://example.com/x.png)',
          '',
          '| topic | page |',
          '| ----- | ---- |',
          '| in a table | [bad](#/docs/in-table) |',
        ].join('\n') + '\n',
        'endpoints: [sentinelone.threats.list, ssx.nope.nope]\n',
      ),
    });
    expect(problems).toEqual([
      'console/links.md:8: endpoints: no endpoint "ssx.nope.nope" in the catalogs',
      'console/links.md:12: no page "nowhere": #/docs/nowhere',
      'console/links.md:15: no heading "unreal-heading" on page "target" (it has: real-heading): #/docs/target/unreal-heading',
      'console/links.md:16: no endpoint "sentinelone.threats.nope" in the catalogs: #/api/sentinelone.threats.nope',
      'console/links.md:18: links must be #/docs/<page>[/<heading>], #/api/<endpoint> or http(s)://: other.md',
      'console/links.md:18: links must be #/docs/<page>[/<heading>], #/api/<endpoint> or http(s)://: /threats',
      'console/links.md:18: in-page anchors break the hash router; link #/docs/<page>/<heading>: #real-heading',
      'console/links.md:18: links must be #/docs/<page>[/<heading>], #/api/<endpoint> or http(s)://: mailto:a@b.c',
      'console/links.md:20: images must be data: URLs (bundled files are not supported yet): https://example.com/x.png',
      'console/links.md:24: no page "in-table": #/docs/in-table',
    ]);
  });

  it('code blocks: unknown language, unknown flag, run on a language CI cannot run, indented code', async () => {
    const problems = await problemsOf({
      'console/code.md': page(
        'code',
        '```rust\nfn main() {}\n```\n\n```bash runn\necho\n```\n\n```powershell run\nGet-Date\n```\n\nText:\n\n    indented code\n',
      ),
    });
    expect(problems).toEqual([
      'console/code.md:9: code language "rust" is not one of bash, python, powershell, go, json, sql, graphql, yaml, http, typescript, text',
      'console/code.md:13: unknown fence flag(s) runn (only "run")',
      'console/code.md:17: only bash and python samples can "run"',
      'console/code.md:23: indented code block: use a fenced block with a language',
    ]);
  });
});
