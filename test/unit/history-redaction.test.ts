import { describe, expect, it } from 'vitest';
import { redactedPieces } from '../../main/core/security/redact-stream';
import {
  scrubHeaderValue,
  scrubJsonSecrets,
  scrubQueryValue,
  scrubUrl,
} from '../../main/core/history/scrub';
import { createRedactor } from '../../main/core/security/redact';

const SECRET = 'CANARY-stream-0badc0de';

async function run(pieces: Buffer[], textual: boolean): Promise<Buffer> {
  const redactor = createRedactor();
  redactor.add(SECRET, '$API_TOKEN');
  const out: Buffer[] = [];
  async function* source() {
    yield* pieces;
  }
  for await (const p of redactedPieces(source(), textual, (t) => redactor.redactText(t))) {
    out.push(p);
  }
  return Buffer.concat(out);
}

/** Splits `buf` at the given offsets, as a file read in pieces would. */
function cutAt(buf: Buffer, offsets: number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const o of offsets) {
    out.push(buf.subarray(from, o));
    from = o;
  }
  out.push(buf.subarray(from));
  return out;
}

describe('redacting a streamed body', () => {
  it('finds a secret split across read pieces, wherever the split falls', async () => {
    const filler = 'é'.repeat(300_000); // multi-byte characters split by the cuts too
    const text = `${filler}${SECRET}${filler}${SECRET}${filler}`;
    const buf = Buffer.from(text, 'utf8');
    const at = Buffer.byteLength(filler) + 7; // inside the first secret
    for (const offsets of [[at], [at - 3, at + 1, at + 5], [1, 2, 3, 1_048_576, 1_048_577]]) {
      const out = (await run(cutAt(buf, offsets), true)).toString('utf8');
      expect(out).not.toContain(SECRET);
      expect(out).toBe(text.replaceAll(SECRET, '$API_TOKEN'));
    }
  });

  it('handles secrets at every cut it would try, and many of them', async () => {
    const text = Array.from({ length: 30_000 }, (_, i) => `${i}:${SECRET};`).join('');
    const buf = Buffer.from(text, 'utf8');
    const pieces = cutAt(
      buf,
      Array.from({ length: Math.floor(buf.length / 65_537) }, (_, i) => (i + 1) * 65_537),
    );
    const out = (await run(pieces, true)).toString('utf8');
    expect(out).not.toContain(SECRET);
    expect(out).toBe(text.replaceAll(SECRET, '$API_TOKEN'));
  });

  it('keeps binary bytes exactly while redacting a secret among them', async () => {
    const bytes = Buffer.alloc(700_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131) % 256;
    const secret = Buffer.from(SECRET, 'latin1');
    const buf = Buffer.concat([bytes, secret, bytes]);
    const out = await run(cutAt(buf, [700_005, 700_010]), false);
    const expected = Buffer.concat([bytes, Buffer.from('$API_TOKEN', 'latin1'), bytes]);
    expect(out.equals(expected)).toBe(true);
  });
});

describe('credential scrubbing', () => {
  it('replaces credential header values and keeps schemes, cookie names and attributes', () => {
    expect(scrubHeaderValue('Authorization', 'ApiToken abc.def')).toBe('ApiToken $REDACTED');
    expect(scrubHeaderValue('authorization', 'opaque')).toBe('$REDACTED');
    expect(scrubHeaderValue('Proxy-Authorization', 'Basic dXNlcjpwdw==')).toBe('Basic $REDACTED');
    expect(scrubHeaderValue('X-Api-Key', 'k1')).toBe('$REDACTED');
    expect(scrubHeaderValue('X-Amz-Security-Token', 'k1')).toBe('$REDACTED');
    expect(scrubHeaderValue('Cookie', 'a=1; b=2')).toBe('a=$REDACTED; b=$REDACTED');
    expect(scrubHeaderValue('Set-Cookie', 'sid=x; Path=/; Secure')).toBe(
      'sid=$REDACTED; Path=/; Secure',
    );
    expect(scrubHeaderValue('Authorization', 'Bearer {{token}}')).toBe('Bearer {{token}}');
    expect(scrubHeaderValue('Accept', 'application/json')).toBe('application/json');
    expect(scrubHeaderValue('Content-Type', 'application/json')).toBe('application/json');
  });

  it('scrubs credential-named query values, URL user info and JSON secret fields', () => {
    expect(scrubQueryValue('api_key', 'v')).toBe('$REDACTED');
    expect(scrubQueryValue('access_token', 'v')).toBe('$REDACTED');
    expect(scrubQueryValue('limit', '10')).toBe('10');
    expect(scrubUrl('https://u:p@h.test/x?token=abc&limit=1')).toBe(
      'https://$REDACTED:$REDACTED@h.test/x?token=$REDACTED&limit=1',
    );
    expect(scrubUrl('https://h.test/x?limit=1')).toBe('https://h.test/x?limit=1');
    expect(
      scrubJsonSecrets('{\n  "username": "a",\n  "password" : "p\\"w",\n  "apiToken":"t"\n}'),
    ).toBe('{\n  "username": "a",\n  "password" : "$REDACTED",\n  "apiToken":"$REDACTED"\n}');
    expect(scrubJsonSecrets('{"tokens":5,"data":{"token":"x"}}')).toBe(
      '{"tokens":5,"data":{"token":"$REDACTED"}}',
    );
  });
});
