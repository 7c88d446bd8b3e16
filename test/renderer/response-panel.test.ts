import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { HttpResponse } from '../../preload/contract';
import ResponsePanel from '../../renderer/src/components/ResponsePanel.vue';
import { installFakeApi } from './fake-api';

// Monaco does not run in happy-dom: the Pretty view's plain-text stand-in is what shows.
vi.mock('../../renderer/src/monaco/load-monaco', () => ({
  loadMonacoSetup: () => Promise.reject(new Error('no Monaco in unit tests')),
}));
vi.spyOn(console, 'warn').mockImplementation(() => undefined);

beforeEach(() => {
  setActivePinia(createPinia());
  installFakeApi({
    'bodies:info': ({ fileId }) => ({
      fileId,
      size: 80 * 1024 * 1024,
      contentType: 'application/json',
      contentTypeFromServer: true,
      isJson: true,
      encoding: 'utf-8',
      lines: null,
      prettyLines: null,
    }),
    // The first window never arrives here: the preview stands in meanwhile.
    'bodies:pretty-lines': () => new Promise(() => undefined),
  });
});

function response(patch: Partial<HttpResponse> = {}): HttpResponse {
  const json = {
    data: [
      { id: '101', computerName: 'FIN-LAPTOP-07', osName: 'Windows 11' },
      { id: '102', computerName: 'HR-DESK-02', osName: 'macOS' },
      { id: '103', computerName: 'DC-01', osName: 'Windows Server 2022' },
    ],
    pagination: { nextCursor: null, totalItems: 3 },
  };
  return {
    requestId: 'r1',
    method: 'GET',
    url: 'http://127.0.0.1:4712/web/api/v2.1/agents?limit=3',
    credentialsAttached: true,
    status: 200,
    statusText: 'OK',
    httpVersion: '1.1',
    headers: [
      ['content-type', 'application/json'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ],
    body: {
      kind: 'text',
      text: JSON.stringify(json),
      contentType: 'application/json',
      json,
    },
    size: 2048,
    timings: { dns: 1, connect: 2, tls: null, firstByte: 30, download: 4, total: 37 },
    redirects: [],
    ...patch,
  };
}

describe('ResponsePanel', () => {
  it('marks the previous answer as stale while a new send is on its way', async () => {
    const wrapper = mount(ResponsePanel, {
      props: { response: response(), error: null, inFlight: true },
    });
    expect(wrapper.get('.response-panel').attributes('data-in-flight')).toBe('true');
    expect(wrapper.find('[data-testid="response-progress"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="response-status"]').text()).toBe('200 OK');
    await wrapper.setProps({ inFlight: false });
    expect(wrapper.get('.response-panel').attributes('data-in-flight')).toBe('false');
    expect(wrapper.find('[data-testid="response-progress"]').exists()).toBe(false);
  });

  it('shows the status badge with the real code and text, time and size', () => {
    const wrapper = mount(ResponsePanel, {
      props: {
        response: response({ status: 404, statusText: 'Not Found' }),
        error: null,
        inFlight: false,
      },
    });
    const badge = wrapper.get('[data-testid="response-status"]');
    expect(badge.text()).toBe('404 Not Found');
    expect(badge.attributes('data-status-class')).toBe('client-error');
    expect(wrapper.get('[data-testid="response-time"]').text()).toBe('37 ms');
    expect(wrapper.get('[data-testid="response-size"]').text()).toBe('2.0 KB');
  });

  it('renders the rows of a list envelope with a row count', () => {
    const wrapper = mount(ResponsePanel, {
      props: { response: response(), error: null, inFlight: false },
    });
    const rows = wrapper.get('[data-testid="response-rows"]');
    expect(rows.findAll('[data-testid="response-row"]')).toHaveLength(3);
    expect(rows.text()).toContain('FIN-LAPTOP-07');
    expect(wrapper.get('[data-testid="response-row-count"]').text()).toContain('3 rows');
    expect(wrapper.get('[data-testid="response-body"]').text()).toContain('"computerName"');
  });

  it('lists repeated headers as separate rows', async () => {
    const wrapper = mount(ResponsePanel, {
      props: { response: response(), error: null, inFlight: false },
    });
    expect(wrapper.find('[data-testid="response-headers"]').exists()).toBe(false);
    await wrapper.get('.n-tabs-tab[data-name="headers"]').trigger('click');
    const headers = wrapper.get('[data-testid="response-headers"]');
    expect(headers.findAll('[data-testid="header-row"]')).toHaveLength(3);
  });

  it('explains a body stored to disk', async () => {
    const wrapper = mount(ResponsePanel, {
      props: {
        response: response({
          body: {
            kind: 'file',
            fileId: 'f1',
            contentType: 'application/json',
            preview: '{"data":[',
          },
          size: 80 * 1024 * 1024,
        }),
        error: null,
        inFlight: false,
      },
    });
    expect(wrapper.get('[data-testid="response-file-note"]').text()).toMatch(/stored to disk/);
    expect(wrapper.get('[data-testid="huge-first-look"]').text()).toContain('{"data":[');
    await flushPromises();
    expect(wrapper.get('[data-testid="huge-body"]').attributes('data-first-screen')).toBe('false');
  });

  it('lists the cookies the response sets, with their attributes', async () => {
    const wrapper = mount(ResponsePanel, {
      props: {
        response: response({
          headers: [
            ['content-type', 'application/json'],
            ['Set-Cookie', 'sid=abc; Path=/; HttpOnly; Secure; SameSite=Strict'],
            ['set-cookie', 'theme=dark; Max-Age=3600; Domain=example.test'],
          ],
        }),
        error: null,
        inFlight: false,
      },
    });
    await wrapper.get('.n-tabs-tab[data-name="cookies"]').trigger('click');
    const rows = wrapper.findAll('[data-testid="cookie-row"]');
    expect(rows.map((r) => r.attributes('data-name'))).toEqual(['sid', 'theme']);
    expect(rows[0]!.text()).toContain('Secure HttpOnly SameSite=Strict');
    expect(rows[1]!.text()).toContain('in 3600 s');
    expect(rows[1]!.text()).toContain('example.test');
  });

  it('draws the timing phases as a bar in order', () => {
    const wrapper = mount(ResponsePanel, {
      props: { response: response(), error: null, inFlight: false },
    });
    const segs = wrapper.findAll('[data-testid="timing-segment"]');
    // total (37) is 3 ms more than the answering hop (30 + 4): time spent before it.
    expect(segs.map((s) => s.attributes('data-phase'))).toEqual([
      'before',
      'dns',
      'connect',
      'wait',
      'download',
    ]);
    // firstByte (30) includes DNS (1) and connect (2): the wait is what is left.
    expect(segs[0]!.attributes('data-ms')).toBe('3');
    expect(segs[3]!.attributes('data-ms')).toBe('27');
  });

  it('shows the whole HTTP message on the Raw tab, a line per header', async () => {
    const wrapper = mount(ResponsePanel, {
      props: { response: response(), error: null, inFlight: false },
    });
    await wrapper.get('.n-tabs-tab[data-name="raw"]').trigger('click');
    const raw = wrapper.get('[data-testid="response-raw"]');
    // status line, three headers, the blank line, the body
    expect(raw.attributes('data-count')).toBe('6');
    expect(raw.text()).toContain('HTTP/1.1 200 OK');
  });

  it('says so when the server sent broken JSON', () => {
    const wrapper = mount(ResponsePanel, {
      props: {
        response: response({
          body: {
            kind: 'text',
            text: '{"data":[',
            contentType: 'application/json',
            jsonError: 'Unexpected end of JSON input',
          },
        }),
        error: null,
        inFlight: false,
      },
    });
    expect(wrapper.get('[data-testid="response-json-error"]').text()).toContain(
      'Unexpected end of JSON input',
    );
    expect(wrapper.get('[data-testid="response-body"]').text()).toContain('{"data":[');
  });

  it('shows an error card carrying the code', () => {
    const wrapper = mount(ResponsePanel, {
      props: {
        response: null,
        error: { code: 'connection_refused', message: 'Nothing listens on 127.0.0.1:4712.' },
        inFlight: false,
      },
    });
    const card = wrapper.get('[data-testid="response-error"]');
    expect(card.attributes('data-error-code')).toBe('connection_refused');
    expect(card.text()).toContain('Nothing listens on 127.0.0.1:4712.');
    expect(wrapper.find('[data-testid="response-status"]').exists()).toBe(false);
  });

  it('shows the send hint and templates before the first send', async () => {
    const wrapper = mount(ResponsePanel, {
      props: { response: null, error: null, inFlight: false },
    });
    expect(wrapper.get('[data-testid="response-empty"]').text()).toContain('to send');
    await wrapper.get('[data-testid="quick-template-bulk-quarantine"]').trigger('click');
    expect(wrapper.emitted('template')?.[0]).toEqual(['bulk-quarantine']);
  });

  it('shows received bytes while in flight', () => {
    const wrapper = mount(ResponsePanel, {
      props: {
        response: null,
        error: null,
        inFlight: true,
        progress: { requestId: 'r', phase: 'receiving', receivedBytes: 4096, totalBytes: null },
      },
    });
    expect(wrapper.get('[data-testid="response-progress"]').text()).toBe('Received 4.0 KB');
  });
});
