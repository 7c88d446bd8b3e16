import { expect, type Locator, type Page } from '@playwright/test';

/** The explorer as an operator sees it; tests speak in these terms, never in selectors. */
export class ExplorerPage {
  constructor(private readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** The one-sentence explanation a newcomer reads before choosing the demo tenant. */
  welcomeExplanation(sentence: string): Locator {
    return this.byTestId('welcome').getByText(sentence, { exact: true });
  }

  async useDemoFromWelcome(): Promise<void> {
    await this.byTestId('welcome-use-demo').click();
    await expect(this.byTestId('path-input')).toBeVisible();
  }

  async loadTemplate(slug: string): Promise<void> {
    await this.byTestId('template-menu').click();
    await this.byTestId(`template-${slug}`).click();
  }

  pathInput(): Locator {
    return this.byTestId('path-input')
      .locator('input')
      .or(this.page.locator('input[data-testid="path-input"]'));
  }

  async setPath(path: string): Promise<void> {
    const input = this.pathInput().first();
    await input.fill(path);
  }

  async setMethod(method: string): Promise<void> {
    await this.byTestId('method-select').click();
    await this.page.getByRole('option', { name: method, exact: true }).click();
  }

  /** Types into the body editor (Monaco: it always loads in these tests). */
  async setBody(text: string): Promise<void> {
    const editor = this.byTestId('body-editor');
    await this.byTestId('tab-body')
      .click()
      .catch(() => undefined);
    await expect(editor).toBeVisible();
    // Keys go wherever focus is: wait for Monaco to replace its stand-in text area and to
    // hold focus, or Ctrl+A would select the whole page and the old body would be sent.
    await expect(editor).toHaveAttribute('data-editor', 'monaco');
    await expect(async () => {
      await editor.click();
      expect(await editor.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }).toPass({ timeout: 10_000 });
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  async send(): Promise<void> {
    await this.byTestId('send-button').click();
  }

  cancelButton(): Locator {
    return this.byTestId('cancel-button');
  }

  /** Waits until the request is on its way (the Send button has turned into Cancel). */
  async expectInFlight(): Promise<void> {
    await expect(this.cancelButton()).toBeVisible();
    await expect(this.byTestId('response-progress')).toBeVisible();
  }

  /** Waits until no request is on its way, so what the panel shows is the latest answer. */
  async expectSettled(): Promise<void> {
    await expect(this.byTestId('response-progress')).toHaveCount(0, { timeout: 20_000 });
  }

  async cancel(): Promise<void> {
    await this.cancelButton().click();
  }

  /** The method shown in the request bar. */
  method(): Locator {
    return this.byTestId('method-select');
  }

  responseBody(): Locator {
    return this.byTestId('response-body');
  }

  /** The note shown when a body labelled JSON does not parse. */
  jsonParseWarning(): Locator {
    return this.page.getByText(/The server said JSON but the body does not parse/);
  }

  /** The status of the latest answer: never the previous one still shown while a send is on its way. */
  status(): Locator {
    return this.page.locator(
      '.response-panel[data-in-flight="false"] [data-testid="response-status"]',
    );
  }

  rows(): Locator {
    return this.byTestId('response-row');
  }

  errorCard(): Locator {
    return this.byTestId('response-error');
  }
}
