import { _electron as electron } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { findElectronRuntime } from '../../scripts/electron-runtime';
import { ExplorerPage } from './pages/explorer-page';

const runtime = findElectronRuntime();
const skipReason = runtime.available ? '' : `Electron end-to-end skipped: ${runtime.reason}.`;
if (skipReason) console.log(skipReason);

test.describe('explorer in the Electron window', () => {
  test.skip(!runtime.available, skipReason);

  test('demo tenant → open threat triage queue → Send → 200 with rows', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'soc-electron-'));
    const app = await electron.launch({
      args: [join(import.meta.dirname, '../..')],
      env: { ...process.env, SOC_DATA_DIR: dataDir },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.locator('html[data-app-state="ready"]')).toBeAttached();
      const explorer = new ExplorerPage(page);
      await explorer.useDemoFromWelcome();
      await explorer.loadTemplate('open-threat-triage-queue');
      await explorer.send();
      await expect(explorer.status()).toContainText('200');
      await expect(explorer.rows()).toHaveCount(100);
    } finally {
      await app.close();
    }
  });
});
