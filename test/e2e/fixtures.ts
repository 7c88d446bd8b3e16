import { test as base, expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import type { AppCore } from '../../main/core/app-core';
import { startBrowserHost, type BrowserHost } from '../../main/host/browser-host';
import { createTestCore } from '../helpers/app-harness';

/** `real`: the OS keychain through keytar (a Secret Service must be running, as in CI). */
export type KeychainChoice = 'real' | 'fake';

export interface ConsoleApp {
  core: AppCore;
  host: BrowserHost;
  dataDir: string;
  /** Console errors and failed requests seen by the page; every test expects none unless it says so. */
  problems: string[];
  /** URLs main was asked to open in the system browser (after its allowlist check). */
  externalOpened: string[];
  open(): Promise<void>;
  /** Opens the console past the welcome screen, on one of the side rail's screens. */
  openOn(view: 'explorer' | 'connections' | 'audit'): Promise<void>;
}

const rendererDir = join(import.meta.dirname, '../../out/renderer');

/** The app must work with no network: anything not on loopback is blocked and recorded. */
async function guardOffline(page: Page, problems: string[]): Promise<void> {
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (
      ['127.0.0.1', 'localhost'].includes(url.hostname) ||
      url.protocol === 'data:' ||
      url.protocol === 'blob:'
    ) {
      return route.continue();
    }
    problems.push(`non-loopback request: ${url.href}`);
    return route.abort();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
}

export const test = base.extend<{ app: ConsoleApp; keychain: KeychainChoice }>({
  keychain: ['fake', { option: true }],
  app: async ({ page, context, keychain }, use) => {
    const externalOpened: string[] = [];
    const { core, dataDir } = createTestCore({
      keychain,
      openExternal: async (url) => void externalOpened.push(url),
    });
    const host = await startBrowserHost({ core, rendererDir });
    const problems: string[] = [];
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    await guardOffline(page, problems);
    await use({
      core,
      host,
      dataDir,
      problems,
      externalOpened,
      async open() {
        await page.goto(host.url);
        await expect(page.locator('html[data-app-state="ready"]')).toBeAttached();
      },
      async openOn(view) {
        await this.open();
        await page.getByTestId(`nav-${view}`).click();
        await expect(page.getByTestId(`${view}-view`).or(page.getByTestId(view))).toBeVisible();
      },
    });
    await host.close();
    await core.dispose();
  },
});

export { expect };
