/// <reference lib="dom" />
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { ExplorerPage } from './pages/explorer-page';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';

test.describe('collections as files, and cURL import', () => {
  test('create a collection, save a tab to a file, pick up a file written outside, paste cURL', async ({
    page,
    app,
  }) => {
    const root = join(mkdtempSync(join(tmpdir(), 'soc-col-')), 'soc-requests');
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();

    // Create the collection in a new folder.
    await page.getByTestId('collection-open').click();
    await page.getByTestId('collection-path').fill(root);
    await page.getByTestId('collection-create').click();
    await page.getByTestId('collection-name').fill('Triage');
    await page.getByTestId('collection-open-submit').click();
    await expect(page.getByTestId('collection')).toHaveCount(1);
    expect(existsSync(join(root, 'collection.yaml'))).toBe(true);

    // Save the tab with Ctrl/Cmd+S: one readable file, no secret in it.
    await explorer.setPath('threats?limit=2');
    await page.keyboard.press('ControlOrMeta+s');
    await page.getByTestId('save-name').fill('Open threats');
    await page.getByTestId('save-submit').click();
    const file = join(root, 'open-threats.yaml');
    await expect.poll(() => existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('name: Open threats');
    expect(text).toContain('url: threats?limit=2');
    expect(text).not.toContain(DEMO_S1_TOKENS.admin);
    await expect(page.getByTestId('request-tab').first()).toHaveAttribute('data-dirty', 'false');
    await explorer.setPath('threats?limit=3');
    await expect(page.getByTestId('request-tab').first()).toHaveAttribute('data-dirty', 'true');
    await page.keyboard.press('ControlOrMeta+s');
    await expect.poll(() => readFileSync(file, 'utf8')).toContain('url: threats?limit=3');

    // A file written outside the console (a git pull) shows up and opens.
    writeFileSync(
      join(root, 'agents.yaml'),
      'version: 1\nname: Infected agents\nmethod: GET\nurl: agents?isInfected=true&limit=4\n',
    );
    const outside = page.locator('[data-testid="collection-request"][data-path="agents.yaml"]');
    await expect(outside).toBeVisible({ timeout: 15_000 });
    await outside.click();
    await expect(explorer.pathInput().first()).toHaveValue('agents?isInfected=true&limit=4');
    await explorer.send();
    await expect(explorer.rows()).toHaveCount(4);

    // Paste cURL: a new tab with the request; the token is taken out and offered for the keychain.
    const base = app.core.demo.status('sentinelone').baseUrl;
    await page.getByTestId('curl-import-open').click();
    await page
      .getByTestId('curl-input')
      .fill(
        `curl -H 'Authorization: ApiToken ${DEMO_S1_TOKENS.viewer}' '${base}/activities?limit=3'`,
      );
    await page.getByTestId('curl-submit').click();
    await expect(page.getByTestId('curl-credential')).toBeVisible();
    await page.getByTestId('curl-credential-discard').click();
    await expect(explorer.pathInput().first()).toHaveValue('activities');
    await explorer.send();
    await expect(explorer.status()).toContainText('200');
    expect(await page.content()).not.toContain(DEMO_S1_TOKENS.viewer);
    expect(app.problems).toEqual([]);
  });
});
