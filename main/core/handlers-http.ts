import { withAudit } from './audit/audit-trail';
import { authRequired } from './auth/ssx-sessions';
import type { Handlers } from './dispatch';
import { AppError } from './errors';
import type { HandlerDeps } from './handlers';
import { prepareRequest } from './http/prepare';
import { isMutating, targetCount } from './safety/production-guard';
import { pacingEvents } from './pacing/pacer';
import { withHistory } from './history/record-send';
import { resolveContextOf } from './variables/variable-service';

/**
 * Sending: resolve the connection (credentials only for its own origin), the
 * production guard, the engine, the audit log for changes, one retry with a
 * fresh OAuth token after a 401, and a dead Secure X session turned into a
 * sign-in prompt. Plus cancel ('http:curl' lives with code generation).
 */
export function httpHandlers(d: HandlerDeps): Pick<Handlers, 'http:send' | 'http:cancel'> {
  const { connections, ssx } = d;
  return {
    // History: every send, answered or failed, is kept (main/core/history/record-send.ts).
    'http:send': withHistory(d, async (input, ctx) => {
      const config = await connections.configOf(input.connectionId);
      if (!config.baseUrl) {
        throw new AppError(
          'demo_not_running',
          'The demo tenant has not been started yet. Start it from the connection bar, then send again.',
        );
      }
      // Variables: `{{name}}` resolved first; an undefined one refuses the send (undefined_variable).
      const resolved = await d.variables.resolveForSend(input, resolveContextOf(input));
      const prepared = prepareRequest(resolved, config.baseUrl, input.requestId, config.timeoutMs);
      const conn = await connections.resolve(input.connectionId, prepared.url);
      const sendOn = (c: typeof conn) =>
        // Pacing and retries (main/core/pacing): the connection's rate-limit table, 429/503.
        d.pacer.send(
          input.connectionId,
          config,
          prepared,
          {
            credentials: c.credentials,
            transport: c.transport,
            onProgress: (p) => ctx.emit('http:progress', { requestId: input.requestId, ...p }),
            onChunk: (ch) => ctx.emit('http:chunk', { requestId: input.requestId, ...ch }),
          },
          pacingEvents(ctx, input.requestId),
        );
      const send = async () => {
        // Once: a confirmation token is single-use, and the retry below is the same request.
        d.guard.check(conn.summary, prepared, input.confirmation);
        const first = await sendOn(conn);
        if (
          config.auth.scheme !== 'OAuth2ClientCredentials' ||
          first.status !== 401 ||
          !first.credentialsAttached
        ) {
          return first;
        }
        // The cached access token was revoked or expired early: the server refused the request
        // before acting on it, so fetch a fresh token and send it once more.
        connections.invalidateOAuth(input.connectionId);
        return sendOn(await connections.resolve(input.connectionId, prepared.url));
      };
      const response = !isMutating(prepared.method)
        ? await send()
        : await withAudit(
            d.audit,
            d.now,
            {
              connection: conn.summary,
              method: prepared.method,
              url: prepared.url.href,
              body: prepared.body,
              confirmed: input.confirmation !== undefined,
              targetCount: targetCount(prepared.body),
            },
            send,
            (r) => r.status,
          );
      if (
        config.kind === 'sentinel-secure-x' &&
        response.status === 401 &&
        response.credentialsAttached
      ) {
        // The session died on the server (expired or revoked): forget it and have the operator sign in.
        await ssx.forget(input.connectionId);
        throw authRequired();
      }
      // The viewer reads a spooled body by id; it should know what the server said it is.
      if (response.body.kind === 'file') {
        d.bodies.noteContentType(response.body.fileId, response.body.contentType);
      }
      return response;
    }),
    // The pacer cancels a request waiting in line or between retries too, not only on the wire.
    'http:cancel': async ({ requestId }) => ({ cancelled: d.pacer.cancel(requestId) }),
  };
}
