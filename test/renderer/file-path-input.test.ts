import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import FilePathInput from '../../renderer/src/components/connections/FilePathInput.vue';
import { useAppStore } from '../../renderer/src/stores/app';
import { installFakeApi } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
}));

afterEach(() => {
  document.body.innerHTML = '';
});

function mountWith(canPickFiles: boolean, picked: string | null) {
  const fake = installFakeApi({ 'app:pick-file': () => ({ path: picked }) });
  const pinia = createPinia();
  setActivePinia(pinia);
  useAppStore().info = {
    name: 'x',
    version: '1',
    transport: canPickFiles ? 'electron' : 'browser-host',
    platform: 'linux',
    firstLaunch: false,
    canPickFiles,
  };
  const wrapper = mount(FilePathInput, {
    props: { value: '', purpose: 'pfx', testid: 'editor-pfx-file', placeholder: '/x.pfx' },
    global: { plugins: [pinia] },
  });
  return { fake, wrapper };
}

describe('FilePathInput', () => {
  it('offers Browse… only where native dialogs exist, and puts the chosen path in the field', async () => {
    const { fake, wrapper } = mountWith(true, '/home/op/client.pfx');
    await wrapper.get('[data-testid="editor-pfx-file-browse"]').trigger('click');
    await flushPromises();
    expect(fake.inputsOf('app:pick-file')).toEqual([{ purpose: 'pfx' }]);
    expect(wrapper.emitted('update:value')?.at(-1)).toEqual(['/home/op/client.pfx']);
  });

  it('keeps the field as it was when the dialog is cancelled', async () => {
    const { wrapper } = mountWith(true, null);
    await wrapper.get('[data-testid="editor-pfx-file-browse"]').trigger('click');
    await flushPromises();
    expect(wrapper.emitted('update:value')).toBeUndefined();
  });

  it('has no Browse… in the browser host: the path is typed', async () => {
    const { wrapper } = mountWith(false, null);
    expect(wrapper.find('[data-testid="editor-pfx-file-browse"]').exists()).toBe(false);
    await wrapper.get('input[data-testid="editor-pfx-file"]').setValue('/typed/path.pfx');
    expect(wrapper.emitted('update:value')?.at(-1)).toEqual(['/typed/path.pfx']);
  });
});
