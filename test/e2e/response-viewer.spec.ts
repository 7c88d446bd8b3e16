import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ExplorerPage } from './pages/explorer-page';

/** A spooled body: big enough to go to disk, small enough to keep the suite quick. */
const BYTES = 12 * 1024 * 1024;

test.describe('response viewer', () => {
  test('a huge JSON body: first screen, scroll to the end, find, JSONPath, save', async ({
    page,
    app,
  }) => {
    test.setTimeout(90_000);
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    app.core.demo.sentinelOne!.setFaults([
      { route: 'GET /threats', hugeBody: { bytes: BYTES, shape: 'threats-json' }, times: 1 },
    ]);
    await explorer.setPath('threats');
    await explorer.send();

    const huge = page.getByTestId('huge-body');
    await expect(huge).toHaveAttribute('data-first-screen', 'true', { timeout: 20_000 });
    await expect(huge).toHaveAttribute('data-view', 'pretty');
    const lines = page.getByTestId('huge-lines');
    const rows = page.getByTestId('huge-lines-row');
    await expect(rows.first()).toContainText('{');
    await expect(lines).toContainText('"threatInfo"');
    // The index pass finishes in main and the list learns its real length.
    await expect(huge).toHaveAttribute('data-index-done', 'true', { timeout: 30_000 });
    const count = Number(await lines.getAttribute('data-count'));
    expect(count).toBeGreaterThan(100_000);

    // End jumps to the last lines: the closing brackets of the document.
    await lines.focus();
    await page.keyboard.press('End');
    await expect(lines).toHaveAttribute('data-top-line', /^[1-9]\d{4,}$/);
    await expect(rows.last()).toHaveText(new RegExp(`^${count}\\s*}$`));

    // Find runs in main and jumps to the first hit.
    await page.getByTestId('huge-find').click();
    await page.getByTestId('body-search-input').fill('"classification"');
    await page.getByTestId('body-search-input').press('Enter');
    await expect(page.getByTestId('body-search-count')).toHaveText(/^1 of \d+\+?$/);
    await expect(page.getByTestId('virtual-lines-mark').first()).toHaveText('"classification"');

    // JSONPath over the whole body, evaluated in main.
    await page.getByTestId('huge-jsonpath-toggle').click();
    await page.getByTestId('jsonpath-input').fill('$.pagination.totalItems');
    await page.getByTestId('jsonpath-run').click();
    await expect(page.getByTestId('jsonpath-result')).toHaveAttribute('data-count', '1');

    // Save: the browser host has no dialog, so the operator types the path.
    const target = join(mkdtempSync(join(tmpdir(), 'soc-save-')), 'threats.json');
    await page.getByTestId('huge-save').click();
    await page.getByTestId('huge-save-path').fill(target);
    await page.getByTestId('huge-save-confirm').click();
    await expect(page.getByText(`to ${target}`)).toBeVisible();
    expect(statSync(target).size).toBe(BYTES);
    expect(readFileSync(target, 'utf8').slice(0, 9)).toBe('{"data":[');

    // No other application can be started from the browser: the path is shown instead.
    await page.getByTestId('huge-open-external').click();
    const external = page.getByTestId('huge-external-path').locator('code');
    await expect(external).toHaveText(/\.json$/);
    expect(statSync((await external.textContent())!.trim()).size).toBe(BYTES);

    // Raw shows the text as received (one long line per chunk of the minified body).
    await page.getByTestId('huge-view-raw').click();
    await expect(huge).toHaveAttribute('data-view', 'raw');
    await expect(rows.first()).toContainText('{"data":[');
    expect(app.problems).toEqual([]);
  });

  test('a 100 MB body: first screen while main indexes, the end, find; JSONPath says why not', async ({
    page,
    app,
  }) => {
    test.setTimeout(120_000);
    const bytes = 100 * 1024 * 1024;
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    app.core.demo.sentinelOne!.setFaults([
      { route: 'GET /threats', hugeBody: { bytes, shape: 'threats-json' }, times: 1 },
    ]);
    await explorer.setPath('threats');
    await explorer.send();
    // The download shows its progress; then the first screen, before the index is done.
    await expect(page.getByTestId('response-progress')).toContainText(/Received|Waiting/);
    await expect(page.getByTestId('response-size')).toHaveText('100 MB', { timeout: 60_000 });
    const huge = page.getByTestId('huge-body');
    await expect(huge).toHaveAttribute('data-first-screen', 'true', { timeout: 10_000 });
    await expect(page.getByTestId('huge-lines-row').first()).toHaveText(/^1\s*\{$/);
    await expect(huge).toHaveAttribute('data-index-done', 'true', { timeout: 60_000 });
    const lines = page.getByTestId('huge-lines');
    const count = Number(await lines.getAttribute('data-count'));
    expect(count).toBeGreaterThan(1_000_000);
    await lines.focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('huge-lines-row').last()).toHaveText(
      new RegExp(`^${count}\\s*}$`),
    );
    // At most a few screens of lines exist in the page, whatever the body's size.
    expect(await page.getByTestId('huge-lines-row').count()).toBeLessThan(200);

    await page.getByTestId('huge-find').click();
    await page.getByTestId('body-search-input').fill('mimikatz.exe');
    await page.getByTestId('body-search-input').press('Enter');
    await expect(page.getByTestId('body-search-count')).toHaveText(/^1 of \d+\+?$/, {
      timeout: 30_000,
    });

    await page.getByTestId('huge-jsonpath-toggle').click();
    await page.getByTestId('jsonpath-input').fill('$.data[0].id');
    await page.getByTestId('jsonpath-run').click();
    await expect(page.getByTestId('jsonpath-error')).toHaveAttribute(
      'data-error-code',
      'too_large',
    );
    await expect(page.getByTestId('jsonpath-error')).toContainText(/search|editor/i);
    expect(app.problems).toEqual([]);
  });

  test('a small body: Pretty in Monaco, Raw with find, JSONPath, headers and cookies', async ({
    page,
    app,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    await explorer.setPath('threats?limit=3');
    await explorer.send();
    await expect(explorer.status()).toContainText('200');

    const pretty = page.getByTestId('response-body');
    // Monaco's chunk is lazy: under load its first load takes a while.
    await expect(pretty).toHaveAttribute('data-editor', 'monaco', { timeout: 30_000 });
    await expect(pretty.locator('.monaco-editor')).toBeVisible();
    await expect(pretty).toContainText('"threatInfo"');
    // Read-only: typing into the response changes nothing.
    await pretty.locator('.monaco-editor .view-lines').click();
    await page.keyboard.type('tampered');
    await expect(pretty).not.toContainText('tampered');
    // Ctrl+F opens Monaco's own find widget.
    await page.keyboard.press('ControlOrMeta+f');
    await expect(pretty.locator('.find-widget.visible')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(pretty.locator('.find-widget.visible')).toHaveCount(0);
    // From anywhere in the explorer: Mod+Shift+F (listed in the shortcut help).
    await explorer.pathInput().first().focus();
    await page.keyboard.press('ControlOrMeta+Shift+F');
    await expect(pretty.locator('.find-widget.visible')).toBeVisible();
    await page.keyboard.press('Escape');

    await page.getByTestId('body-mode-raw').click();
    await page.getByTestId('body-find').click();
    await page.getByTestId('body-search-input').fill('threatName');
    await page.getByTestId('body-search-input').press('Enter');
    await expect(page.getByTestId('body-search-count')).toHaveText('1 of 3');

    await page.getByTestId('body-jsonpath-toggle').click();
    await page.getByTestId('jsonpath-input').fill('$.data[*].id');
    await page.getByTestId('jsonpath-input').press('Enter');
    await expect(page.getByTestId('jsonpath-result')).toHaveAttribute('data-count', '3');

    await page.getByTestId('body-copy').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(copied).data).toHaveLength(3);

    await expect(page.getByTestId('timing-segment').first()).toBeAttached();
    await page.locator('.response-panel .n-tabs-tab[data-name="headers"]').click();
    await expect(page.getByTestId('header-row').first()).toBeVisible();
    await page.locator('.response-panel .n-tabs-tab[data-name="cookies"]').click();
    await expect(page.getByTestId('response-no-cookies')).toBeVisible();
    expect(app.problems).toEqual([]);
  });
});
