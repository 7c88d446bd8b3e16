import { SeededRandom } from './prng';

/** A body the server writes piece by piece instead of holding it as one string. */
export interface StreamedBody {
  contentType: string;
  /** Exact byte length, sent as Content-Length so the client can show progress. */
  length: number;
  chunks: () => Iterable<Buffer>;
}

export type HugeBodyShape = 'threats-json' | 'text';

/** Pieces of about this size go to the socket; the generator never holds more. */
const PIECE_BYTES = 64 * 1024;
const SEED = 0x5e17_1e1;
/** Upper bound of the envelope's closing part: `totalItems` never needs more than 12 digits. */
const MAX_SUFFIX_BYTES = Buffer.byteLength(pagination(10 ** 12));

const CLASSIFICATIONS = ['Malware', 'Ransomware', 'Trojan', 'PUA', 'Exploit', 'Infostealer'];
const VERDICTS = ['undefined', 'true_positive', 'false_positive', 'suspicious'];
const MITIGATION = ['active', 'mitigated', 'blocked', 'not_mitigated', 'marked_as_benign'];
const INCIDENT = ['unresolved', 'in_progress', 'resolved'];
// Non-ASCII names and Windows paths on purpose: they exercise multi-byte and escaped text.
const COMPUTERS = ['FIN-LT-0042', 'Müller-PC', '東京-WS-07', 'SRV-DC01', 'São-Paulo-LT', 'dev-mbp'];
const FILES = ['invoice_2026.pdf.exe', 'update.ps1', 'mimikatz.exe', 'résumé.docm', 'svc.dll'];
const TACTICS = ['Execution', 'Persistence', 'Defense Evasion', 'Credential Access', 'Impact'];

function pagination(totalItems: number): string {
  return `],"pagination":{"nextCursor":null,"totalItems":${totalItems}}}`;
}

function digits(rng: SeededRandom, length: number): string {
  let out = '';
  while (out.length < length) out += String(rng.int(0, 9));
  return out;
}

/** Every threat id has this many characters, so a template's length never changes. */
const ID_PLACEHOLDER = '\u0000ID\u0000';
const TEMPLATES = 512;

const ID_LENGTH = 19;

function threatId(index: number): string {
  return `185${String(index).padStart(16, '0')}`;
}

function threat(rng: SeededRandom, index: number): string {
  const id = ID_PLACEHOLDER;
  const computer = rng.pick(COMPUTERS);
  const file = rng.pick(FILES);
  const createdAt = new Date(Date.UTC(2026, 9, 1) + index * 37_000).toISOString();
  return JSON.stringify({
    id,
    threatInfo: {
      threatId: id,
      threatName: file,
      classification: rng.pick(CLASSIFICATIONS),
      confidenceLevel: rng.chance(0.6) ? 'malicious' : 'suspicious',
      analystVerdict: rng.pick(VERDICTS),
      mitigationStatus: rng.pick(MITIGATION),
      incidentStatus: rng.pick(INCIDENT),
      filePath: `C:\\Users\\${computer}\\AppData\\Local\\Temp\\${file}`,
      sha1: rng.hex(40),
      storyline: rng.hex(16).toUpperCase(),
      createdAt,
      updatedAt: createdAt,
      engines: rng.chance(0.5) ? ['SentinelOne Cloud'] : ['On-Write Static AI', 'Behavioral AI'],
    },
    agentRealtimeInfo: {
      agentId: digits(rng, 19),
      agentComputerName: computer,
      agentOsType: rng.pick(['windows', 'macos', 'linux']),
      siteName: rng.pick(['Default site', 'Zürich HQ', 'Remote workers']),
      activeThreats: rng.int(0, 5),
    },
    indicators: rng.sample(TACTICS, rng.int(1, 3)).map((tactic) => ({
      category: tactic,
      description: `Observed "${tactic}" behaviour\tfrom ${file}`,
      ids: [rng.int(1, 99), rng.int(100, 999)],
    })),
    mitigationStatus: [],
  });
}

/**
 * `{"data":[…threats…],"pagination":{…}}` of exactly `bytes` bytes: whole threats while
 * they fit, then spaces before the closing `]` (whitespace is valid JSON) to make up the
 * difference, so the length is known before the first byte is written.
 */
function* threatsJson(bytes: number): Generator<Buffer> {
  // A few hundred distinct threats, each repeated with its own id: generating and
  // serialising every one of a few hundred thousand would make the demo the bottleneck.
  const rng = new SeededRandom(SEED);
  const placeholder = JSON.stringify(ID_PLACEHOLDER).slice(1, -1);
  const templates = Array.from({ length: TEMPLATES }, (_, i) =>
    threat(rng, i)
      .split(placeholder)
      .map((part) => Buffer.from(part)),
  );
  const out = new PieceWriter();
  out.ascii('{"data":[');
  let count = 0;
  for (; ; count++) {
    const parts = templates[count % TEMPLATES]!;
    let itemBytes = (count > 0 ? 1 : 0) + (parts.length - 1) * ID_LENGTH;
    for (const part of parts) itemBytes += part.length;
    if (out.written + itemBytes + MAX_SUFFIX_BYTES > bytes) break;
    if (count > 0) out.ascii(',');
    const id = threatId(count);
    parts.forEach((part, i) => {
      if (i > 0) out.ascii(id);
      out.bytes(part);
    });
    yield* out.full();
  }
  const suffix = pagination(count);
  out.ascii(' '.repeat(bytes - out.written - suffix.length));
  out.ascii(suffix);
  yield* out.rest();
}

/** Collects bytes into fixed-size pieces, so output is a few large writes, not many small ones. */
class PieceWriter {
  written = 0;
  private piece = Buffer.allocUnsafe(PIECE_BYTES);
  private used = 0;
  private readonly done: Buffer[] = [];

  ascii(text: string): void {
    this.bytes(Buffer.from(text, 'latin1'));
  }

  bytes(buf: Buffer): void {
    let at = 0;
    while (at < buf.length) {
      const n = buf.copy(this.piece, this.used, at);
      at += n;
      this.used += n;
      if (this.used === PIECE_BYTES) {
        this.done.push(this.piece);
        this.piece = Buffer.allocUnsafe(PIECE_BYTES);
        this.used = 0;
      }
    }
    this.written += buf.length;
  }

  *full(): Generator<Buffer> {
    while (this.done.length > 0) yield this.done.shift()!;
  }

  *rest(): Generator<Buffer> {
    yield* this.full();
    if (this.used > 0) yield this.piece.subarray(0, this.used);
  }
}

function logLine(rng: SeededRandom, index: number): string {
  const at = new Date(Date.UTC(2026, 10, 1) + index * 250).toISOString();
  const level = rng.pick(['INFO', 'INFO', 'INFO', 'WARN', 'ERROR']);
  return `${at} ${level} agent=${rng.pick(COMPUTERS)} file="${rng.pick(FILES)}" seq=${index} — ${rng.hex(24)}\n`;
}

/** Log-like UTF-8 lines; the last one is cut to an ASCII filler line so the length is exact. */
function* textLines(bytes: number): Generator<Buffer> {
  const rng = new SeededRandom(SEED);
  const out = new PieceWriter();
  for (let index = 0; ; index++) {
    const line = Buffer.from(logLine(rng, index));
    if (out.written + line.length > bytes) break;
    out.bytes(line);
    yield* out.full();
  }
  const gap = bytes - out.written;
  if (gap > 0) out.ascii(`${'#'.repeat(gap - 1)}\n`);
  yield* out.rest();
}

/** The `hugeBody` fault's answer: deterministic for a given size and shape. */
export function hugeBody(bytes: number, shape: HugeBodyShape = 'threats-json'): StreamedBody {
  return shape === 'text'
    ? { contentType: 'text/plain; charset=utf-8', length: bytes, chunks: () => textLines(bytes) }
    : { contentType: 'application/json', length: bytes, chunks: () => threatsJson(bytes) };
}
