import type { ConnectionConfig, HttpPreview } from '../../../preload/contract';
import { placeholderFor } from '../auth/placeholders';
import { isAppError } from '../errors';
import { USER_AGENT } from '../http/engine';
import { hasHeader } from '../http/headers';
import { prepareRequest, type ParsedRequestSpec } from '../http/prepare';
import { fingerprint } from '../secrets/secret-store';
import { createRedactor } from '../security/redact';
import type { VariableService } from './variable-service';
import { resolveContextOf } from './variable-service';
import { secretForms } from './secret-forms';

/** How a secret shows in a preview: never a character of the value, only a fingerprint's start. */
export function maskOf(value: string): string {
  return `••••${fingerprint(value).slice(0, 4)}`;
}

/**
 * The request exactly as `http:send` would build it, variables resolved and every secret
 * value masked — in the URL also in its percent-encoded forms. Never refuses for an
 * undefined variable: it reports it, so the renderer can underline it before Send.
 */
export async function previewRequest(
  variables: VariableService,
  spec: ParsedRequestSpec,
  config: ConnectionConfig,
): Promise<HttpPreview> {
  const r = await variables.resolve(spec, resolveContextOf(spec));
  const masks = createRedactor();
  for (const s of r.secrets) {
    for (const form of secretForms(s.value)) masks.add(form, maskOf(s.value));
  }
  const mask = (text: string) => masks.redactText(text);
  const base = {
    method: spec.method,
    references: r.references,
    unresolved: r.unresolved,
  };
  if (!config.baseUrl) {
    return {
      ...base,
      url: mask(r.spec.path),
      headers: [],
      body: null,
      credentialHeader: null,
      problem: {
        code: 'demo_not_running',
        message: 'Start the demo tenant to see the full address.',
      },
    };
  }
  try {
    const prepared = prepareRequest(r.spec, config.baseUrl, 'preview', config.timeoutMs);
    const headers = [...prepared.headers];
    if (!hasHeader(headers, 'user-agent')) headers.push(['User-Agent', USER_AGENT]);
    if (
      prepared.body !== undefined &&
      prepared.contentType &&
      !hasHeader(headers, 'content-type')
    ) {
      headers.push(['Content-Type', prepared.contentType]);
    }
    const sameOrigin = prepared.url.origin === new URL(config.baseUrl).origin;
    const credential = sameOrigin
      ? placeholderFor(config.kind, config.auth.scheme, prepared.url.pathname)
      : undefined;
    return {
      ...base,
      url: mask(prepared.url.href),
      headers: headers.map(([n, v]) => [mask(n), mask(v)] as [string, string]),
      body: prepared.body === undefined ? null : mask(prepared.body),
      credentialHeader: credential ? { name: credential.name, value: credential.value } : null,
    };
  } catch (err) {
    if (!isAppError(err)) throw err;
    return {
      ...base,
      url: mask(r.spec.path),
      headers: [],
      body: null,
      credentialHeader: null,
      problem: { code: err.code, message: mask(err.message) },
    };
  }
}
