/**
 * `npm run screenshot`: the README's picture of the explorer after a real send
 * to the demo tenant, taken in Debian's Chromium through the browser host.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { createAppCore } from '../main/core/app-core';
import { startBrowserHost } from '../main/host/browser-host';

const root = join(import.meta.dirname, '..');
const scheme = process.argv.includes('--dark') ? 'dark' : 'light';
const core = createAppCore({
  dataDir: mkdtempSync(join(tmpdir(), 'soc-shot-')),
  transport: 'browser-host',
  version: 'screenshot',
  openExternal: async () => undefined,
});
const host = await startBrowserHost({ core, rendererDir: join(root, 'out/renderer') });
const browser = await chromium.launch({
  executablePath: process.env.SOC_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    colorScheme: scheme,
  });
  await page.goto(host.url);
  await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
  await page.getByTestId('welcome-use-demo').click();
  await page.getByTestId('template-menu').click();
  await page.getByTestId('template-open-threat-triage-queue').click();
  await page.getByTestId('send-button').click();
  await page.getByTestId('response-row').first().waitFor();
  const out = join(
    root,
    'resources/screenshots',
    scheme === 'dark' ? 'explorer-dark.png' : 'explorer.png',
  );
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await host.close();
  await core.dispose();
}
