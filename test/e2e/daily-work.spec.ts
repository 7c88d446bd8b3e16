/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from './fixtures';
import { ExplorerPage } from './pages/explorer-page';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';

test.describe('a day in the explorer', () => {
  test('variables → send → history → save to a collection file → generate and run cURL', async ({
    page,
    app,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();

    // A global variable, then a request that uses it.
    await page.getByTestId('variables-button').click();
    const panel = page.getByTestId('variables-panel');
    await panel
      .locator('[data-testid="variables-section-global"] [data-testid="variable-add"]')
      .click();
    await page.getByTestId('variable-name-input').fill('threatLimit');
    await page.getByTestId('variable-value-input').fill('3');
    await page.getByTestId('variable-save').click();
    await expect(
      panel.getByTestId('variable-row').filter({ hasText: 'threatLimit' }),
    ).toBeVisible();
    await page.keyboard.press('Escape');

    // An undefined variable holds Send back and says where it is.
    await explorer.setPath('threats?limit={{nope}}');
    await expect(page.getByTestId('variables-blocked')).toContainText('nope');
    await expect(page.getByTestId('send-button')).toBeDisabled();

    await explorer.setPath('threats?limit={{threatLimit}}');
    await expect(page.getByTestId('variables-blocked')).toHaveCount(0);
    await explorer.send();
    await expect(explorer.rows()).toHaveCount(3);
    expect(app.core.demo.sentinelOne!.requestLog().at(-1)!.query).toContain('limit=3');

    // History has it, with the resolved URL.
    await page.getByTestId('nav-history').click();
    const row = page.getByTestId('history-row').first();
    await expect(row).toContainText('limit=3');
    await page.getByTestId('nav-explorer').click();

    // Saved to a collection file, the variable kept by name.
    const root = join(mkdtempSync(join(tmpdir(), 'soc-day-')), 'requests');
    await page.getByTestId('collection-open').click();
    await page.getByTestId('collection-path').fill(root);
    await page.getByTestId('collection-create').click();
    await page.getByTestId('collection-open-submit').click();
    await expect(page.getByTestId('collection')).toHaveCount(1);
    await page.keyboard.press('ControlOrMeta+s');
    await page.getByTestId('save-name').fill('Few threats');
    await page.getByTestId('save-submit').click();
    const file = join(root, 'few-threats.yaml');
    await expect.poll(() => existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('{{threatLimit}}');

    // Code → cURL, copied, run for real with the token from the environment.
    await page.getByTestId('code-button').click();
    await expect(page.getByTestId('code-placeholders')).toContainText('S1_API_TOKEN');
    await page.getByTestId('code-copy').click();
    await expect
      .poll(async () => page.evaluate(() => navigator.clipboard.readText()))
      .toContain('curl');
    const command = await page.evaluate(() => navigator.clipboard.readText());
    expect(command).not.toContain(DEMO_S1_TOKENS.admin);
    expect(command).toContain('limit=3');
    const { stdout } = await promisify(execFile)(
      'sh',
      ['-c', `${command} --silent --show-error --write-out '\\n%{http_code}'`],
      { env: { ...process.env, S1_API_TOKEN: DEMO_S1_TOKENS.admin }, encoding: 'utf8' },
    );
    const code = stdout.slice(stdout.lastIndexOf('\n') + 1);
    const body = JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n'))) as { data: unknown[] };
    expect(code).toBe('200');
    expect(body.data).toHaveLength(3);
    expect(app.problems).toEqual([]);
  });
});
