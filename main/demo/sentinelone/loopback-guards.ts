import { ApiError } from './envelope';
import type { Middleware } from './router';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function hostnameOf(hostHeader: string): string {
  const host = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : (hostHeader.split(':')[0] ?? '');
  return host.toLowerCase();
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(origin).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * The demo tokens are public constants, so a page that rebinds its own hostname to
 * 127.0.0.1 could otherwise drive this server from a browser. Only loopback Host names pass.
 */
export const hostGuard: Middleware = async (ctx, next) => {
  const host = ctx.headers.host;
  if (host !== undefined && !LOOPBACK_HOSTS.has(hostnameOf(host))) {
    throw new ApiError(
      403,
      'The demo tenant only answers requests addressed to 127.0.0.1 or localhost.',
      {
        title: 'Forbidden',
      },
    );
  }
  return next();
};

/**
 * Control routes have no token, so refuse non-loopback peers and any browser request whose
 * Origin is not itself on loopback (a cross-site form post must not reset the demo).
 */
export const loopbackOnly: Middleware = async (ctx, next) => {
  const remote = ctx.req.socket.remoteAddress ?? '';
  const origin = ctx.headers.origin;
  if (!LOOPBACK_ADDRESSES.has(remote) || (origin !== undefined && !isLoopbackOrigin(origin))) {
    throw new ApiError(403, 'Demo control routes only answer local, same-machine clients.', {
      title: 'Forbidden',
    });
  }
  return next();
};
