/** One `Set-Cookie` header, split into what the Cookies tab shows. */
export interface ResponseCookie {
  name: string;
  value: string;
  domain: string | null;
  path: string | null;
  /** `Expires` as sent, or `Max-Age` turned into seconds; null for a session cookie. */
  expires: string | null;
  maxAge: number | null;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string | null;
}

/**
 * The cookies a response sets, in header order. A header without `name=` is skipped (it
 * sets nothing a browser would keep); unknown attributes are ignored as browsers do.
 */
export function parseSetCookies(
  headers: ReadonlyArray<readonly [string, string]>,
): ResponseCookie[] {
  const out: ResponseCookie[] = [];
  for (const [name, raw] of headers) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    const [pair = '', ...attrs] = raw.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const cookie: ResponseCookie = {
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      domain: null,
      path: null,
      expires: null,
      maxAge: null,
      secure: false,
      httpOnly: false,
      sameSite: null,
    };
    for (const attr of attrs) {
      const at = attr.indexOf('=');
      const key = (at < 0 ? attr : attr.slice(0, at)).trim().toLowerCase();
      const value = at < 0 ? '' : attr.slice(at + 1).trim();
      if (key === 'domain') cookie.domain = value || null;
      else if (key === 'path') cookie.path = value || null;
      else if (key === 'expires') cookie.expires = value || null;
      else if (key === 'max-age' && /^-?\d+$/.test(value)) cookie.maxAge = Number(value);
      else if (key === 'secure') cookie.secure = true;
      else if (key === 'httponly') cookie.httpOnly = true;
      else if (key === 'samesite') cookie.sameSite = value || null;
    }
    out.push(cookie);
  }
  return out;
}

/** `in 3600 s`, the `Expires` date as sent, or `session`. */
export function cookieExpiry(c: ResponseCookie): string {
  if (c.maxAge !== null) return c.maxAge <= 0 ? 'expired (deletes it)' : `in ${c.maxAge} s`;
  return c.expires ?? 'session';
}

/** `Secure HttpOnly SameSite=Lax` */
export function cookieFlags(c: ResponseCookie): string {
  const flags: string[] = [];
  if (c.secure) flags.push('Secure');
  if (c.httpOnly) flags.push('HttpOnly');
  if (c.sameSite) flags.push(`SameSite=${c.sameSite}`);
  return flags.join(' ');
}
