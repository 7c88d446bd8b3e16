import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import type { CodegenResult } from '../../preload/contract';
import CodeDialog from '../../renderer/src/components/CodeDialog.vue';
import { newRow } from '../../renderer/src/explorer/request-draft';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { useTabsStore } from '../../renderer/src/stores/tabs';
import { showSuccess } from '../../renderer/src/theme/feedback';
import { demoConnection, fail, installFakeApi, type Handlers } from './fake-api';

vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
  confirmAction: vi.fn(async () => true),
}));

/** Monaco does not run in happy-dom; the stub shows what the dialog hands it. */
const MonacoStub = defineComponent({
  props: {
    modelValue: { type: String, default: '' },
    language: { type: String, default: 'json' },
    readOnly: Boolean,
    dark: Boolean,
  },
  setup(props) {
    return () =>
      h(
        'pre',
        {
          'data-testid': 'monaco',
          'data-language': props.language,
          'data-read-only': String(props.readOnly),
        },
        props.modelValue,
      );
  },
});

const CURL =
  'curl --request GET \\\n  --url \'http://127.0.0.1:4712/web/api/v2.1/threats?limit=25\' \\\n  --header "Authorization: ApiToken $S1_API_TOKEN" \\\n  --header "X-Key: $TOKEN2"';
const PYTHON =
  'import os\nimport requests\n\nrequests.get(url, headers={"Authorization": "ApiToken " + os.environ["S1_API_TOKEN"]})';

function answer(target: string): CodegenResult {
  return target === 'python-requests'
    ? { code: PYTHON, placeholders: ['S1_API_TOKEN'], language: 'python' }
    : { code: CURL, placeholders: ['S1_API_TOKEN', 'TOKEN2'], language: 'shell' };
}

let wrapper: VueWrapper | null = null;

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
  vi.mocked(showSuccess).mockClear();
});

const byTestId = <T extends HTMLElement = HTMLElement>(id: string) =>
  document.body.querySelector<T>(`[data-testid="${id}"]`);

async function open(handlers: Handlers = {}) {
  const fake = installFakeApi({
    'connections:list': () => [demoConnection],
    'http:preview': () => ({
      method: 'GET',
      url: '',
      headers: [],
      body: null,
      credentialHeader: null,
      references: [],
      unresolved: [],
    }),
    'codegen:generate': ({ target }) => answer(target),
    ...handlers,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const connections = useConnectionsStore();
  await connections.load();
  connections.select('demo-sentinelone');
  const tabs = useTabsStore();
  tabs.active.connectionId = 'demo-sentinelone';
  tabs.active.draft.path = 'threats?limit={{threatLimit}}';
  tabs.active.draft.headers = [newRow('X-Key', '{{token2}}'), newRow()];
  wrapper = mount(CodeDialog, {
    props: { show: true },
    global: { plugins: [pinia], stubs: { MonacoEditor: MonacoStub } },
    attachTo: document.body,
  });
  await flushPromises();
  return fake;
}

describe('CodeDialog', () => {
  it('generates the active request as cURL in a read-only editor and names what to export', async () => {
    const fake = await open();
    expect(fake.inputsOf('codegen:generate')).toEqual([
      {
        target: 'curl',
        spec: {
          connectionId: 'demo-sentinelone',
          method: 'GET',
          path: 'threats?limit={{threatLimit}}',
          query: [],
          headers: [{ name: 'X-Key', value: '{{token2}}', enabled: true }],
          body: { kind: 'none' },
        },
      },
    ]);
    const editor = byTestId('monaco')!;
    expect(editor.textContent).toBe(CURL);
    expect(editor.dataset.language).toBe('shell');
    expect(editor.dataset.readOnly).toBe('true');
    expect(byTestId('code-placeholders')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Export these first: $S1_API_TOKEN, $TOKEN2',
    );
  });

  it('offers every target and regenerates in the picked one with its language', async () => {
    const fake = await open();
    (byTestId('code-target')!.querySelector('.n-base-selection') as HTMLElement).click();
    await flushPromises();
    const options = [...document.body.querySelectorAll('[data-testid^="code-target-option-"]')];
    expect(
      options.map((o) => o.getAttribute('data-testid')?.replace('code-target-option-', '')),
    ).toEqual([
      'curl',
      'python-requests',
      'powershell',
      'go',
      'javascript-fetch',
      'node-fetch',
      'node-axios',
      'node-native',
    ]);
    (byTestId('code-target-option-python-requests') as HTMLElement).click();
    await flushPromises();
    expect(fake.inputsOf('codegen:generate').map((i) => i.target)).toEqual([
      'curl',
      'python-requests',
    ]);
    expect(byTestId('monaco')?.textContent).toBe(PYTHON);
    expect(byTestId('monaco')?.dataset.language).toBe('python');
    expect(byTestId('code-placeholders')?.textContent).toContain('$S1_API_TOKEN');
  });

  it('copies the code to the clipboard and says which variables to export', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await open();
    byTestId<HTMLButtonElement>('code-copy')!.click();
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(CURL);
    expect(showSuccess).toHaveBeenCalledWith(
      'Copied — export $S1_API_TOKEN, $TOKEN2 before running it.',
    );
    expect(byTestId('code-manual-copy')).toBeNull();
  });

  it('falls back to a selectable read-only text area when the clipboard refuses', async () => {
    const writeText = vi.fn(async () => {
      throw new Error('Document is not focused.');
    });
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await open();
    byTestId<HTMLButtonElement>('code-copy')!.click();
    await flushPromises();
    const manual = byTestId<HTMLTextAreaElement>('code-manual-copy')!;
    expect(manual.value).toBe(CURL);
    expect(manual.readOnly).toBe(true);
    expect(byTestId('code-manual-note')).not.toBeNull();
  });

  it('lists undefined variables and where they are instead of code', async () => {
    await open({
      'codegen:generate': () => {
        throw fail('undefined_variable', '{{threatLimit}} has no value…', {
          names: ['threatLimit'],
          references: [
            {
              name: 'threatLimit',
              field: 'path',
              offset: 14,
              length: 15,
              scope: null,
              secret: false,
            },
          ],
        });
      },
    });
    expect(byTestId('code-undefined')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '{{threatLimit}} — path',
    );
    expect(byTestId('monaco')).toBeNull();
    expect(byTestId<HTMLButtonElement>('code-copy')!.disabled).toBe(true);
  });

  it('shows main’s message for other failures', async () => {
    await open({
      'codegen:generate': () => {
        throw fail(
          'demo_not_running',
          'Start the demo tenant first: the command needs its address.',
        );
      },
    });
    expect(byTestId('code-error')?.textContent).toContain('Start the demo tenant first');
    expect(byTestId('code-placeholders')).toBeNull();
  });
});
