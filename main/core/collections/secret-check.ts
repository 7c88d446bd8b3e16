import type { SavedRequest } from '../../../preload/schemas/collections';
import { AppError } from '../errors';

/**
 * Collection files are meant to be committed, so main refuses to write one
 * that looks like it holds a credential in clear: a credential-like header,
 * query parameter, form field or JSON key whose value is a literal rather
 * than a `{{variable}}`. Heuristics, by design on the strict side; the exact
 * check against every secret main knows runs on the file text as well.
 */
export interface SecretFinding {
  where: 'header' | 'query' | 'url' | 'form field' | 'JSON body' | 'variable' | 'file';
  name: string;
}

const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|token|secret|passw(or)?d|session|credential|^x-?auth/i;

/** Parameter and field names that carry credentials (matched whole, `-`/`_` optional). */
const SECRET_PARAM =
  /^(api[-_]?key|key|api[-_]?token|token|access[-_]?token|id[-_]?token|refresh[-_]?token|auth[-_]?token|session[-_]?(id|token)?|secret|client[-_]?secret|password|passwd|pwd|passphrase|private[-_]?key|signature|x-amz-signature|sig)$/i;

/** In bodies, where `key`/`value` pairs and session ids are ordinary data, a narrower list. */
const SECRET_BODY_KEY =
  /^(api[-_]?key|api[-_]?token|token|access[-_]?token|id[-_]?token|refresh[-_]?token|auth[-_]?token|session[-_]?token|secret|client[-_]?secret|password|passwd|pwd|passphrase|private[-_]?key)$/i;

/** Auth scheme words that may precede a credential (`Bearer {{token}}` is fine). */
const SCHEMES = /^\s*(bearer|basic|apitoken|token|digest|negotiate|ssws|key|oauth)\b/i;

/** True when `value` holds something beyond `{{variables}}`, shell `$VARS` and a scheme word. */
export function isLiteralSecret(value: string): boolean {
  const rest = value
    .replace(/\{\{\s*[^{}]*\s*\}\}/g, '')
    .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '')
    .replace(SCHEMES, '')
    .trim();
  return rest.length > 0;
}

export function isSecretHeaderName(name: string): boolean {
  return SECRET_HEADER.test(name.trim());
}

export function isSecretParamName(name: string): boolean {
  return SECRET_PARAM.test(name.trim());
}

/** Variable names that say "secret"; such a variable belongs in `secretVariables`, not `variables`. */
export function isSecretVariableName(name: string): boolean {
  return /token|secret|passw(or)?d|api[-_.]?key|credential|session|cookie|private[-_.]?key/i.test(
    name,
  );
}

function queryFindings(url: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  const at = url.indexOf('?');
  if (at >= 0) {
    const params = new URLSearchParams(url.slice(at + 1).split('#')[0]);
    for (const [name, value] of params) {
      if (isSecretParamName(name) && isLiteralSecret(value)) found.push({ where: 'url', name });
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url)) {
    found.push({ where: 'url', name: 'user:password@' });
  }
  return found;
}

function jsonFindings(text: string): SecretFinding[] {
  // A scan rather than JSON.parse: a body with `{{variables}}` is often not valid JSON yet.
  const found: SecretFinding[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.){1,100})"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
    if (SECRET_BODY_KEY.test(m[1]!) && isLiteralSecret(m[2]!)) {
      found.push({ where: 'JSON body', name: m[1]! });
    }
  }
  return found;
}

export function findLiteralSecrets(req: SavedRequest): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const h of req.headers) {
    if (isSecretHeaderName(h.name) && isLiteralSecret(h.value)) {
      found.push({ where: 'header', name: h.name });
    }
  }
  for (const q of req.query) {
    if (isSecretParamName(q.name) && isLiteralSecret(q.value)) {
      found.push({ where: 'query', name: q.name });
    }
  }
  found.push(...queryFindings(req.url));
  if (req.body.kind === 'form') {
    for (const f of req.body.fields) {
      if (SECRET_BODY_KEY.test(f.name.trim()) && isLiteralSecret(f.value)) {
        found.push({ where: 'form field', name: f.name });
      }
    }
  }
  if (req.body.kind === 'json' || req.body.kind === 'text')
    found.push(...jsonFindings(req.body.text));
  return found;
}

export function secretRefused(findings: SecretFinding[], what = 'This request'): AppError {
  const list = findings
    .slice(0, 5)
    .map((f) => (f.where === 'file' ? f.name : `${f.where} "${f.name.slice(0, 80)}"`))
    .join(', ');
  return new AppError(
    'secret_not_allowed',
    `${what} holds what looks like a credential in clear (${list}), and collection files are meant to be shared and committed. ` +
      'Use a variable instead (for example "ApiToken {{S1_API_TOKEN}}", with the value kept in the keychain), ' +
      'or leave the header out and let the connection add its own credential. Nothing was saved.',
    { findings },
  );
}

export function assertNoLiteralSecrets(req: SavedRequest): void {
  const findings = findLiteralSecrets(req);
  if (findings.length) throw secretRefused(findings);
}
