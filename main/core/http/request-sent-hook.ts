import type { Dispatcher } from 'undici';

/**
 * Makes `dispatcher` call `onSent` each time a request it carries has been
 * written out completely (headers and body), which is where the "waiting for
 * the first byte" phase begins.
 *
 * undici calls `onRequestSent` only on handlers of the classic shape, which is
 * what `request()` hands to `dispatch`. `Dispatcher.compose()` would wrap the
 * handler in the newer controller API and drop that hook, so the handler is
 * wrapped here in a Proxy that forwards everything else to the original.
 */
export function withRequestSentHook<T extends Dispatcher>(dispatcher: T, onSent: () => void): T {
  const dispatch = dispatcher.dispatch.bind(dispatcher);
  dispatcher.dispatch = (options, handler) => {
    const watched = new Proxy(handler, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (prop === 'onRequestSent') {
          return () => {
            onSent();
            if (typeof value === 'function') (value as () => void).call(target);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return dispatch(options, watched);
  };
  return dispatcher;
}
