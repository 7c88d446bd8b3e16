import type { HttpMethod, HttpResponse } from '../../../preload/contract';
import { AppError } from '../errors';

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
export const DEFAULT_MAX_REDIRECTS = 10;

/** Where a Location header points, resolved against the URL that answered with it. */
export function redirectTarget(location: string, from: URL): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new AppError(
      'invalid_url',
      `${from.host} redirected to "${location.slice(0, 200)}", which is not a valid URL. The server's redirect is broken; ask its owner, or send the request to the final address directly.`,
      { location: location.slice(0, 2000) },
    );
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new AppError(
      'invalid_url',
      `${from.host} redirected to a ${next.protocol.replace(':', '')} URL; only http and https redirects are followed.`,
      { location: next.href.slice(0, 2000) },
    );
  }
  return next;
}

export function tooManyRedirects(
  max: number,
  last: URL,
  hops: HttpResponse['redirects'],
): AppError {
  return new AppError(
    'too_many_redirects',
    `Stopped after ${max} redirects; the last one pointed to ${last.href}. The server is probably redirecting in a loop (http ↔ https, or a trailing slash it adds and removes): check the URL and the connection's base URL, or the server's redirect rules.`,
    { maxRedirects: max, lastLocation: last.href, redirects: hops },
  );
}

/** 303, and 301/302 after a POST, continue as a GET without a body (what browsers do). */
export function methodAfterRedirect(status: number, method: HttpMethod): HttpMethod {
  if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) return 'GET';
  return method;
}
