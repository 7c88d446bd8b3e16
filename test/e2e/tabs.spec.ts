/// <reference lib="dom" />
import { test, expect } from './fixtures';
import { ExplorerPage } from './pages/explorer-page';

test.describe('explorer tabs', () => {
  test('several requests at once, each with its own draft and response; unsaved marks; restored after a restart', async ({
    page,
    app,
    context,
  }) => {
    await app.open();
    const explorer = new ExplorerPage(page);
    await explorer.useDemoFromWelcome();
    await explorer.setPath('agents?limit=3');
    await explorer.send();
    await expect(explorer.rows()).toHaveCount(3);
    const tabs = page.getByTestId('request-tab');
    await expect(tabs).toHaveCount(1);
    await expect(tabs.first()).toHaveAttribute('data-dirty', 'true');

    // A second tab from the keyboard, with its own request and result.
    await page.keyboard.press('ControlOrMeta+Alt+KeyN');
    await expect(tabs).toHaveCount(2);
    await expect(explorer.pathInput().first()).toBeFocused();
    await explorer.setPath('threats?limit=2');
    await explorer.send();
    await expect(explorer.rows()).toHaveCount(2);

    // Back to the first: its path and its response are still there.
    await tabs.first().click();
    await expect(explorer.pathInput().first()).toHaveValue('agents?limit=3');
    await expect(explorer.rows()).toHaveCount(3);
    await page.keyboard.press('ControlOrMeta+Alt+BracketRight');
    await expect(explorer.pathInput().first()).toHaveValue('threats?limit=2');

    // Main keeps the drafts: a new window reopens both tabs and the active one.
    await expect
      .poll(async () => {
        const r = await app.core.dispatch('drafts:get', {}, { emit: () => undefined });
        return r.ok ? (r.value as { tabs: unknown[] }).tabs.length : 0;
      })
      .toBe(2);
    const second = await context.newPage();
    await second.goto(app.host.url);
    const again = new ExplorerPage(second);
    await expect(second.getByTestId('request-tab')).toHaveCount(2);
    await expect(again.pathInput().first()).toHaveValue('threats?limit=2');
    await second.close();

    // Closing an unsaved tab asks; "Keep it" keeps it, "Close it" closes it.
    await tabs.nth(1).getByTestId('tab-close').click();
    await page.getByTestId('confirm-action-no').click();
    await expect(tabs).toHaveCount(2);
    await tabs.nth(1).getByTestId('tab-close').click();
    await page.getByTestId('confirm-action-yes').click();
    await expect(tabs).toHaveCount(1);
    await expect(explorer.pathInput().first()).toHaveValue('agents?limit=3');

    // The help overlay lists the shortcuts.
    await page.keyboard.press('ControlOrMeta+Slash');
    await expect(page.getByTestId('shortcut-help')).toContainText('New tab');
    expect(app.problems).toEqual([]);
  });
});
