import type { SavedRequest } from '../../../preload/schemas/collections';
import { isSecretHeaderName } from '../collections/secret-check';
import { AppError } from '../errors';
import { shellWords } from './curl-shell';
import { parseCurlOptions, type CurlOptions } from './curl-options';

/**
 * A pasted cURL command as a request: method, absolute URL (its query as
 * rows), headers and body. A credential found in it (an `Authorization` or
 * API-key header, `-u user:password`, `--oauth2-bearer`, `user:pass@` in the
 * URL) is taken out of the request and returned separately with its value,
 * which the caller keeps in main — it never goes back to the renderer.
 */
export interface FoundCredential {
  kind: 'token' | 'basic' | 'bearer';
  headerName: string;
  scheme?: string;
  username?: string;
  placeholderHint: string;
  /** The secret itself; absent when the command only had a `$VARIABLE` or `{{variable}}` there. */
  value?: string;
}

export interface ParsedCurl {
  request: SavedRequest;
  credential?: FoundCredential;
  insecure: boolean;
  warnings: string[];
}

type Row = SavedRequest['headers'][number];

const VARIABLE_ONLY = /^(\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|\{\{\s*([^{}]+?)\s*\}\})$/;

function hintFor(headerName: string, scheme?: string): string {
  if (/^authorization$/i.test(headerName)) {
    if (scheme && /^apitoken$/i.test(scheme)) return 'S1_API_TOKEN';
    if (scheme && /^basic$/i.test(scheme)) return 'API_BASIC_AUTH';
    return 'API_TOKEN';
  }
  return (
    headerName
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'API_KEY'
  );
}

/** `dXNlcjpwYXNz` → user / pass, only when the text really is base64 of `user:password`. */
function decodeBasic(secret: string): { username: string; password: string } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) return undefined;
  const decoded = Buffer.from(secret, 'base64').toString('utf8');
  const same = Buffer.from(decoded, 'utf8').toString('base64').replace(/=+$/, '');
  const colon = decoded.indexOf(':');
  if (same !== secret.replace(/=+$/, '') || colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A credential header taken apart: scheme, secret (or the variable standing in for it). */
function credentialFromHeader(name: string, value: string): FoundCredential {
  const isAuthorization = /^(proxy-)?authorization$/i.test(name);
  const m = isAuthorization ? /^\s*([A-Za-z][\w-]*)\s+(.+)$/.exec(value) : null;
  const scheme = m?.[1];
  const secret = (m?.[2] ?? value).trim();
  const kind: FoundCredential['kind'] = !scheme
    ? 'token'
    : /^basic$/i.test(scheme)
      ? 'basic'
      : /^bearer$/i.test(scheme)
        ? 'bearer'
        : 'token';
  const variable = VARIABLE_ONLY.exec(secret);
  const base: FoundCredential = {
    kind,
    headerName: name,
    ...(scheme ? { scheme } : {}),
    placeholderHint: variable ? (variable[2] ?? variable[3]!) : hintFor(name, scheme),
  };
  if (variable) return base;
  const basic = kind === 'basic' ? decodeBasic(secret) : undefined;
  if (basic) return { ...base, username: basic.username, value: basic.password };
  return { ...base, value: secret };
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/**
 * `a=1&b=x%20y` as form fields, when every part is `name=value` and well
 * encoded; the console re-encodes them (a space may become `+`), which means
 * the same to any form parser.
 */
function formFields(text: string): Row[] | undefined {
  if (!text) return undefined;
  const pairs = text.split('&');
  if (!pairs.every((p) => /^[^=]+=/.test(p) && !/%(?![0-9A-Fa-f]{2})/.test(p))) return undefined;
  try {
    for (const p of pairs) decodeURIComponent(p.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
  return [...new URLSearchParams(text)].map(([name, value]) => ({ name, value, enabled: true }));
}

function bodyOf(
  opts: CurlOptions,
  contentType: string | undefined,
  warnings: string[],
): { body: SavedRequest['body']; dropContentType: boolean } {
  if (opts.formFields.length) {
    warnings.push(
      'The multipart form (-F) becomes a URL-encoded form: the console does not send multipart bodies.',
    );
    return { body: { kind: 'form', fields: opts.formFields }, dropContentType: true };
  }
  if (opts.data === undefined) return { body: { kind: 'none' }, dropContentType: false };
  const text = opts.data;
  const ct = contentType ?? (opts.json ? 'application/json' : 'application/x-www-form-urlencoded');
  const media = mediaType(ct);
  if (media === 'application/json' || media.endsWith('+json')) {
    const json = opts.jsonText ?? text;
    let parses = true;
    try {
      JSON.parse(json);
    } catch {
      parses = false;
    }
    if (parses && ct.trim().toLowerCase() === 'application/json') {
      return { body: { kind: 'json', text: json }, dropContentType: true };
    }
    if (!parses) warnings.push('The body is not valid JSON; it was kept as text.');
    return { body: { kind: 'text', text: json, contentType: ct }, dropContentType: true };
  }
  if (media === 'application/x-www-form-urlencoded') {
    const fields = formFields(text);
    if (fields && ct.trim().toLowerCase() === 'application/x-www-form-urlencoded') {
      return { body: { kind: 'form', fields }, dropContentType: true };
    }
  }
  return { body: { kind: 'text', text, contentType: ct }, dropContentType: true };
}

/** Parses a cURL command; throws `import_failed` with a sentence when it cannot. */
export function parseCurl(command: string): ParsedCurl {
  if (command.length > 5_000_000) throw new AppError('import_failed', 'The command is too long.');
  const shell = shellWords(command);
  const opts = parseCurlOptions(shell.words, shell.stdin);
  const warnings = [...shell.warnings, ...opts.warnings];

  let raw = opts.urls[0]!;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    raw = `http://${raw}`;
    warnings.push('The URL had no scheme; curl assumes http://, and so does the import.');
  }
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    warnings.push('The URL could not be parsed; it was kept as written (query included).');
  }
  const query: Row[] = [];
  let base = raw;
  let credential: FoundCredential | undefined;
  if (url) {
    for (const [name, value] of url.searchParams) query.push({ name, value, enabled: true });
    if (url.username) {
      credential = {
        kind: 'basic',
        headerName: '-u',
        scheme: 'Basic',
        username: decodeURIComponent(url.username),
        placeholderHint: 'API_BASIC_AUTH',
        value: decodeURIComponent(url.password),
      };
      url.username = '';
      url.password = '';
    }
    base = `${url.origin}${url.pathname}`;
    if (url.hash) warnings.push('The #fragment of the URL was dropped (it is never sent).');
  }
  query.push(...opts.query);

  if (opts.user) {
    const colon = opts.user.indexOf(':');
    if (colon < 0) {
      warnings.push(
        '-u gave a user name without a password (curl would prompt for it); add it to the connection.',
      );
    }
    credential ??= {
      kind: 'basic',
      headerName: '-u',
      scheme: 'Basic',
      username: colon < 0 ? opts.user : opts.user.slice(0, colon),
      placeholderHint: 'API_BASIC_AUTH',
      ...(colon < 0 ? {} : { value: opts.user.slice(colon + 1) }),
    };
  }
  if (opts.bearer) {
    credential ??= credentialFromHeader('Authorization', `Bearer ${opts.bearer}`);
  }

  const headers: Row[] = [];
  let contentType: string | undefined;
  let contentTypeIndex = -1;
  for (const h of opts.headers) {
    if (/^cookie$/i.test(h.name)) {
      warnings.push(
        'The Cookie header was left out: cookies are credentials and are never stored.',
      );
      continue;
    }
    if (isSecretHeaderName(h.name)) {
      if (credential) {
        warnings.push(
          `The ${h.name} header was left out: a second credential (keep it as a secret variable instead).`,
        );
      } else {
        credential = credentialFromHeader(h.name, h.value);
      }
      continue;
    }
    if (/^content-type$/i.test(h.name)) {
      contentType = h.value;
      contentTypeIndex = headers.length;
    }
    headers.push(h);
  }
  if (opts.cookies) {
    warnings.push('The cookies (-b) were left out: cookies are credentials and are never stored.');
  }
  if (opts.json) {
    if (!headers.some((h) => /^accept$/i.test(h.name))) {
      headers.push({ name: 'Accept', value: 'application/json', enabled: true });
    }
  }

  let method = opts.method;
  const { body, dropContentType } = opts.get
    ? { body: { kind: 'none' as const }, dropContentType: false }
    : bodyOf(opts, contentType, warnings);
  if (opts.get && opts.data !== undefined) {
    for (const [name, value] of new URLSearchParams(opts.data)) {
      query.push({ name, value, enabled: true });
    }
  }
  if (dropContentType && contentTypeIndex >= 0) headers.splice(contentTypeIndex, 1);
  method ??= opts.head ? 'HEAD' : body.kind !== 'none' ? 'POST' : 'GET';
  const upper = method.toUpperCase();
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
  const known = METHODS.find((m) => m === upper);
  if (!known) {
    throw new AppError(
      'import_failed',
      `The method "${method.slice(0, 20)}" is not one the console sends (${METHODS.join(', ')}).`,
    );
  }
  const path = url ? url.pathname : base;
  const request: SavedRequest = {
    name: `${known} ${path}`.slice(0, 200),
    method: known,
    url: base,
    query,
    headers,
    body,
  };
  return {
    request,
    ...(credential ? { credential } : {}),
    insecure: opts.insecure,
    warnings,
  };
}
