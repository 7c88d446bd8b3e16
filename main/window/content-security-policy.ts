/**
 * The renderer's Content-Security-Policy, built in one place for both transports: the
 * Electron shell sends it on every `app://` response and the browser host (plain Node)
 * on its HTTP responses. Keep this file free of `electron` imports for that reason.
 */

export interface ContentSecurityPolicyOptions {
  /**
   * Extra `connect-src` sources, e.g. `ws://127.0.0.1:<port>` for the browser host's
   * WebSocket. Each entry must be a single CSP source expression.
   */
  extraConnectSrc?: readonly string[];
}

// A source expression is one token; a space, ';' or ',' would smuggle in more sources or
// whole new directives, and quotes would add keywords such as 'unsafe-eval'.
const SAFE_SOURCE = /^[A-Za-z0-9.*:/[\]_-]+$/;

export function buildContentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  const extra = options.extraConnectSrc ?? [];
  for (const source of extra) {
    if (!SAFE_SOURCE.test(source)) {
      throw new Error(`Refusing connect-src entry ${JSON.stringify(source)}: not a single source.`);
    }
  }

  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    // No 'unsafe-eval' and no 'unsafe-inline' for scripts: everything is bundled files.
    ['script-src', ["'self'"]],
    // Relaxation: Naive UI injects its CSS-in-JS <style> tags at run time and Monaco
    // sets inline style attributes; neither works without 'unsafe-inline' for styles.
    // Styles cannot run code, so this is the cheap relaxation.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    // data:/blob: images: bundled small icons are inlined as data: URIs, and an image
    // response body can only be previewed from an object (blob:) URL.
    ['img-src', ["'self'", 'data:', 'blob:']],
    // data: fonts: the bundler may inline small fonts (Monaco's codicons) as data: URIs.
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...extra]],
    // Relaxation: Monaco starts its language workers from blob: URLs.
    ['worker-src', ["'self'", 'blob:']],
    ['frame-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
