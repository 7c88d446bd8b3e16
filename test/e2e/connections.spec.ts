/// <reference lib="dom" />
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';
import { ExplorerPage } from './pages/explorer-page';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { createKeytarStore } from '../../main/core/secrets/keytar-store';
import { realKeychainAvailable } from '../helpers/app-harness';

const WRONG_TOKEN = 'e2e-wrong-token-0000000000';

test.describe('connections and the OS keychain', () => {
  test.use({ keychain: 'real' });

  test('SentinelOne: the token lands in the keychain, Test connection is OK, a wrong token gets the 401 diagnosis, delete removes it', async ({
    page,
    app,
  }) => {
    if (!realKeychainAvailable) {
      console.log(
        'Skipped: no Secret Service on this machine (run under dbus-run-session with gnome-keyring, as CI does).',
      );
    }
    test.skip(!realKeychainAvailable, 'no Secret Service to hold the token');
    await app.openOn('connections');
    const connections = new ConnectionsPage(page);
    const baseUrl = await connections.startDemo('Demo — SentinelOne');

    await connections.createSentinelOne({
      name: 'Acme via keychain',
      baseUrl,
      token: DEMO_S1_TOKENS.admin,
      environment: 'staging',
    });
    await connections.closeEditor();
    const id = await connections.idOf('Acme via keychain');
    const keychain = createKeytarStore();
    // Checked with keytar directly: the secret is in the OS keychain under our service.
    expect(await keychain.get({ connectionId: id, kind: 'token' })).toBe(DEMO_S1_TOKENS.admin);
    // The page only ever shows that it exists and a fingerprint.
    await expect(connections.row('Acme via keychain').getByTestId('secret-status')).toHaveText(
      /Token in keychain · fp [0-9a-f]{8}/,
    );
    expect(await page.content()).not.toContain(DEMO_S1_TOKENS.admin);

    const ok = await connections.test('Acme via keychain');
    await expect(ok).toHaveAttribute('data-diagnosis-code', 'ok');
    await expect(ok.getByTestId('token-expiry')).toBeVisible();

    await connections.row('Acme via keychain').getByTestId('connection-edit').click();
    await page.getByTestId('editor-secret').fill(WRONG_TOKEN);
    await connections.save();
    await connections.closeEditor();
    expect(await keychain.get({ connectionId: id, kind: 'token' })).toBe(WRONG_TOKEN);
    const rejected = await connections.test('Acme via keychain');
    await expect(rejected).toHaveAttribute('data-diagnosis-code', 'unauthorized');
    await expect(rejected.getByTestId('test-result-title')).toContainText('401');

    await connections.row('Acme via keychain').getByTestId('connection-delete').click();
    await page.getByTestId('delete-confirm').click();
    await expect(connections.row('Acme via keychain')).toHaveCount(0);
    expect(await keychain.get({ connectionId: id, kind: 'token' })).toBeNull();
    expect(await page.content()).not.toContain(WRONG_TOKEN);
    expect(app.problems).toEqual([]);
  });
});

test.describe('production safety', () => {
  test('a production POST shows the exact request; Cancel sends nothing, Confirm sends once and the audit log has it', async ({
    page,
    app,
  }) => {
    await app.openOn('connections');
    const connections = new ConnectionsPage(page);
    const baseUrl = await connections.startDemo('Demo — SentinelOne');
    // The editor starts new connections as production: unknown means "treat as live".
    await connections.createSentinelOne({
      name: 'Acme PROD',
      baseUrl,
      token: DEMO_S1_TOKENS.admin,
    });
    await connections.closeEditor();
    const id = await connections.idOf('Acme PROD');

    await page.getByTestId('nav-explorer').click();
    const explorer = new ExplorerPage(page);
    await page.getByTestId('connection-picker').click();
    await page.getByTestId(`connection-option-${id}`).click();
    await expect(page.getByTestId('environment-banner')).toHaveAttribute(
      'data-environment',
      'production',
    );
    await explorer.loadTemplate('bulk-quarantine');
    const demo = app.core.demo.sentinelOne!;
    demo.clearLog();
    await explorer.send();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('confirm-method')).toContainText('POST');
    await expect(page.getByTestId('confirm-url')).toContainText('/threats/mitigate/quarantine');
    // The template targets by filter, not by ids: the body is shown, and no count is invented.
    await expect(page.getByTestId('confirm-body')).toContainText('incidentStatuses');
    await expect(page.getByTestId('confirm-target-count')).toHaveCount(0);
    await page.getByTestId('confirm-cancel').click();
    await expect(dialog).toHaveCount(0);
    await expect(explorer.errorCard()).toContainText(/cancelled/i);
    expect(demo.requestLog()).toEqual([]);

    await explorer.send();
    await page.getByTestId('confirm-send').click();
    await expect(explorer.status()).toContainText('200');
    expect(demo.requestLog().filter((r) => r.method === 'POST')).toHaveLength(1);

    await page.getByTestId('nav-audit').click();
    const row = page.getByTestId('audit-row').first();
    await expect(row).toHaveAttribute('data-outcome', 'sent');
    await expect(row).toContainText('confirmed');
    await expect(row).toContainText('Acme PROD');
    await page.getByTestId('audit-verify').click();
    await expect(page.getByTestId('audit-verification')).toHaveAttribute('data-ok', 'true');
    expect(app.problems).toEqual([]);
  });

  test('a destructive request needs the connection name typed; a read-only connection refuses in main', async ({
    page,
    app,
  }) => {
    await app.openOn('connections');
    const connections = new ConnectionsPage(page);
    const baseUrl = await connections.startDemo('Demo — SentinelOne');
    await connections.createSentinelOne({
      name: 'Kill PROD',
      baseUrl,
      token: DEMO_S1_TOKENS.admin,
    });
    await connections.closeEditor();
    await connections.createSentinelOne({
      name: 'Look only',
      baseUrl,
      token: DEMO_S1_TOKENS.admin,
      environment: 'sandbox',
    });
    await page.getByTestId('editor-read-only').click();
    await connections.save();
    await connections.closeEditor();
    await expect(connections.row('Look only').getByTestId('connection-read-only')).toBeVisible();

    await page.getByTestId('nav-explorer').click();
    const explorer = new ExplorerPage(page);
    const pick = async (name: string) => {
      await page.getByTestId('connection-picker').click();
      await page.getByTestId(`connection-option-${await idOf(name)}`).click();
    };
    const idOf = (name: string) =>
      app.core
        .dispatch('connections:list', {}, { emit: () => undefined })
        .then((r) => (r.ok ? (r.value as { id: string; name: string }[]) : []))
        .then((list) => list.find((c) => c.name === name)!.id);
    const demo = app.core.demo.sentinelOne!;

    await pick('Kill PROD');
    await explorer.setMethod('POST');
    await explorer.setPath('threats/mitigate/kill');
    await explorer.setBody('{"filter":{"ids":["1"]}}');
    demo.clearLog();
    await explorer.send();
    const send = page.getByTestId('confirm-send');
    await expect(send).toBeDisabled();
    await page.getByTestId('confirm-typed-name').fill('kill prod');
    await expect(send).toBeDisabled();
    await page.getByTestId('confirm-typed-name').fill('Kill PROD');
    await send.click();
    await expect(explorer.status()).toContainText('200');
    expect(demo.requestLog()).toHaveLength(1);

    await pick('Look only');
    await expect(page.getByTestId('read-only-label')).toBeVisible();
    demo.clearLog();
    await explorer.send();
    await expect(explorer.errorCard()).toHaveAttribute('data-error-code', 'read_only');
    expect(demo.requestLog()).toEqual([]);
  });
});

test.describe('stored data problems', () => {
  test('a corrupt connections file is set aside and the operator is told where it went', async ({
    page,
    app,
  }) => {
    writeFileSync(join(app.dataDir, 'connections.json'), '{"version": 2, "connections": [ torn');
    await app.open();
    const problem = page.getByTestId('storage-problem');
    await expect(problem).toHaveAttribute('data-source', 'connections');
    await expect(problem).toContainText('connections.json.corrupt-');
    // The console still works: the demo connections are there.
    await page.getByTestId('nav-connections').click();
    await expect(new ConnectionsPage(page).row('Demo — SentinelOne')).toBeVisible();
  });
});
