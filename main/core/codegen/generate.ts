/**
 * A prepared request as runnable code for one target, through httpsnippet. Every
 * header value and the body go in as unique markers and come out as literals this
 * module writes itself (httpsnippet's own quoting is wrong in places: unescaped `'`
 * and `$` in PowerShell, a `$`-expanding heredoc for JSON in shell). Credentials and
 * secret variables are environment-variable placeholders from the start: no secret
 * is ever known here.
 */
import { randomBytes } from 'node:crypto';
import { HTTPSnippet, type HarRequest } from '@readme/httpsnippet';
import type { CodegenResult, CodegenTarget } from '../../../preload/contract';
import { AppError } from '../errors';
import type { EngineRequest } from '../http/engine';
import type { PlaceholderHeader } from '../auth/placeholders';
import { findLiterals, type LiteralSyntax } from './literals';
import { renderValue, type Language, type ValuePart, type ValueRole } from './render-literals';

interface TargetSpec {
  target: Parameters<HTTPSnippet['convert']>[0];
  client: string;
  language: Language;
  syntax: LiteralSyntax;
}

const TARGETS: Record<CodegenTarget, TargetSpec> = {
  curl: { target: 'shell', client: 'curl', language: 'shell', syntax: 'shell' },
  'python-requests': { target: 'python', client: 'requests', language: 'python', syntax: 'c-like' },
  powershell: {
    target: 'powershell',
    client: 'restmethod',
    language: 'powershell',
    syntax: 'powershell',
  },
  go: { target: 'go', client: 'native', language: 'go', syntax: 'c-like' },
  'javascript-fetch': {
    target: 'javascript',
    client: 'fetch',
    language: 'javascript',
    syntax: 'c-like',
  },
  'node-fetch': { target: 'node', client: 'fetch', language: 'javascript', syntax: 'c-like' },
  'node-axios': { target: 'node', client: 'axios', language: 'javascript', syntax: 'c-like' },
  'node-native': { target: 'node', client: 'native', language: 'javascript', syntax: 'c-like' },
};

/**
 * Unique, quoting-proof stand-ins (letters and digits only, so no encoder or quoting
 * changes them). Environment markers may also be put into a request before it is
 * prepared — code generation writes secret variables as them.
 */
export class CodeMarkers {
  private readonly prefix = `zzsoc${randomBytes(5).toString('hex')}`;
  private readonly envs = new Map<string, string>();
  private readonly values = new Map<string, { parts: ValuePart[]; role: ValueRole }>();
  private n = 0;

  /** The marker that becomes a read of environment variable `variable`. */
  env(variable: string): string {
    for (const [marker, v] of this.envs) if (v === variable) return marker;
    const marker = `${this.prefix}e${this.n++}zz`;
    this.envs.set(marker, variable);
    return marker;
  }

  /** A marker for a whole value this module renders itself. */
  value(text: string, role: ValueRole): string {
    const marker = `${this.prefix}v${this.n++}zz`;
    this.values.set(marker, { parts: this.partsOf(text), role });
    return marker;
  }

  /** Splits text at environment markers. */
  partsOf(text: string): ValuePart[] {
    const parts: ValuePart[] = [];
    const re = new RegExp(`${this.prefix}[ev]\\d+zz`, 'g');
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      parts.push({ text: text.slice(last, m.index) });
      const env = this.envs.get(m[0]);
      const value = this.values.get(m[0]);
      if (env) parts.push({ env });
      else if (value) parts.push(...value.parts);
      last = m.index + m[0].length;
    }
    parts.push({ text: text.slice(last) });
    return parts;
  }

  roleIn(text: string): ValueRole {
    for (const [marker, v] of this.values)
      if (text.includes(marker) && v.role === 'body') return 'body';
    return 'text';
  }

  has(text: string): boolean {
    return text.includes(this.prefix);
  }

  /** The environment variables that `text` reads, in order of first use. */
  envsIn(text: string): string[] {
    return [...new Set(this.partsOf(text).flatMap((p) => ('env' in p ? [p.env] : [])))];
  }
}

function harOf(
  req: EngineRequest,
  credential: PlaceholderHeader | undefined,
  markers: CodeMarkers,
) {
  const headers: Array<{ name: string; value: string }> = [];
  if (credential) {
    const [before, after] = credential.value.split(`$${credential.variable}`);
    headers.push({
      name: credential.name,
      value: markers.value(
        `${before ?? ''}${markers.env(credential.variable)}${after ?? ''}`,
        'text',
      ),
    });
  }
  const all = [...req.headers];
  if (
    req.body !== undefined &&
    req.contentType &&
    !all.some(([n]) => n.toLowerCase() === 'content-type')
  ) {
    all.push(['Content-Type', req.contentType]);
  }
  for (const [name, value] of all) {
    if (markers.has(name)) {
      throw new AppError(
        'invalid_input',
        'A secret variable cannot be used in a header name; use it in the value.',
      );
    }
    // The content type stays plain: targets read it (PowerShell's -ContentType).
    const plain = name.toLowerCase() === 'content-type' && !markers.has(value);
    headers.push({ name, value: plain ? value : markers.value(value, 'text') });
  }
  const url = new URL(req.url.href);
  url.hash = ''; // never sent over HTTP
  const har: Record<string, unknown> = {
    method: req.method,
    // `'` is the one character some targets put unescaped inside single quotes.
    url: url.href.replace(/'/g, '%27'),
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers,
    queryString: [],
    headersSize: -1,
    bodySize: -1,
  };
  // Plain text, so every target sends the console's exact bytes instead of re-serialized JSON.
  // A present-but-undefined postData makes httpsnippet crash; omit the key when there is no body.
  if (req.body) har.postData = { mimeType: 'text/plain', text: markers.value(req.body, 'body') };
  return har;
}

function finish(code: string, language: Language, used: boolean): string {
  let out = code;
  if (language === 'python' && used) out = `import os\n${out}`;
  if (language === 'go' && used) out = out.replace(/^import \(\n/m, 'import (\n\t"os"\n');
  if (language === 'powershell' && /-ContentType '/.test(out)) {
    // Windows PowerShell 5.1 refuses Content-Type in -Headers; -ContentType carries it.
    out = out.replace(/^\$headers\.Add\("Content-Type", [^\n]*\n/im, '');
  }
  return out;
}

/**
 * `req` as code for `target`. `credential` (only for the connection's own origin) is
 * the placeholder header; `markers` holds the environment markers already written
 * into `req` for secret variables.
 */
export async function generateCode(
  req: EngineRequest,
  target: CodegenTarget,
  options: { credential?: PlaceholderHeader; markers?: CodeMarkers } = {},
): Promise<Omit<CodegenResult, 'placeholders'> & { placeholders: string[] }> {
  const spec = TARGETS[target];
  const markers = options.markers ?? new CodeMarkers();
  const har = harOf(req, options.credential, markers);
  const snippet = new HTTPSnippet(har as unknown as HarRequest, { harIsAlreadyEncoded: false });
  const out = await snippet.convert(spec.target, spec.client);
  let code = String(Array.isArray(out) ? out[0] : out);
  const placeholders: string[] = [];
  // Back to front, so earlier offsets stay valid.
  const spans = findLiterals(code, spec.syntax, spec.language === 'go').filter((s) =>
    markers.has(s.value),
  );
  for (const span of spans.reverse()) {
    const role = markers.roleIn(span.value);
    placeholders.unshift(...markers.envsIn(span.value));
    let before = code.slice(0, span.start);
    if (spec.language === 'shell' && role === 'body' && before.endsWith('--data ')) {
      // --data reads a file for a body starting with @ and is not byte-exact; --data-raw is.
      before = `${before.slice(0, -'--data '.length)}--data-raw `;
    }
    code =
      before + renderValue(spec.language, markers.partsOf(span.value), role) + code.slice(span.end);
  }
  if (markers.has(code)) {
    throw new AppError(
      'internal',
      `The ${target} code could not be written with its placeholders.`,
    );
  }
  const unique = [...new Set(placeholders)];
  return {
    code: finish(code, spec.language, unique.length > 0),
    placeholders: unique,
    language: spec.language,
  };
}
