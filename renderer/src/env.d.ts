import type { Bridge } from '../../preload/contract';

declare global {
  interface Window {
    /** Exposed by preload inside Electron; absent when the page is served by the browser host. */
    sentinel?: Bridge;
  }
}

export {};
