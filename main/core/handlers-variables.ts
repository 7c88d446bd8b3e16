import type { Handlers } from './dispatch';
import type { HandlerDeps } from './handlers';
import { previewRequest } from './variables/preview';

/**
 * Variables of the global, connection and collection scopes (secret values go to the
 * keychain and never come back), and the resolved-request preview with secrets masked.
 */
export function variablesHandlers(
  d: HandlerDeps,
): Pick<Handlers, 'variables:list' | 'variables:set' | 'variables:delete' | 'http:preview'> {
  return {
    'variables:list': async (input) => d.variables.list(input),
    'variables:set': async (input) => d.variables.set(input),
    'variables:delete': async (input) => d.variables.delete(input),
    'http:preview': async (input) =>
      previewRequest(d.variables, input, await d.connections.configOf(input.connectionId)),
  };
}
