/**
 * Keeps every web contents on our own pages. The renderer shows text that comes from
 * remote APIs (threat names, notes, docs); if any of it ever became a live link or
 * script, navigating the privileged window to a foreign page would hand that page our
 * preload bridge. So: no navigation off the app origin, no redirects off it, no popups,
 * no <webview>. Links operators are meant to follow go to the system browser, and only
 * when the one allowlist says so.
 */
import { shell, type WebContents } from 'electron';
import { isAllowedExternalUrl } from '../core/security/external-links';

/** Opens `url` in the system browser if the allowlist accepts it; false when refused. */
export async function openAllowedExternalUrl(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}

export interface NavigationGuardOptions {
  /** True for our own pages (`app://renderer/…`, or the dev server in development). */
  isAppUrl: (url: string) => boolean;
  /** Defaults to {@link openAllowedExternalUrl}; must apply the allowlist itself. */
  openExternal?: (url: string) => Promise<boolean>;
  log?: (line: string) => void;
}

function quoteForLog(url: string): string {
  return JSON.stringify(url.length > 200 ? `${url.slice(0, 200)}…` : url);
}

export function installNavigationGuards(
  contents: WebContents,
  options: NavigationGuardOptions,
): void {
  const { isAppUrl } = options;
  const openExternal = options.openExternal ?? openAllowedExternalUrl;
  const log = options.log ?? (() => {});

  const handOff = (url: string, why: string): void => {
    openExternal(url)
      .then((opened) => {
        if (!opened)
          log(`${why}: refused ${quoteForLog(url)} (not on the external-link allowlist)`);
      })
      .catch((error: unknown) =>
        log(`${why}: could not open ${quoteForLog(url)}: ${String(error)}`),
      );
  };

  // Main-frame navigations: a clicked link is the common case, so an allow-listed one is
  // opened in the system browser instead.
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    handOff(event.url, 'navigation');
  });
  // Any frame (also fires for the main frame; the external hand-off happens above only,
  // so a link does not open twice).
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  // A same-origin request redirected elsewhere is still navigation away.
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  // webviewTag is off already; this also stops a guest page if that ever changes.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  // No new windows, ever: they would start with their own, unguarded preferences.
  contents.setWindowOpenHandler(({ url }) => {
    handOff(url, 'window.open');
    return { action: 'deny' };
  });
}
