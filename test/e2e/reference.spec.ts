/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ExplorerPage } from './pages/explorer-page';
import { buildReference, type ReferenceBundle } from '../../scripts/reference/bundle';

let bundle: ReferenceBundle;

test.beforeAll(async () => {
  // The same reference the app was built with, to know which pages and groups must open.
  bundle = await buildReference(process.cwd());
});

async function openHash(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

async function search(page: Page, query: string) {
  await page.keyboard.press('ControlOrMeta+k');
  const input = page.getByTestId('search-input');
  await expect(input).toBeVisible();
  await input.fill(query);
  const first = page.getByTestId('search-result').first();
  await expect(first).toBeVisible();
  return first;
}

test.describe('offline reference', () => {
  test('every page, product and group opens with no network and no console error', async ({
    page,
    app,
  }) => {
    test.setTimeout(180_000);
    await app.openOn('explorer');
    const docs = Object.values(bundle.docs);
    expect(docs.length).toBeGreaterThanOrEqual(40);
    for (const doc of docs) {
      await openHash(page, `#/docs/${doc.id}`);
      await expect(
        page.locator(`[data-testid="doc-page"][data-page-id="${doc.id}"]`),
      ).toBeVisible();
      await expect(page.getByTestId('doc-body')).toContainText(
        doc.title.split(' (')[0]!.slice(0, 20),
      );
    }
    for (const product of bundle.index.products) {
      await openHash(page, `#/api/${product.product}`);
      await expect(
        page.locator(`[data-testid="catalog-product"][data-product="${product.product}"]`),
      ).toBeVisible();
      for (const group of product.groups) {
        await openHash(page, `#/api/${product.product}/${group.id}`);
        await expect(
          page.locator(`[data-testid="catalog-group"][data-group="${group.id}"]`),
        ).toBeVisible();
        await expect(page.getByTestId('catalog-endpoint')).toHaveCount(group.endpoints.length);
      }
      // One endpoint page of each group, so every group's descriptions render.
      for (const group of product.groups) {
        const e = group.endpoints[0]!;
        await openHash(page, `#/api/${e.id}`);
        await expect(
          page.locator(`[data-testid="endpoint-page"][data-endpoint-id="${e.id}"]`),
        ).toBeVisible();
      }
    }
    expect(app.problems).toEqual([]);
  });

  test('Ctrl+K: "webhooks management" finds the management page, "dv cancel" the POST, all by keyboard', async ({
    page,
    app,
  }) => {
    await app.openOn('explorer');
    const first = await search(page, 'webhooks management');
    await expect(first).toHaveAttribute('data-route', '#/docs/webhook-management');
    await page.keyboard.press('Enter');
    await expect(
      page.locator('[data-testid="doc-page"][data-page-id="webhook-management"]'),
    ).toBeVisible();
    await expect(page.getByTestId('search-palette')).toHaveCount(0);

    const dv = await search(page, 'dv cancel');
    await expect(dv).toContainText('POST');
    const route = await dv.getAttribute('data-route');
    expect(route).toMatch(/^#\/api\/sentinelone\.deep-visibility\./);
    await expect(dv.locator('mark').first()).toBeVisible();
    // Arrow keys move, Escape closes without navigating.
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('[data-testid="search-result"][data-index="1"]')).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('search-palette')).toHaveCount(0);
    await expect(
      page.locator('[data-testid="doc-page"][data-page-id="webhook-management"]'),
    ).toBeVisible();

    await search(page, 'dv cancel');
    await page.keyboard.press('Enter');
    const endpoint = page.getByTestId('endpoint-page');
    await expect(endpoint).toHaveAttribute('data-endpoint-id', route!.slice('#/api/'.length));
    await expect(page.getByTestId('endpoint-path')).toHaveText('/dv/cancel-query');
    expect(app.problems).toEqual([]);
  });

  test('Try it: an endpoint opens in the explorer pre-filled and sends for real', async ({
    page,
    app,
  }) => {
    await app.open();
    await new ExplorerPage(page).useDemoFromWelcome();
    await openHash(page, '#/api/sentinelone.threats.list');
    await page.getByTestId('try-it').click();
    const explorer = new ExplorerPage(page);
    await expect(explorer.pathInput().first()).toHaveValue('threats');
    await explorer.send();
    await expect(explorer.status()).toContainText('200');
    expect(app.core.demo.sentinelOne!.requestLog().at(-1)).toMatchObject({
      path: '/web/api/v2.1/threats',
    });

    // A path parameter stays marked, and nothing is sent until it is filled in.
    await openHash(page, '#/api/sentinelone.threats.timeline');
    const id = await page.getByTestId('endpoint-page').getAttribute('data-endpoint-id');
    expect(id).toBeTruthy();
    await page.getByTestId('try-it').click();
    await expect(explorer.pathInput().first()).toHaveValue(/\{[a-z_]+\}/i);
    app.core.demo.sentinelOne!.clearLog();
    await explorer.send();
    await expect(explorer.errorCard()).toContainText('Fill in');
    expect(app.core.demo.sentinelOne!.requestLog()).toEqual([]);
  });

  test('a 404 on an endpoint the seed got wrong explains what to use instead', async ({
    page,
    app,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    await explorer.setMethod('POST');
    await explorer.setPath('threats/mark-as-resolved');
    await explorer.setBody('{"filter":{"ids":["1"]}}');
    await explorer.send();
    await expect(explorer.status()).toContainText('404');
    const hint = page.getByTestId('catalog-hint');
    await expect(hint).toHaveAttribute('data-status', 'corrected');
    await expect(hint).toContainText('/threats/incident');
    await hint.getByTestId('catalog-hint-use').click();
    await expect(page.getByTestId('endpoint-path')).toHaveText('/threats/incident');
  });

  test('deep links, back and forward, and the last page comes back after a restart', async ({
    page,
    app,
    context,
  }) => {
    await app.openOn('explorer');
    await openHash(page, '#/docs/pagination');
    await expect(page.locator('[data-page-id="pagination"]')).toBeVisible();
    await openHash(page, '#/docs/rate-limits');
    await expect(page.locator('[data-page-id="rate-limits"]')).toBeVisible();
    await page.goBack();
    await expect(page.locator('[data-page-id="pagination"]')).toBeVisible();
    await page.goForward();
    await expect(page.locator('[data-page-id="rate-limits"]')).toBeVisible();
    // A heading link scrolls to it.
    await openHash(page, `#/docs/rate-limits/${bundle.docs['rate-limits']!.headings[1]!.slug}`);
    await expect(
      page.locator(`#${bundle.docs['rate-limits']!.headings[1]!.slug}`),
    ).toBeInViewport();

    // Main keeps the route: a new window without a hash reopens it.
    await expect
      .poll(async () => {
        const r = await app.core.dispatch('app:ui-state', {}, { emit: () => undefined });
        return r.ok ? (r.value as { lastRoute: string | null }).lastRoute : null;
      })
      .toMatch(/^#\/docs\/rate-limits/);
    const second = await context.newPage();
    await second.goto(app.host.url);
    await expect(second.locator('[data-page-id="rate-limits"]')).toBeVisible();
    await second.close();
  });

  test('Copy puts the sample on the clipboard; external links go to the system browser', async ({
    page,
    app,
  }) => {
    await app.openOn('explorer');
    await openHash(page, '#/docs/pagination');
    const block = page.locator('.code-block').first();
    await block.getByTestId('copy-sample').click();
    const sampleId = await block.getAttribute('data-sample-id');
    const expected = bundle.docs.pagination!.samples.find((s) => s.id === sampleId)!.code;
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(expected);

    await openHash(page, '#/docs/github');
    const external = page.locator('a[data-external]').first();
    const href = await external.getAttribute('href');
    await external.click();
    await expect.poll(() => app.externalOpened).toEqual([href]);
    await expect(page.locator('[data-page-id="github"]')).toBeVisible();
  });

  test('the OpenAPI 3.1 export downloads a document of the whole catalog', async ({
    page,
    app,
  }) => {
    await app.openOn('explorer');
    await openHash(page, '#/api/sentinel-secure-x');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-openapi').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('sentinel-secure-x.openapi.json');
    const text = await (await file.createReadStream()).toArray();
    const doc = JSON.parse(Buffer.concat(text).toString('utf8'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(60);
  });
});
