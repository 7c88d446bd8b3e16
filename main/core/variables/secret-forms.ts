/**
 * The forms a secret variable's value takes once it is part of a URL, beyond the
 * percent- and form-encoding the redactor already knows: the WHATWG URL parser
 * encodes a path and a query typed in the path field with their own, smaller
 * character sets (a space becomes `%20` while `&` and `/` stay), so
 * `a b&c` shows up as `a%20b&c`. Each form is registered with the redactor and the
 * preview's masks, so none of them leaves main.
 */

const PATH_SET = new Set([' ', '"', '#', '<', '>', '?', '`', '{', '}']);
const QUERY_SET = new Set([' ', '"', '#', '<', '>', "'"]);

function percentEncode(value: string, set: Set<string>): string {
  let out = '';
  for (const c of value) {
    const code = c.codePointAt(0)!;
    if (code < 0x21 || code > 0x7e || set.has(c)) {
      for (const byte of Buffer.from(c, 'utf8')) {
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      }
    } else out += c;
  }
  return out;
}

/** The value itself and its URL-path and URL-query forms, without duplicates. */
export function secretForms(value: string): string[] {
  return [...new Set([value, percentEncode(value, PATH_SET), percentEncode(value, QUERY_SET)])];
}
