import { StringDecoder } from 'node:string_decoder';

/** How much text stays held back, so a secret can never be split across two pieces. */
const OVERLAP = 256 * 1024;
/** If no safe cut is found (pathological input), flush rather than grow without bound. */
const HOLD_MAX = 64 * 1024 * 1024;

export type RedactText = (text: string) => string;

/** Where a cut leaves no secret split, or 0 when none was found. */
function safeCut(text: string, redact: RedactText): number {
  const base = text.length - OVERLAP;
  const whole = redact(text);
  if (whole === text) return base;
  // A cut that splits a secret changes the result; try a few nearby places (prime steps, so
  // a run of equally long secrets cannot line up with all of them).
  for (const back of [0, 61, 251, 1021, 4093, 16381, 65521]) {
    const cut = base - back;
    if (redact(text.slice(0, cut)) + redact(text.slice(cut)) === whole) return cut;
  }
  return 0;
}

/**
 * Redacts a byte stream piece by piece (a response body on its way to disk, a
 * history body being copied): `push` returns what may be written now, `end`
 * the rest. Text is decoded as UTF-8 (binary as Latin-1, so bytes stay exact),
 * and a secret that straddles two network chunks is still caught.
 */
export function createRedactingSplitter(redact: RedactText, textual: boolean) {
  const encoding = textual ? 'utf8' : 'latin1';
  const decoder = new StringDecoder(encoding);
  let held = '';
  return {
    push(chunk: Buffer): Buffer[] {
      held += decoder.write(chunk);
      if (held.length < 2 * OVERLAP) return [];
      const cut = safeCut(held, redact);
      if (cut > 0) {
        const out = Buffer.from(redact(held.slice(0, cut)), encoding);
        held = held.slice(cut);
        return [out];
      }
      if (held.length > HOLD_MAX) {
        const out = Buffer.from(redact(held), encoding);
        held = '';
        return [out];
      }
      return [];
    },
    end(): Buffer[] {
      held += decoder.end();
      const out = held.length > 0 ? [Buffer.from(redact(held), encoding)] : [];
      held = '';
      return out;
    },
  };
}

/** The bytes of `source`, redacted, in pieces; never holds more than a few MiB. */
export async function* redactedPieces(
  source: AsyncIterable<Buffer>,
  textual: boolean,
  redact: RedactText,
): AsyncGenerator<Buffer> {
  const splitter = createRedactingSplitter(redact, textual);
  for await (const chunk of source) yield* splitter.push(chunk);
  yield* splitter.end();
}
