import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';

const fake = vi.hoisted(() => ({ openExternal: vi.fn(() => Promise.resolve()) }));
vi.mock('electron', () => ({ shell: { openExternal: fake.openExternal } }));

import { createAppUrlMatcher } from '../../../main/window/app-protocol';
import { installNavigationGuards } from '../../../main/window/navigation-guards';

type OpenHandler = (details: { url: string }) => { action: string };

class FakeContents extends EventEmitter {
  openHandler: OpenHandler | undefined;
  setWindowOpenHandler(handler: OpenHandler) {
    this.openHandler = handler;
  }
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

/** Lets the fire-and-forget hand-off to the system browser settle. */
const settle = () => new Promise((done) => setTimeout(done, 0));

function setup(devServerUrl: string | null = null) {
  const contents = new FakeContents();
  const log = vi.fn();
  installNavigationGuards(contents as unknown as WebContents, {
    isAppUrl: createAppUrlMatcher(devServerUrl),
    log,
  });
  return { contents, log };
}

describe('navigation guards', () => {
  beforeEach(() => {
    fake.openExternal.mockClear();
  });

  it('prevents navigation to a foreign URL', async () => {
    const { contents } = setup();
    const event = navigationEvent('https://evil.example/phish');
    contents.emit('will-navigate', event);
    await settle();
    expect(event.preventDefault).toHaveBeenCalled();
    expect(fake.openExternal).not.toHaveBeenCalled();
  });

  it('lets our own pages navigate', () => {
    const { contents } = setup();
    const event = navigationEvent('app://renderer/index.html#/explorer');
    contents.emit('will-navigate', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('sends an allow-listed https link to the system browser instead', async () => {
    const { contents } = setup();
    const event = navigationEvent('https://github.com/electron/electron');
    contents.emit('will-navigate', event);
    await settle();
    expect(event.preventDefault).toHaveBeenCalled();
    expect(fake.openExternal).toHaveBeenCalledExactlyOnceWith(
      'https://github.com/electron/electron',
    );
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share'])(
    'prevents %s and never hands it to the OS',
    async (url) => {
      const { contents, log } = setup();
      const event = navigationEvent(url);
      contents.emit('will-navigate', event);
      await settle();
      expect(event.preventDefault).toHaveBeenCalled();
      expect(fake.openExternal).not.toHaveBeenCalled();
      expect(log).toHaveBeenCalledWith(expect.stringContaining('refused'));
    },
  );

  it('prevents redirects and sub-frame navigations off the app origin', () => {
    const { contents } = setup();
    const redirect = navigationEvent('https://evil.example/');
    contents.emit('will-redirect', redirect);
    const frame = navigationEvent('https://evil.example/');
    contents.emit('will-frame-navigate', frame);
    const ownFrame = navigationEvent('app://renderer/index.html');
    contents.emit('will-frame-navigate', ownFrame);
    expect(redirect.preventDefault).toHaveBeenCalled();
    expect(frame.preventDefault).toHaveBeenCalled();
    expect(ownFrame.preventDefault).not.toHaveBeenCalled();
  });

  it('denies window.open, handing allow-listed links to the system browser', async () => {
    const { contents } = setup();
    expect(contents.openHandler!({ url: 'https://developer.mozilla.org/' })).toEqual({
      action: 'deny',
    });
    expect(contents.openHandler!({ url: 'app://renderer/index.html' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await settle();
    expect(fake.openExternal).toHaveBeenCalledExactlyOnceWith('https://developer.mozilla.org/');
  });

  it('prevents attaching a <webview>', () => {
    const { contents } = setup();
    const event = { preventDefault: vi.fn() };
    contents.emit(
      'will-attach-webview',
      event,
      { preload: '/evil.js' },
      { src: 'https://evil.example' },
    );
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('allows the dev server origin only when one is configured', () => {
    const withDev = setup('http://localhost:5173/');
    const ok = navigationEvent('http://localhost:5173/#/docs');
    withDev.contents.emit('will-navigate', ok);
    expect(ok.preventDefault).not.toHaveBeenCalled();

    const withoutDev = setup(null);
    const blocked = navigationEvent('http://localhost:5173/#/docs');
    withoutDev.contents.emit('will-navigate', blocked);
    expect(blocked.preventDefault).toHaveBeenCalled();
  });
});
