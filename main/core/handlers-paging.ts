import type { Handlers } from './dispatch';
import type { HandlerDeps } from './handlers';
import { resolveContextOf } from './variables/variable-service';

/**
 * Fetch all pages of a cursor-paged list (through the pacer and the connection's own
 * credentials), cancel it, read the merged result in chunks, and export it.
 */
export function pagingHandlers(
  d: HandlerDeps,
): Pick<Handlers, 'paging:fetch-all' | 'paging:cancel' | 'paging:export' | 'paging:read'> {
  return {
    // {{variables}} are resolved like a send's, so a list saved with them pages the same way.
    'paging:fetch-all': async (input, ctx) =>
      d.paging.fetchAll(
        {
          ...input,
          spec: await d.variables.resolveForSend(input.spec, resolveContextOf(input.spec)),
        },
        ctx,
        d.guard,
      ),
    'paging:cancel': async ({ fetchId }) => ({ cancelled: d.paging.cancel(fetchId) }),
    'paging:export': async (input) => d.paging.export(input),
    'paging:read': async (input) => d.paging.read(input),
  };
}
