import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { BodyInfo, HttpResponse } from '../../preload/contract';
import HugeBodyView from '../../renderer/src/components/response/HugeBodyView.vue';
import SmallBodyView from '../../renderer/src/components/response/SmallBodyView.vue';
import { bodyModes } from '../../renderer/src/components/response/body-modes';
import { cookieExpiry, parseSetCookies } from '../../renderer/src/components/response/cookies';
import { timingSegments } from '../../renderer/src/components/response/timing-bar';
import {
  suggestedFileName,
  useResponseViewerStore,
} from '../../renderer/src/stores/response-viewer';
import { useAppStore } from '../../renderer/src/stores/app';
import { downloadBlob } from '../../renderer/src/connections/download';
import { confirmAction, showSuccess } from '../../renderer/src/theme/feedback';
import { fail, installFakeApi, type Handlers } from './fake-api';

vi.mock('../../renderer/src/monaco/load-monaco', () => ({
  loadMonacoSetup: () => Promise.reject(new Error('no Monaco in unit tests')),
}));
vi.mock('../../renderer/src/theme/feedback', () => ({
  showError: vi.fn(),
  showSuccess: vi.fn(),
  showInfo: vi.fn(),
  confirmAction: vi.fn(async () => true),
}));
vi.mock('../../renderer/src/connections/download', () => ({ downloadBlob: vi.fn() }));
vi.spyOn(console, 'warn').mockImplementation(() => undefined);

function response(body: HttpResponse['body'], patch: Partial<HttpResponse> = {}): HttpResponse {
  return {
    requestId: 'r1',
    method: 'GET',
    url: 'http://127.0.0.1:4712/web/api/v2.1/threats?limit=2',
    credentialsAttached: true,
    status: 200,
    statusText: 'OK',
    httpVersion: '1.1',
    headers: [['content-type', 'application/json']],
    body,
    size: 100,
    timings: { dns: null, connect: null, tls: null, firstByte: 5, download: 1, total: 6 },
    redirects: [],
    ...patch,
  };
}

const threats = {
  data: [
    { id: '1', threatInfo: { classification: 'Malware', threatName: 'evil.exe' } },
    { id: '2', threatInfo: { classification: 'PUA', threatName: 'adware.exe' } },
  ],
  pagination: { nextCursor: null, totalItems: 2 },
};
const jsonBody = (): HttpResponse['body'] => ({
  kind: 'text',
  text: JSON.stringify(threats),
  contentType: 'application/json',
  json: threats,
});

beforeEach(() => {
  setActivePinia(createPinia());
  vi.mocked(downloadBlob).mockClear();
  vi.mocked(showSuccess).mockClear();
  vi.mocked(confirmAction).mockClear();
});

describe('response view helpers', () => {
  it('offers the views that fit the body, the default first', () => {
    const keys = (b: Parameters<typeof bodyModes>[0]) => bodyModes(b).map((m) => m.key);
    expect(keys({ kind: 'text', text: '{}', contentType: 'application/json', json: {} })).toEqual([
      'pretty',
      'raw',
      'hex',
    ]);
    expect(keys({ kind: 'text', text: '<p>', contentType: 'text/html; charset=utf-8' })).toEqual([
      'pretty',
      'raw',
      'preview',
      'hex',
    ]);
    expect(keys({ kind: 'binary', contentType: 'image/png', base64: '' })).toEqual([
      'preview',
      'hex',
      'raw',
    ]);
    expect(keys({ kind: 'binary', contentType: 'application/zip', base64: '' })).toEqual([
      'hex',
      'raw',
    ]);
  });

  it('splits Set-Cookie headers and skips ones without a name', () => {
    const cookies = parseSetCookies([
      ['set-cookie', 'a=1; Max-Age=0'],
      ['set-cookie', 'garbage'],
      ['x-other', 'b=2'],
      ['Set-Cookie', 'c=x=y; Expires=Wed, 09 Jun 2027 10:18:14 GMT; SameSite=Lax'],
    ]);
    expect(cookies.map((c) => [c.name, c.value])).toEqual([
      ['a', '1'],
      ['c', 'x=y'],
    ]);
    expect(cookieExpiry(cookies[0]!)).toBe('expired (deletes it)');
    expect(cookieExpiry(cookies[1]!)).toBe('Wed, 09 Jun 2027 10:18:14 GMT');
    expect(cookies[1]!.sameSite).toBe('Lax');
  });

  it('lays the timing phases end to end and skips a reused connection’s set-up', () => {
    const segs = timingSegments({
      dns: null,
      connect: null,
      tls: null,
      firstByte: 75,
      download: 25,
      total: 100,
    });
    expect(segs.map((s) => [s.phase, s.ms, Math.round(s.percent)])).toEqual([
      ['wait', 75, 75],
      ['download', 25, 25],
    ]);
    expect(
      timingSegments({ dns: 0, connect: 0, tls: null, firstByte: 0, download: 0, total: 0 }),
    ).toEqual([]);
  });

  it('names a saved body after the last path segment and its type', () => {
    expect(suggestedFileName('http://h/web/api/v2.1/threats?limit=5', 'application/json')).toBe(
      'threats.json',
    );
    expect(suggestedFileName('http://h/logo.png', 'image/png')).toBe('logo.png');
    expect(suggestedFileName('http://h/', 'application/octet-stream')).toBe('response.bin');
    expect(suggestedFileName('not a url', 'text/html')).toBe('response.html');
  });
});

describe('SmallBodyView', () => {
  beforeEach(() => {
    installFakeApi({
      'bodies:sanitize-html': ({ html }) => ({ html: html.replace(/<script.*?<\/script>/g, '') }),
    });
  });

  it('opens Pretty, switches to Raw and finds every hit with the current one marked', async () => {
    const wrapper = mount(SmallBodyView, { props: { response: response(jsonBody()) } });
    expect(wrapper.attributes('data-mode')).toBe('pretty');
    expect(wrapper.get('[data-testid="response-body"]').text()).toContain(
      '"classification": "Malware"',
    );
    // Find in Pretty without Monaco falls back to Raw with the search bar.
    await wrapper.get('[data-testid="body-find"]').trigger('click');
    expect(wrapper.attributes('data-mode')).toBe('raw');
    const input = wrapper.get('[data-testid="body-search-input"]');
    await input.setValue('exe');
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.get('[data-testid="body-search-count"]').text()).toBe('1 of 2');
    expect(wrapper.findAll('[data-testid="body-search-hit"]')).toHaveLength(2);
    expect(wrapper.get('[data-testid="virtual-lines-mark"]').text()).toBe('exe');
    await wrapper.get('[data-testid="body-search-next"]').trigger('click');
    expect(wrapper.get('[data-testid="body-search-count"]').text()).toBe('2 of 2');
  });

  it('reports a broken regular expression instead of searching', async () => {
    const wrapper = mount(SmallBodyView, { props: { response: response(jsonBody()) } });
    await wrapper.get('[data-testid="body-mode-raw"] input').setValue(true);
    await wrapper.get('[data-testid="body-find"]').trigger('click');
    await wrapper.get('[data-testid="body-search-regex"]').trigger('click');
    const input = wrapper.get('[data-testid="body-search-input"]');
    await input.setValue('(unclosed');
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.get('[data-testid="body-search-error"]').text()).toMatch(/regular expression/);
  });

  it('filters JSON with JSONPath and explains a bad expression', async () => {
    const wrapper = mount(SmallBodyView, { props: { response: response(jsonBody()) } });
    await wrapper.get('[data-testid="body-jsonpath-toggle"]').trigger('click');
    const input = wrapper.get('[data-testid="jsonpath-input"]');
    await input.setValue("$.data[?(@.threatInfo.classification=='Malware')].id");
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.get('[data-testid="jsonpath-result"]').attributes('data-count')).toBe('1');
    expect(wrapper.get('[data-testid="jsonpath-lines"]').text()).toContain('"1"');
    await input.setValue('$.data[?(@.x=');
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.get('[data-testid="jsonpath-error"]').text()).toMatch(/does not work/);
  });

  it('shows bytes as hex rows and saves the original bytes', async () => {
    const bytes = [
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...Array.from({ length: 20 }, (_, i) => 65 + i),
    ];
    const base64 = btoa(String.fromCharCode(...bytes));
    const wrapper = mount(SmallBodyView, {
      props: {
        response: response(
          { kind: 'binary', contentType: 'application/octet-stream', base64 },
          { url: 'http://h/download/blob' },
        ),
      },
    });
    expect(wrapper.attributes('data-mode')).toBe('hex');
    const rows = wrapper.findAll('[data-testid="response-hex-lines-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain(
      '00000000  89 50 4e 47 0d 0a 1a 0a  41 42 43 44 45 46 47 48  .PNG....ABCDEFGH',
    );
    await wrapper.get('[data-testid="body-save"]').trigger('click');
    const [name, blob] = vi.mocked(downloadBlob).mock.calls[0]!;
    expect(name).toBe('blob.bin');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array(bytes));
  });

  it('previews HTML only as main sanitized it', async () => {
    const html = '<h1>Maintenance</h1><script>alert(1)</script>';
    const wrapper = mount(SmallBodyView, {
      props: {
        response: response({ kind: 'text', text: html, contentType: 'text/html' }),
      },
    });
    await wrapper.get('[data-testid="body-mode-preview"] input').setValue(true);
    await flushPromises();
    const preview = wrapper.get('[data-testid="response-preview-html"]');
    expect(preview.html()).toContain('<h1>Maintenance</h1>');
    expect(preview.html()).not.toContain('script');
  });
});

describe('HugeBodyView', () => {
  const fileId = 'b_0123456789abcdef.body';
  const info: BodyInfo = {
    fileId,
    size: 100 * 1024 * 1024,
    contentType: 'application/json',
    contentTypeFromServer: true,
    isJson: true,
    encoding: 'utf-8',
    lines: null,
    prettyLines: null,
  };
  const line = (view: string, n: number) => `${view} line ${n}`;
  function handlers(patch: Handlers = {}): Handlers {
    return {
      'bodies:info': () => info,
      'bodies:pretty-lines': ({ fromLine, count }) => ({
        fromLine,
        lines: Array.from({ length: count }, (_, i) => line('pretty', fromLine + i)),
        truncated: [],
        eof: false,
        totalLines: null,
      }),
      'bodies:lines': ({ fromLine, count }) => ({
        fromLine,
        lines: Array.from({ length: count }, (_, i) => line('raw', fromLine + i)),
        truncated: [],
        eof: false,
        totalLines: null,
      }),
      'bodies:index': ({ view }) => ({ view, lines: 5_000_000, longestLineBytes: null, ms: 900 }),
      'bodies:release': () => ({ released: true }),
      ...patch,
    };
  }
  const fileResponse = (id = fileId) =>
    response(
      { kind: 'file', fileId: id, contentType: 'application/json', preview: '{"data":[' },
      { size: info.size },
    );

  it('draws the first window of pretty lines, then knows the line count from the index', async () => {
    const api = installFakeApi(handlers());
    const wrapper = mount(HugeBodyView, { props: { response: fileResponse() } });
    await flushPromises();
    const root = wrapper.get('[data-testid="huge-body"]');
    expect(root.attributes('data-first-screen')).toBe('true');
    expect(root.attributes('data-view')).toBe('pretty');
    expect(wrapper.findAll('[data-testid="huge-lines-row"]')[0]!.text()).toContain('pretty line 0');
    expect(wrapper.get('[data-testid="huge-lines"]').attributes('data-count')).toBe('5000000');
    expect(wrapper.get('[data-testid="huge-index"]').text()).toContain('5,000,000 lines');
    // A window, not the body: no read beyond the lines shown.
    expect(api.channels()).not.toContain('bodies:read');
    expect(api.inputsOf('bodies:pretty-lines')[0]).toMatchObject({ fromLine: 0, count: 200 });
  });

  it('falls back to Raw with a notice when the JSON breaks', async () => {
    installFakeApi(
      handlers({
        'bodies:index': ({ view }) => {
          if (view === 'pretty') throw fail('invalid_body', 'The JSON breaks at byte 512.');
          return { view, lines: 3, longestLineBytes: 4000, ms: 1 };
        },
      }),
    );
    const wrapper = mount(HugeBodyView, { props: { response: fileResponse() } });
    await flushPromises();
    expect(wrapper.get('[data-testid="huge-body"]').attributes('data-view')).toBe('raw');
    expect(wrapper.get('[data-testid="huge-notice"]').text()).toContain(
      'The JSON breaks at byte 512.',
    );
    expect(wrapper.findAll('[data-testid="huge-lines-row"]')[0]!.text()).toContain('raw line 0');
  });

  it('searches in main, jumps to the first hit and pages on for more', async () => {
    const api = installFakeApi(
      handlers({
        'bodies:search': ({ from, maxHits = 100 }) => {
          const start = from?.line ?? 0;
          const hits = Array.from({ length: maxHits }, (_, i) => ({
            line: start + 10 * (i + 1),
            column: 0,
            length: 6,
            preview: 'pretty',
            previewStart: 0,
          }));
          return { hits, next: { line: start + 10 * maxHits + 1, column: 0 } };
        },
      }),
    );
    const wrapper = mount(HugeBodyView, { props: { response: fileResponse() } });
    await flushPromises();
    await wrapper.get('[data-testid="huge-find"]').trigger('click');
    const input = wrapper.get('[data-testid="body-search-input"]');
    await input.setValue('pretty');
    await input.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    const searches = api.inputsOf('bodies:search');
    expect(searches[0]).toMatchObject({ query: 'pretty', maxHits: 1, view: 'pretty' });
    expect(searches[1]).toMatchObject({ from: { line: 11, column: 0 }, maxHits: 99 });
    expect(wrapper.get('[data-testid="body-search-count"]').text()).toBe('1 of 100+');
  });

  it('saves to a typed path in the browser host and asks before replacing a file', async () => {
    let exists = true;
    const api = installFakeApi(
      handlers({
        'bodies:save': ({ path, overwrite }) => {
          if (exists && !overwrite) throw fail('file_exists', `${path} already exists.`);
          exists = true;
          return { path: path ?? null, bytes: info.size };
        },
      }),
    );
    useAppStore().info = {
      name: 'x',
      version: '0',
      transport: 'browser-host',
      platform: 'linux',
      firstLaunch: false,
      canPickFiles: false,
    };
    const wrapper = mount(HugeBodyView, { props: { response: fileResponse() } });
    await flushPromises();
    await wrapper.get('[data-testid="huge-save"]').trigger('click');
    await wrapper.get('[data-testid="huge-save-path"]').setValue('/tmp/threats.json');
    await wrapper.get('[data-testid="huge-save-confirm"]').trigger('click');
    await flushPromises();
    expect(confirmAction).toHaveBeenCalledOnce();
    expect(api.inputsOf('bodies:save')).toEqual([
      { fileId, path: '/tmp/threats.json' },
      { fileId, path: '/tmp/threats.json', overwrite: true },
    ]);
    expect(showSuccess).toHaveBeenCalledWith(expect.stringContaining('/tmp/threats.json'));
  });

  it('shows the path to open by hand where the host cannot start an editor', async () => {
    installFakeApi(
      handlers({
        'bodies:open-external': () => {
          throw fail('not_available', 'The browser host cannot open applications.', {
            path: '/data/bodies/b.json',
          });
        },
      }),
    );
    const wrapper = mount(HugeBodyView, { props: { response: fileResponse() } });
    await flushPromises();
    await wrapper.get('[data-testid="huge-open-external"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="huge-external-path"]').text()).toContain(
      '/data/bodies/b.json',
    );
  });

  it('releases a body once no tab shows it any more', async () => {
    const api = installFakeApi(handlers());
    const viewer = useResponseViewerStore();
    viewer.show('b_aaaa.body');
    viewer.show('b_bbbb.body');
    await flushPromises();
    expect(api.inputsOf('bodies:release')).toEqual([{ fileId: 'b_aaaa.body' }]);
    viewer.show('b_bbbb.body');
    expect(api.inputsOf('bodies:release')).toHaveLength(1);
  });
});
