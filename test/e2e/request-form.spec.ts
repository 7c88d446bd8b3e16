/// <reference lib="dom" />
import { test, expect } from './fixtures';
import { ExplorerPage } from './pages/explorer-page';

test.describe('request form from the catalog', () => {
  test('path suggestions, path parameters, typed query parameters and a body checked against its schema', async ({
    page,
    app,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();

    // Autocompletion from the SentinelOne catalog; picking one takes the endpoint's method.
    await explorer.pathInput().first().fill('threats/mitig');
    const suggestion = page.getByTestId('path-suggestion').first();
    await expect(suggestion).toContainText('threats/mitigate/{action}');
    await suggestion.click();
    await expect(explorer.pathInput().first()).toHaveValue('threats/mitigate/{action}');
    await expect(page.getByTestId('method-select')).toContainText('POST');

    // The path parameter has its own input, and filling it fills the path.
    const form = page.getByTestId('catalog-params');
    await expect(form).toBeVisible();
    await page.getByTestId('path-param-action').fill('quarantine');
    await expect(explorer.pathInput().first()).toHaveValue('threats/mitigate/quarantine');

    // A list endpoint: its typed query parameters write the rows of the table.
    await explorer.setMethod('GET');
    await explorer.pathInput().first().fill('threats');
    await expect(
      page.locator('[data-testid="catalog-params"][data-endpoint-id="sentinelone.threats.list"]'),
    ).toBeVisible();
    await page.getByTestId('query-param-limit').fill('5');
    await explorer.send();
    await expect(explorer.status()).toContainText('200');
    await expect(explorer.rows()).toHaveCount(5);
    expect(app.core.demo.sentinelOne!.requestLog().at(-1)!.query).toContain('limit=5');

    // The body editor checks the incident body against the catalog's schema.
    await explorer.setMethod('POST');
    await explorer.pathInput().first().fill('threats/incident');
    await explorer.setBody('{"filter":{"ids":["1"]},"data":{"incidentStatus":"closed"}}');
    await expect(page.getByTestId('body-schema')).toContainText('POST /threats/incident');
    await expect(page.getByTestId('body-schema-problems')).toContainText(
      /unresolved|in_progress|resolved/,
    );
    expect(app.problems).toEqual([]);
  });
});
