import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { ConfirmationRequest } from '../../preload/contract';
import ConfirmSendDialog from '../../renderer/src/components/ConfirmSendDialog.vue';
import {
  useConfirmationStore,
  type ConfirmationAnswer,
} from '../../renderer/src/stores/confirmation';

const request: ConfirmationRequest = {
  token: 'tok-9',
  connectionName: 'Acme production',
  environment: 'production',
  method: 'POST',
  url: 'https://acme.sentinelone.net/web/api/v2.1/agents/actions/disconnect?ids=1,2,3',
  body: '{"filter":{"ids":["1","2","3"]}}',
  targetCount: 3,
  destructive: true,
  reason: 'Disconnecting agents from the network on a production tenant.',
};

let wrapper: VueWrapper | null = null;

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

/** The modal is teleported to <body>, so queries go through the document. */
function byTestId(id: string): HTMLElement | null {
  return document.body.querySelector(`[data-testid="${id}"]`);
}

async function open(req: ConfirmationRequest) {
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(ConfirmSendDialog, { global: { plugins: [pinia] }, attachTo: document.body });
  const store = useConfirmationStore();
  let answer: ConfirmationAnswer | null | undefined;
  void store.ask(req).then((a) => (answer = a));
  await flushPromises();
  return { store, answer: () => answer };
}

async function type(input: HTMLInputElement, text: string) {
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await flushPromises();
}

describe('ConfirmSendDialog', () => {
  it('shows the exact request: method, full URL, pretty body, target count and reason', async () => {
    await open(request);
    expect(byTestId('confirm-dialog')).not.toBeNull();
    expect(byTestId('confirm-method')?.textContent?.trim()).toBe('POST');
    expect(byTestId('confirm-url')?.textContent).toBe(request.url);
    expect(byTestId('confirm-body')?.textContent).toBe(
      JSON.stringify(JSON.parse(request.body!), null, 2),
    );
    expect(byTestId('confirm-target-count')?.textContent).toContain('3 targets');
    expect(byTestId('confirm-reason')?.textContent).toBe(request.reason);
    expect(byTestId('environment-banner')?.dataset.environment).toBe('production');
  });

  it('keeps Confirm disabled until the connection name is typed exactly', async () => {
    const { answer } = await open(request);
    const send = byTestId('confirm-send') as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    const typed = byTestId('confirm-typed-name') as HTMLInputElement;
    await type(typed, 'Acme Production');
    expect(send.disabled).toBe(true);
    await type(typed, 'Acme production');
    expect(send.disabled).toBe(false);
    send.click();
    await flushPromises();
    expect(answer()).toEqual({ token: 'tok-9', typedName: 'Acme production' });
    expect(byTestId('confirm-dialog')).toBeNull();
  });

  it('Cancel answers null (nothing is sent)', async () => {
    const { answer } = await open({ ...request, destructive: false });
    expect(byTestId('confirm-typed-name')).toBeNull();
    expect((byTestId('confirm-send') as HTMLButtonElement).disabled).toBe(false);
    (byTestId('confirm-cancel') as HTMLButtonElement).click();
    await flushPromises();
    expect(answer()).toBeNull();
  });
});
