import type { Handlers } from './dispatch';
import type { HandlerDeps } from './handlers';

/** History of sends: list, open, delete, clear, read a body file, export as HAR. */
export function historyHandlers(
  d: HandlerDeps,
): Pick<
  Handlers,
  | 'history:list'
  | 'history:get'
  | 'history:delete'
  | 'history:clear'
  | 'history:body-chunk'
  | 'history:export-har'
> {
  const { history } = d;
  return {
    'history:list': async (query) => history.list(query),
    'history:get': async ({ id, withBodyText }) => history.get(id, withBodyText),
    'history:delete': async ({ id }) => history.delete(id),
    'history:clear': async (input) => history.clear(input),
    'history:body-chunk': async ({ fileId, offset, maxBytes }) =>
      history.bodyChunk(fileId, offset, maxBytes),
    'history:export-har': async ({ ids }) => history.exportHar(ids),
  };
}
