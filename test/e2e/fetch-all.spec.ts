/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { test, expect, type ConsoleApp } from './fixtures';
import { ExplorerPage } from './pages/explorer-page';

/** The demo tenant's threat list sent from the explorer, with the fetch-all panel open. */
async function threatListWithFetchAll(page: Page, app: ConsoleApp, path: string) {
  await app.open();
  const explorer = new ExplorerPage(page);
  await explorer.useDemoFromWelcome();
  await explorer.setPath(path);
  await explorer.send();
  await expect(explorer.status()).toContainText('200', { timeout: 15_000 });
  await page.getByTestId('fetch-all-open').click();
}

test.describe('fetch all pages', () => {
  // Dozens of real pages through the browser host: allow for a loaded CI machine.
  test.describe.configure({ timeout: 150_000 });

  test('every threat with progress and a CSV export of all of them', async ({ page, app }) => {
    await threatListWithFetchAll(page, app, 'threats?limit=500');
    await page.getByTestId('fetch-all-start').click();
    const summary = page.getByTestId('fetch-all-summary');
    await expect(summary).toHaveAttribute('data-stopped-by', 'end', { timeout: 30_000 });
    const counted = await app.core.dispatch(
      'http:send',
      {
        requestId: 'count',
        connectionId: 'demo-sentinelone',
        method: 'GET',
        path: 'threats?countOnly=true',
      },
      { emit: () => undefined },
    );
    const totalItems = (
      counted as { value: { body: { json: { pagination: { totalItems: number } } } } }
    ).value.body.json.pagination.totalItems;
    await expect(summary).toContainText(`${totalItems.toLocaleString('en-US')} items`);
    await expect(page.getByTestId('fetch-all-preview')).toBeVisible();

    const download = page.waitForEvent('download');
    await page.getByTestId('fetch-all-export-csv').click();
    const file = await download;
    const csv = Buffer.concat(await (await file.createReadStream()).toArray()).toString('utf8');
    const [header, ...rows] = csv.trimEnd().split(/\r?\n/);
    expect(header).toContain('threatInfo.threatName');
    expect(rows.length).toBe(totalItems);
    expect(app.problems).toEqual([]);
  });

  test('the maximum-items guard stops the run at the number the operator typed', async ({
    page,
    app,
  }) => {
    await threatListWithFetchAll(page, app, 'threats?limit=100');
    const max = page.getByTestId('fetch-all-max');
    await max.fill('250');
    await max.blur();
    await page.getByTestId('fetch-all-start').click();
    const summary = page.getByTestId('fetch-all-summary');
    await expect(summary).toHaveAttribute('data-stopped-by', 'max-items', { timeout: 30_000 });
    await expect(summary).toContainText('250 items');
    expect(app.problems).toEqual([]);
  });

  test('slow pages, then cancel: it stops and keeps what it had', async ({ page, app }) => {
    await threatListWithFetchAll(page, app, 'threats?limit=100');
    app.core.demo.sentinelOne!.setFaults([{ route: 'GET /threats', latencyMs: 800 }]);
    await page.getByTestId('fetch-all-start').click();
    await expect(page.getByTestId('fetch-all-progress')).toContainText('page 1', {
      timeout: 15_000,
    });
    await page.getByTestId('fetch-all-cancel').click();
    await expect(page.getByTestId('fetch-all-summary')).toHaveAttribute(
      'data-stopped-by',
      'cancelled',
      {
        timeout: 15_000,
      },
    );
    app.core.demo.sentinelOne!.clearFaults();
    expect(app.problems).toEqual([]);
  });
});
