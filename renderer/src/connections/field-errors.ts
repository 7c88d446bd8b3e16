import type { AppErrorShape } from '../../../preload/contract';
import type { ConfigDraft } from './config-draft';

/** Messages keyed by the config path they belong to: `baseUrl`, `auth.username`, `rateLimits.0.burst`. */
export type FieldErrors = Record<string, string>;

function pathKey(path: unknown): string | null {
  let parts: string[];
  if (Array.isArray(path)) parts = path.map(String);
  else if (typeof path === 'string') parts = path.split('.');
  else return null;
  // `invalid_input` from the contract check names the channel's own `config` field first.
  if (parts[0] === 'config') parts = parts.slice(1);
  return parts.length > 0 ? parts.join('.') : null;
}

/**
 * Main answers a bad config with `invalid_connection` (or `invalid_input`) whose
 * `details` is one `{ path, message }` or a list of them; anything else has no field.
 */
export function fieldErrorsFrom(error: AppErrorShape): FieldErrors {
  const details = error.details;
  const items = Array.isArray(details) ? details : details ? [details] : [];
  const out: FieldErrors = {};
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const { path, message } = item as { path?: unknown; message?: unknown };
    const key = pathKey(path);
    if (key && typeof message === 'string' && !(key in out)) out[key] = message;
  }
  return out;
}

/** Loopback may use http (the local demo tenants); everything else must be https. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function urlProblem(raw: string, what: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return `${what} is not a valid URL (it starts with https://)`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackUrl(url)) return null;
  return `${what} must use https (http is allowed only for 127.0.0.1 / localhost)`;
}

/**
 * The checks worth doing before a round trip, so the operator sees a message
 * next to the field at once; main repeats them and adds its own.
 */
export function localFieldErrors(draft: ConfigDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.name.trim() === '') errors.name = 'Give the connection a name';
  if (draft.baseUrl.trim() === '') errors.baseUrl = 'The base URL is required';
  else {
    const problem = urlProblem(draft.baseUrl, 'Base URL');
    if (problem) errors.baseUrl = problem;
  }
  const { auth } = draft;
  if (auth.scheme === 'Basic' && auth.username.trim() === '') {
    errors['auth.username'] = 'Basic authentication needs a user name';
  }
  if (auth.scheme === 'OAuth2ClientCredentials') {
    if (auth.tokenUrl.trim() === '') errors['auth.tokenUrl'] = 'The token URL is required';
    if (auth.clientId.trim() === '') errors['auth.clientId'] = 'The client id is required';
  }
  if (draft.proxy.mode === 'url' && draft.proxy.url.trim() === '') {
    errors['proxy.url'] = 'Enter the proxy URL, e.g. http://proxy.corp:3128';
  }
  if (draft.tls.clientCert === 'pem') {
    if (draft.tls.clientCertFile.trim() === '')
      errors['tls.clientCertFile'] = 'Path to the PEM certificate';
    if (draft.tls.clientKeyFile.trim() === '')
      errors['tls.clientKeyFile'] = 'A client certificate needs its key file';
  }
  if (draft.tls.clientCert === 'pfx' && draft.tls.pfxFile.trim() === '') {
    errors['tls.pfxFile'] = 'Path to the PFX / PKCS#12 file';
  }
  draft.rateLimits.forEach((row, i) => {
    if (row.pathPrefix.trim() === '')
      errors[`rateLimits.${i}.pathPrefix`] = 'A path, or remove the row';
    if (!row.perSecond || row.perSecond <= 0) errors[`rateLimits.${i}.perSecond`] = 'More than 0';
    if (!row.burst || row.burst < 1) errors[`rateLimits.${i}.burst`] = 'At least 1';
  });
  return errors;
}
