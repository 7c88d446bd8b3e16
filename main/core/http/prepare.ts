import type { ChannelParsedInput } from '../../../preload/contract';
import type { EngineRequest } from './engine';
import { encodeBody } from './body';
import { validateHeaders } from './headers';
import { resolveRequestUrl } from './url';

export type ParsedRequestSpec = Omit<ChannelParsedInput<'http:send'>, 'requestId'>;

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Turns the operator's request spec into what the engine sends; every input error surfaces here, before any byte leaves. */
export function prepareRequest(
  spec: ParsedRequestSpec,
  baseUrl: string,
  requestId: string,
  defaultTimeoutMs = DEFAULT_TIMEOUT_MS,
): EngineRequest {
  const url = resolveRequestUrl(baseUrl, spec.path, spec.query);
  const headers = validateHeaders(spec.headers);
  const { payload, contentType } = encodeBody(spec.body);
  return {
    requestId,
    method: spec.method,
    url,
    headers,
    body: payload,
    contentType,
    timeoutMs: spec.timeoutMs ?? defaultTimeoutMs,
    followRedirects: spec.followRedirects,
  };
}
