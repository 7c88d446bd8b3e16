/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from './fixtures';
import { ExplorerPage } from './pages/explorer-page';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';

test.describe('explorer through the browser host', () => {
  test('newcomer: demo tenant → open threat triage queue → Send → 200 with rows', async ({
    page,
    app,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    await explorer.loadTemplate('open-threat-triage-queue');
    await explorer.send();
    await expect(explorer.status()).toContainText('200');
    await expect(explorer.rows()).toHaveCount(100);
    // "12 ms", or "2.6 s" when the first request also builds the seeded tenant on a busy machine.
    await expect(page.getByTestId('response-time')).toHaveText(/^\d+(\.\d+)? m?s$/);
    const log = app.core.demo.sentinelOne!.requestLog();
    expect(log.at(-1)).toMatchObject({
      method: 'GET',
      path: '/web/api/v2.1/threats',
      status: 200,
      authorized: true,
    });
    expect(log.at(-1)!.query).toContain('resolved=false');
    expect(app.problems).toEqual([]);
  });

  test('Ctrl+Enter sends from the path field', async ({ page, app }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    await explorer.setPath('agents?isActive=true&isInfected=true&limit=5');
    await explorer.pathInput().first().press('ControlOrMeta+Enter');
    await expect(explorer.status()).toContainText('200');
    await expect(explorer.rows()).toHaveCount(5);
  });

  test('invalid JSON body: inline error and the demo tenant sees no request', async ({
    page,
    app,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    await explorer.loadTemplate('bulk-quarantine');
    await explorer.setBody('{"filter": {"ids": ["1"]},}');
    app.core.demo.sentinelOne!.clearLog();
    await explorer.send();
    await expect(page.getByTestId('body-error')).toContainText(/not valid JSON/i);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByTestId('body-error')).toBeVisible();
    expect(app.core.demo.sentinelOne!.requestLog()).toEqual([]);
    await expect(explorer.status()).toHaveCount(0);
  });

  test('demo tenant stopped: Send shows connection refused and keeps the draft', async ({
    page,
    app,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    await explorer.setPath('sites?limit=3');
    await page.getByTestId('demo-toggle').click();
    await expect.poll(() => app.core.demo.status('sentinelone').running).toBe(false);
    await explorer.send();
    await expect(explorer.errorCard()).toHaveAttribute('data-error-code', 'connection_refused');
    await expect(explorer.errorCard()).toContainText(/refused/i);
    await expect(explorer.pathInput().first()).toHaveValue('sites?limit=3');
  });

  test('Copy as cURL: the clipboard holds a command that curl runs with the placeholder token', async ({
    page,
    app,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    await explorer.setPath('threats?limit=2&incidentStatuses=unresolved');
    await page.getByTestId('copy-curl').click();
    await expect
      .poll(async () => page.evaluate(() => navigator.clipboard.readText()))
      .toContain('curl');
    const command = await page.evaluate(() => navigator.clipboard.readText());
    expect(command).toContain('$S1_API_TOKEN');
    expect(command).not.toContain(DEMO_S1_TOKENS.admin);
    // Async: the demo tenant answers from this very process, so blocking would deadlock.
    const { stdout: out } = await promisify(execFile)(
      'sh',
      ['-c', `${command} --silent --show-error --write-out '\\n%{http_code}'`],
      {
        env: { ...process.env, S1_API_TOKEN: DEMO_S1_TOKENS.admin },
        encoding: 'utf8',
      },
    );
    const [body, code] = [
      out.slice(0, out.lastIndexOf('\n')),
      out.slice(out.lastIndexOf('\n') + 1),
    ];
    expect(code).toBe('200');
    const parsed = JSON.parse(body) as { data: unknown[]; pagination: { totalItems: number } };
    expect(parsed.data).toHaveLength(2);
    expect(parsed.pagination.totalItems).toBeGreaterThan(2);
  });
});

/** The welcome paragraph as WelcomeView.vue writes it (template whitespace collapsed). */
function welcomeSentence(): string {
  const source = readFileSync(
    join(import.meta.dirname, '../../renderer/src/views/WelcomeView.vue'),
    'utf8',
  );
  const paragraph = /<p>([^<]+)<\/p>/.exec(source)?.[1];
  if (!paragraph) throw new Error('WelcomeView.vue has no plain <p> explanation any more');
  return paragraph.replace(/\s+/g, ' ').trim();
}

test.describe('explorer against a misbehaving tenant', () => {
  test('welcome: the one-sentence explanation is there before choosing the demo', async ({
    page,
    app,
  }) => {
    const sentence = welcomeSentence();
    // One sentence that says what the button does.
    expect(sentence).toMatch(/^[^.]+\.$/);
    expect(sentence).toMatch(/demo tenant/i);
    await app.open();
    const explorer = new ExplorerPage(page);
    await expect(explorer.welcomeExplanation(sentence)).toBeVisible();
    await expect(page.getByTestId('welcome-use-demo')).toBeVisible();
    await expect(explorer.pathInput()).toHaveCount(0);
    await explorer.useDemoFromWelcome();
    await expect(explorer.welcomeExplanation(sentence)).toHaveCount(0);
  });

  for (const how of ['the Cancel button', 'Escape'] as const) {
    test(`a slow request cancelled with ${how}: aborted state, no status, draft kept`, async ({
      page,
      app,
    }) => {
      await app.open();
      const explorer = new ExplorerPage(page);
      await explorer.useDemoFromWelcome();
      const demo = app.core.demo.sentinelOne!;
      demo.setFaults([{ route: 'GET /threats', latencyMs: 30_000, times: 1 }]);
      demo.clearLog();
      await explorer.setPath('threats?limit=7&incidentStatuses=unresolved');
      await explorer.send();
      await explorer.expectInFlight();
      await expect.poll(() => demo.faults()).toEqual([]);
      if (how === 'Escape') await page.keyboard.press('Escape');
      else await explorer.cancel();

      await expect(explorer.errorCard()).toHaveAttribute('data-error-code', 'aborted');
      await expect(explorer.errorCard()).toContainText('Request cancelled');
      await expect(explorer.status()).toHaveCount(0);
      await expect(explorer.rows()).toHaveCount(0);
      await expect(page.getByTestId('send-button')).toBeVisible();
      await expect(explorer.pathInput().first()).toHaveValue(
        'threats?limit=7&incidentStatuses=unresolved',
      );
      await expect(explorer.method()).toContainText('GET');
      // The tenant saw the client hang up while it was holding the request.
      await expect
        .poll(() => demo.requestLog().at(-1))
        .toMatchObject({ path: '/web/api/v2.1/threats', status: 0, fault: 'latency' });

      // The fault was for one request only: sending again gets the real answer.
      await explorer.send();
      await expect(explorer.status()).toContainText('200');
      await expect(explorer.rows()).toHaveCount(7);
      expect(app.problems).toEqual([]);
    });
  }

  test('a 5xx fault: the panel shows the 500 and the tenant error envelope', async ({
    page,
    app,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    app.core.demo.sentinelOne!.setFaults([{ route: 'GET /threats', status: 500, times: 1 }]);
    await explorer.setPath('threats?limit=5');
    await explorer.send();
    await expect(explorer.status()).toContainText('500');
    await expect(explorer.status()).toHaveAttribute('data-status', '500');
    await expect(explorer.responseBody()).toContainText('"code": 5000010');
    await expect(explorer.responseBody()).toContainText('"title": "Internal Server Error"');
    await expect(explorer.responseBody()).toContainText('Injected fault');
    await expect(explorer.rows()).toHaveCount(0);
    await expect(explorer.errorCard()).toHaveCount(0);
  });

  test('a malformed JSON body: shown as raw text with a note, and the console keeps working', async ({
    page,
    app,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    app.core.demo.sentinelOne!.setFaults([{ route: 'GET /agents', malformed: true, times: 1 }]);
    await explorer.setPath('agents?limit=3');
    await explorer.send();
    await expect(explorer.status()).toContainText('200');
    await expect(explorer.jsonParseWarning()).toBeVisible();
    await expect(explorer.responseBody()).toContainText('{"data":[{"');
    await expect(explorer.rows()).toHaveCount(0);
    await expect(page.locator('html[data-app-state="ready"]')).toBeAttached();

    await explorer.send();
    await expect(explorer.rows()).toHaveCount(3);
    await expect(explorer.jsonParseWarning()).toHaveCount(0);
    expect(app.problems).toEqual([]);
  });
});
