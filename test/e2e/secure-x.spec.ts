/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { test, expect, type ConsoleApp } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';
import { ExplorerPage } from './pages/explorer-page';
import { DEMO_SSX_ADMINS } from '../../main/demo/securex';

const ADMIN = DEMO_SSX_ADMINS.find((a) => a.role === 'administrator')!;
const AUDITOR = DEMO_SSX_ADMINS.find((a) => a.role === 'auditor')!;
const SSX_ROW = 'Demo — Sentinel Secure X';

/** Starts the Secure X demo from its row and signs in through the dialog. */
async function signIn(page: Page, app: ConsoleApp, who: { username: string; password: string }) {
  const connections = new ConnectionsPage(page);
  await connections.startDemo(SSX_ROW);
  expect(app.core.demo.status('sentinel-secure-x').running).toBe(true);
  const row = connections.row(SSX_ROW);
  await row.getByTestId('ssx-sign-in').click();
  await page.getByTestId('ssx-username').fill(who.username);
  await page.getByTestId('ssx-password').fill(who.password);
  await page.getByTestId('ssx-submit').click();
  await expect(page.getByTestId('ssx-sign-in-dialog')).toHaveCount(0);
  await expect(row.getByTestId('ssx-signed-in')).toContainText(who.username);
  return row;
}

async function useInExplorer(page: Page) {
  await page.getByTestId('nav-explorer').click();
  await page.getByTestId('connection-picker').click();
  await page.getByTestId('connection-option-demo-securex').click();
  return new ExplorerPage(page);
}

test.describe('Sentinel Secure X admin sessions', () => {
  test('sign in → roles shown → revoke another session → that session now gets 401', async ({
    page,
    app,
  }) => {
    await app.openOn('connections');
    const row = await signIn(page, app, ADMIN);
    const elsewhere = await app.core.demo.secureX!.createSessionFor(ADMIN.username);

    await row.getByTestId('ssx-sessions-open').click();
    const dialog = page.getByTestId('ssx-sessions');
    await expect(dialog.getByTestId('ssx-role')).toContainText('administrator');
    await expect(
      dialog.getByTestId('ssx-permission').filter({ hasText: 'sessions:revoke' }),
    ).toBeVisible();
    const other = dialog.locator(
      `[data-testid="ssx-session-row"][data-session-id="${elsewhere.sessionId}"]`,
    );
    await expect(
      dialog.locator('[data-testid="ssx-session-row"][data-current="true"]'),
    ).toHaveCount(1);
    await other.getByTestId('ssx-revoke').click();
    await page.getByTestId('ssx-revoke-confirm').click();
    await expect(other).toHaveCount(0);

    const res = await fetch(`${app.core.demo.secureX!.baseUrl}/api/admin/me`, {
      headers: { Authorization: `Bearer ${elsewhere.token}` },
    });
    expect(res.status).toBe(401);
    // Ours still works.
    await page.getByTestId('ssx-refresh').click();
    await expect(
      dialog.locator('[data-testid="ssx-session-row"][data-current="true"]'),
    ).toHaveCount(1);
    expect(app.problems).toEqual([]);
  });

  test('an auditor: the explorer disables what the role may not do and sends what it may', async ({
    page,
    app,
  }) => {
    await app.openOn('connections');
    await signIn(page, app, AUDITOR);
    const explorer = await useInExplorer(page);
    await explorer.setMethod('POST');
    await explorer.setPath('api/devices/dev-001/identity-review');
    await expect(page.getByTestId('permission-blocked')).toContainText('devices:review');
    await expect(page.getByTestId('send-button')).toBeDisabled();

    await explorer.setMethod('GET');
    await explorer.setPath('api/admin/sessions');
    await expect(page.getByTestId('permission-blocked')).toHaveCount(0);
    await expect(page.getByTestId('send-button')).toBeEnabled();
    await explorer.send();
    await expect(explorer.status()).toContainText('200');
  });

  test('a session revoked elsewhere: Send asks for sign-in, then the same request goes through', async ({
    page,
    app,
  }) => {
    await app.openOn('connections');
    await signIn(page, app, ADMIN);
    const explorer = await useInExplorer(page);
    await explorer.setPath('api/admin/me');
    await explorer.send();
    await expect(explorer.status()).toContainText('200');

    // Another device ends our session, as an administrator elsewhere would.
    const ssx = app.core.demo.secureX!;
    const elsewhere = await ssx.createSessionFor(ADMIN.username);
    const mine = (
      (await (
        await fetch(`${ssx.baseUrl}/api/admin/sessions`, {
          headers: { Authorization: `Bearer ${elsewhere.token}` },
        })
      ).json()) as { sessions: { id: string }[] }
    ).sessions.find((s) => s.id !== elsewhere.sessionId)!;
    const revoked = await fetch(`${ssx.baseUrl}/api/admin/sessions/${mine.id}/revoke`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${elsewhere.token}` },
    });
    expect(revoked.status).toBe(200);

    ssx.clearLog();
    await explorer.send();
    await expect(page.getByTestId('ssx-sign-in-reason')).toBeVisible();
    await page.getByTestId('ssx-password').fill(ADMIN.password);
    await page.getByTestId('ssx-submit').click();
    // The earlier 200 stays on screen (dimmed) until the retry answers: wait for it to settle.
    await explorer.expectSettled();
    await expect(explorer.status()).toContainText('200');
    await expect(page.locator('.response-panel')).toHaveAttribute('data-in-flight', 'false');
    const meCalls = ssx.requestLog().filter((r) => r.path === '/api/admin/me');
    expect(meCalls.map((r) => r.status)).toEqual([401, 200]);
  });

  test('a fault on the Secure X demo from the developer panel: its routes offered, the error shown, then normal again', async ({
    page,
    app,
  }) => {
    await app.openOn('connections');
    await signIn(page, app, ADMIN);
    const connections = new ConnectionsPage(page);
    const panel = await connections.openFaults(SSX_ROW);
    // Secure X has no rate-limit table, so no such switch; the routes are the route map's.
    await expect(panel.getByTestId('demo-rate-limits')).toHaveCount(0);
    await expect(page.getByTestId('demo-fault-route')).toHaveValue('GET /api/admin/me');
    await page.getByTestId('demo-fault-route').fill('scheduled-jobs');
    await expect(
      page
        .locator('.n-base-select-option')
        .filter({ hasText: 'GET /api/admin/scheduled-jobs' })
        .first(),
    ).toBeVisible();
    await connections.addFault({
      route: 'GET /api/admin/me',
      kind: 'status',
      status: '500',
      times: '1',
    });
    await connections.applyFaults();
    expect(app.core.demo.secureX!.faults()).toEqual([
      { route: 'GET /api/admin/me', status: 500, times: 1, remaining: 1 },
    ]);
    await connections.closeFaults();

    const explorer = await useInExplorer(page);
    await explorer.setPath('api/admin/me');
    await explorer.send();
    await expect(explorer.status()).toContainText('500');
    await expect(explorer.responseBody()).toContainText('Injected fault: the demo tenant failed.');
    // The rule was for one request: the next one is answered normally.
    await explorer.send();
    await expect(explorer.status()).toContainText('200');
    expect(app.core.demo.secureX!.faults()).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
