import { expect, type Locator, type Page } from '@playwright/test';

/** The connections screen and its editor, in the operator's terms. */
export class ConnectionsPage {
  constructor(private readonly page: Page) {}

  private byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  row(name: string): Locator {
    return this.byTestId('connection-row').filter({
      has: this.page.getByTestId('connection-name').getByText(name, { exact: true }),
    });
  }

  async idOf(name: string): Promise<string> {
    const id = await this.row(name).getAttribute('data-connection-id');
    if (!id) throw new Error(`no connection row named ${name}`);
    return id;
  }

  /** Starts a built-in demo tenant from its row and waits until the row shows its address. */
  async startDemo(name: string): Promise<string> {
    const row = this.row(name);
    await row.getByTestId('connection-demo-start').click();
    await expect(row.getByTestId('connection-demo-start')).toHaveCount(0);
    const url = row.locator('code.url');
    await expect(url).toHaveText(/^http:\/\/127\.0\.0\.1:\d+/);
    return (await url.textContent())!.trim();
  }

  /** A new SentinelOne connection; the token is typed into the editor and goes to main on save. */
  async createSentinelOne(options: {
    name: string;
    baseUrl: string;
    token: string;
    environment?: 'production' | 'staging' | 'sandbox';
  }): Promise<void> {
    await this.byTestId('connection-new').click();
    const editor = this.byTestId('connection-editor');
    await expect(editor).toBeVisible();
    await this.page.getByTestId('editor-name').fill(options.name);
    await this.page.getByTestId('editor-base-url').fill(options.baseUrl);
    if (options.environment && options.environment !== 'production') {
      await this.byTestId('editor-environment').click();
      await this.byTestId(`editor-environment-option-${options.environment}`).click();
    }
    await this.page.getByTestId('editor-secret').fill(options.token);
    await this.save();
  }

  async save(): Promise<void> {
    await this.byTestId('editor-save').click();
    await expect(this.byTestId('editor-error')).toHaveCount(0);
    await expect(this.page.getByTestId('editor-secret')).toHaveValue('');
  }

  async closeEditor(): Promise<void> {
    await this.byTestId('editor-cancel').click();
    await expect(this.byTestId('connection-editor')).toHaveCount(0);
  }

  /** The "Faults…" button under a demo tenant's row (the developer panel's way in). */
  faultsButton(name: string): Locator {
    return this.page
      .getByTestId('connection-row')
      .filter({ has: this.page.getByTestId('connection-name').getByText(name, { exact: true }) })
      .locator('xpath=following-sibling::li[1][@data-testid="demo-faults-line"]')
      .getByTestId('demo-faults-open');
  }

  async openFaults(name: string): Promise<Locator> {
    await this.faultsButton(name).click();
    const panel = this.byTestId('demo-faults');
    await expect(panel).toBeVisible();
    await expect(panel).toHaveAttribute('data-loading', 'false');
    return panel;
  }

  /** Fills the panel's form and presses Enter to add the rule (not applied yet). */
  async addFault(rule: {
    route: string;
    kind: 'latency' | 'status' | 'rate-limit' | 'malformed' | 'reset' | 'drop-mid-body';
    status?: string;
    times?: string;
  }): Promise<void> {
    const before = await this.byTestId('demo-fault-rule').count();
    await this.page.getByTestId('demo-fault-route').fill(rule.route);
    await this.byTestId('demo-fault-kind').click();
    await this.byTestId(`demo-fault-kind-option-${rule.kind}`).click();
    if (rule.status !== undefined)
      await this.page.getByTestId('demo-fault-status').fill(rule.status);
    const times = this.page.getByTestId('demo-fault-times');
    await times.fill(rule.times ?? '');
    await times.press('Enter');
    await expect(this.byTestId('demo-fault-rule')).toHaveCount(before + 1);
  }

  async applyFaults(): Promise<void> {
    await this.byTestId('demo-faults-apply').click();
    await expect(this.byTestId('demo-faults-unapplied')).toHaveCount(0);
  }

  /** Clear all, confirmed; the panel shows its empty state again. */
  async clearFaults(): Promise<void> {
    await this.byTestId('demo-faults-clear').click();
    await this.byTestId('confirm-action-yes').click();
    await expect(this.byTestId('demo-faults-empty')).toBeVisible();
  }

  async closeFaults(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.byTestId('demo-faults')).toHaveCount(0);
  }

  async test(name: string): Promise<Locator> {
    const row = this.row(name);
    await row.getByTestId('connection-test').click();
    const result = row.getByTestId('test-result');
    await expect(result).toBeVisible();
    return result;
  }
}
