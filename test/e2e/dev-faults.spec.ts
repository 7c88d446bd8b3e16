import type { Page } from '@playwright/test';
import { test, expect, type ConsoleApp } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';
import { ExplorerPage } from './pages/explorer-page';

const DEMO = 'Demo — SentinelOne';
const PATH = 'threats?limit=2';

/** Connections → start the SentinelOne demo; answers its connection id. */
async function startDemo(page: Page, app: ConsoleApp): Promise<string> {
  await app.openOn('connections');
  const connections = new ConnectionsPage(page);
  // Not running yet: the demo has no faults to set.
  await expect(connections.faultsButton(DEMO)).toBeDisabled();
  await connections.startDemo(DEMO);
  await expect(connections.faultsButton(DEMO)).toBeEnabled();
  return connections.idOf(DEMO);
}

async function sendOnDemo(page: Page, id: string): Promise<ExplorerPage> {
  await page.getByTestId('nav-explorer').click();
  await page.getByTestId('connection-picker').click();
  await page.getByTestId(`connection-option-${id}`).click();
  const explorer = new ExplorerPage(page);
  await explorer.setPath(PATH);
  await explorer.send();
  return explorer;
}

/** The newest history entry, on `#/history`. */
async function latestHistoryStatus(page: Page) {
  await page.getByTestId('nav-history').click();
  await expect(page).toHaveURL(/#\/history/);
  const row = page.getByTestId('history-row').first();
  await expect(row).toContainText(PATH);
  return row.getByTestId('history-status');
}

async function clearFaultsFromConnections(page: Page): Promise<void> {
  await page.getByTestId('nav-connections').click();
  const connections = new ConnectionsPage(page);
  await connections.openFaults(DEMO);
  await connections.clearFaults();
  await connections.closeFaults();
  await expect(page.getByTestId('demo-faults-count')).toHaveCount(0);
}

test.describe('demo tenant fault switches from the developer panel', () => {
  test('GET /threats answers 500: status in the response panel and history; cleared, 200 again', async ({
    page,
    app,
  }) => {
    const id = await startDemo(page, app);
    const connections = new ConnectionsPage(page);
    const panel = await connections.openFaults(DEMO);
    await expect(panel.getByTestId('demo-faults-empty')).toContainText(
      'Make the demo tenant misbehave so you can see how the console and your scripts react.',
    );

    // Out of range: main's own complaint, naming the rule and the field, and nothing changes.
    await connections.addFault({ route: 'GET /threats', kind: 'status', status: '700' });
    await page.getByTestId('demo-faults-apply').click();
    await expect(page.getByTestId('demo-faults-error')).toContainText('rules.0.status');
    await expect(page.getByTestId('demo-fault-rule')).toHaveAttribute('data-invalid', 'true');
    expect(app.core.demo.sentinelOne!.faults()).toEqual([]);

    await page.getByTestId('demo-fault-remove').click();
    await connections.addFault({
      route: 'GET /web/api/v2.1/threats',
      kind: 'status',
      status: '500',
    });
    await connections.applyFaults();
    await expect(page.getByTestId('demo-faults-error')).toHaveCount(0);
    await expect(page.getByTestId('demo-fault-rule')).toHaveAttribute('data-applied', 'true');
    expect(app.core.demo.sentinelOne!.faults()).toEqual([
      { route: 'GET /threats', status: 500, remaining: null },
    ]);
    await connections.closeFaults();
    await expect(page.getByTestId('demo-faults-count')).toHaveText('1');

    // 500 is not retried (only 429, and 503 for reads, are): one request, one answer.
    app.core.demo.sentinelOne!.clearLog();
    const explorer = await sendOnDemo(page, id);
    await expect(explorer.status()).toHaveAttribute('data-status', '500');
    await expect(explorer.pathInput().first()).toHaveValue(PATH);
    expect(app.core.demo.sentinelOne!.requestLog()).toMatchObject([
      { method: 'GET', path: '/web/api/v2.1/threats', status: 500, fault: 'status' },
    ]);
    await expect(await latestHistoryStatus(page)).toHaveAttribute('data-status', '500');

    await clearFaultsFromConnections(page);
    const again = await sendOnDemo(page, id);
    await expect(again.status()).toHaveAttribute('data-status', '200');
    await expect(again.rows()).toHaveCount(2);
    await expect(await latestHistoryStatus(page)).toHaveAttribute('data-status', '200');
    expect(app.problems).toEqual([]);
  });

  test('a connection reset shows the error card, keeps the draft and is in history; cleared, 200', async ({
    page,
    app,
  }) => {
    const id = await startDemo(page, app);
    const connections = new ConnectionsPage(page);
    await connections.openFaults(DEMO);
    // No count: the pacer repeats a reset GET (up to 4 attempts), and every attempt is reset.
    await connections.addFault({ route: 'GET /threats', kind: 'reset' });
    await connections.applyFaults();
    await connections.closeFaults();

    app.core.demo.sentinelOne!.clearLog();
    const explorer = await sendOnDemo(page, id);
    await expect(explorer.errorCard()).toHaveAttribute('data-error-code', 'connection_reset');
    await expect(explorer.pathInput().first()).toHaveValue(PATH);
    const log = app.core.demo.sentinelOne!.requestLog();
    expect(log.length).toBeGreaterThanOrEqual(1);
    expect(log.every((entry) => entry.fault === 'reset')).toBe(true);
    await expect(await latestHistoryStatus(page)).toHaveText('connection_reset');

    await clearFaultsFromConnections(page);
    const again = await sendOnDemo(page, id);
    await expect(again.status()).toHaveAttribute('data-status', '200');
    await expect(again.errorCard()).toHaveCount(0);
    expect(app.problems).toEqual([]);
  });
});
