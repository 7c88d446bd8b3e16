import type { Handlers } from './dispatch';
import type { HandlerDeps } from './handlers';

/** The operator's settings (history retention and body size, room for more groups). */
export function settingsHandlers(
  d: HandlerDeps,
): Pick<Handlers, 'settings:get' | 'settings:update'> {
  return {
    'settings:get': async () => d.settings.get(),
    'settings:update': async ({ patch }) => d.settings.update(patch),
  };
}
