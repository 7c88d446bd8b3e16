import type { Handlers } from '../dispatch';
import type { HistoryService } from './history-service';

type SendHandler = Handlers['http:send'];

/**
 * Wraps the `http:send` handler so every send, answered or failed (refused, cancelled, a
 * network error), is kept in the history. The entry is queued before the answer goes back
 * (so a `history:list` right after sees it) and written in the background: recording never
 * delays or fails the send; a failure to write shows as a stored-data problem.
 */
export function withHistory(
  d: { history: HistoryService; now: () => number },
  send: SendHandler,
): SendHandler {
  return async (input, ctx) => {
    const startedAt = d.now();
    try {
      const response = await send(input, ctx);
      void d.history.record({ input, startedAt, response });
      return response;
    } catch (error) {
      void d.history.record({ input, startedAt, error });
      throw error;
    }
  };
}
