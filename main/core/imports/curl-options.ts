import type { SavedRequest } from '../../../preload/schemas/collections';
import { AppError } from '../errors';

/** What a curl command line says, option by option, before it becomes a request. */
export interface CurlOptions {
  urls: string[];
  method?: string;
  headers: Row[];
  /** Every data part (`-d`, `--data-*`, `--json`) joined with `&`, as curl sends it. */
  data?: string;
  /** For a body read from a here-document: its text with the newlines curl would strip. */
  jsonText?: string;
  json: boolean;
  get: boolean;
  head: boolean;
  user?: string;
  bearer?: string;
  cookies: boolean;
  formFields: Row[];
  /** `--url-query` parts. */
  query: Row[];
  insecure: boolean;
  warnings: string[];
}

type Row = SavedRequest['headers'][number];

type Handler =
  | 'request'
  | 'header'
  | 'data'
  | 'data-raw'
  | 'data-binary'
  | 'data-urlencode'
  | 'json'
  | 'user'
  | 'url'
  | 'user-agent'
  | 'referer'
  | 'cookie'
  | 'form'
  | 'form-string'
  | 'oauth2-bearer'
  | 'url-query'
  | 'get'
  | 'head'
  | 'insecure'
  | 'upload'
  | 'config'
  /** Belongs to the connection (proxy, TLS files, timeouts): ignored with a note. */
  | 'connection'
  /** Output, verbosity, protocol details: ignored quietly. */
  | 'quiet';

interface Spec {
  handler: Handler;
  arg: boolean;
}

const LONG: Record<string, Spec> = {};
const SHORT: Record<string, Spec> = {};

function define(handler: Handler, arg: boolean, names: string): void {
  for (const name of names.split(/\s+/).filter(Boolean)) {
    if (name.startsWith('--')) LONG[name.slice(2)] = { handler, arg };
    else SHORT[name.slice(1)] = { handler, arg };
  }
}

define('request', true, '-X --request');
define('header', true, '-H --header --proxy-header');
define('data', true, '-d --data --data-ascii');
define('data-raw', true, '--data-raw');
define('data-binary', true, '--data-binary');
define('data-urlencode', true, '--data-urlencode');
define('json', true, '--json');
define('user', true, '-u --user');
define('url', true, '--url');
define('user-agent', true, '-A --user-agent');
define('referer', true, '-e --referer');
define('cookie', true, '-b --cookie');
define('form', true, '-F --form');
define('form-string', true, '--form-string');
define('oauth2-bearer', true, '--oauth2-bearer');
define('url-query', true, '--url-query');
define('get', false, '-G --get');
define('head', false, '-I --head');
define('insecure', false, '-k --insecure --proxy-insecure');
define('upload', true, '-T --upload-file');
define('config', true, '-K --config');
define(
  'connection',
  true,
  '-x --proxy -U --proxy-user -E --cert --key --cacert --capath --pass --cert-type --key-type --resolve --connect-to -m --max-time --connect-timeout --unix-socket --abstract-unix-socket --interface --noproxy --aws-sigv4 --netrc-file --socks5 --socks5-hostname --preproxy --doh-url --dns-servers --local-port --max-redirs --retry --retry-delay --retry-max-time --proxy-cacert --proxy-cert --proxy-key --pinnedpubkey --crlfile --ciphers --tls13-ciphers --curves',
);
define(
  'connection',
  false,
  '-n --netrc --netrc-optional --digest --ntlm --negotiate --anyauth --location-trusted --ssl-no-revoke --proxy-anyauth --proxy-basic --proxy-digest --proxy-ntlm --proxy-negotiate',
);
define(
  'quiet',
  true,
  '-o --output -w --write-out -D --dump-header --trace --trace-ascii --stderr -c --cookie-jar --limit-rate -Y --speed-limit -y --speed-time --keepalive-time --expect100-timeout -r --range -C --continue-at -z --time-cond --output-dir --variable --happy-eyeballs-timeout-ms -t --telnet-option -P --ftp-port -Q --quote',
);
define(
  'quiet',
  false,
  '-s --silent -S --show-error -v --verbose -i --include -L --location --compressed -f --fail --fail-with-body -g --globoff -N --no-buffer -0 --http1.0 --http1.1 --http2 --http2-prior-knowledge --http3 --http3-only -# --progress-bar --no-progress-meter -O --remote-name -J --remote-header-name -R --remote-time --create-dirs -4 --ipv4 -6 --ipv6 --tcp-nodelay --path-as-is --raw --tr-encoding --no-keepalive --styled-output --no-styled-output -Z --parallel --retry-connrefused -j --junk-session-cookies -l --list-only -B --use-ascii -M --manual -q --disable -a --append -p --proxytunnel --tlsv1 --tlsv1.0 --tlsv1.1 --tlsv1.2 --tlsv1.3 -1 -2 -3 --sslv2 --sslv3 --false-start --no-alpn --no-npn --no-sessionid --remote-name-all --suppress-connect-headers --xattr --compressed-ssh --fail-early --no-clobber --remove-on-error',
);

function encodeComponent(text: string): string {
  // What curl's --data-urlencode does: everything but unreserved characters percent-encoded.
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Reads the options of a curl command line (the words after `curl`). */
export function parseCurlOptions(allWords: string[], stdin: string | undefined): CurlOptions {
  const start = allWords.findIndex((w) => /(^|[/\\])curl(\.exe)?$/i.test(w));
  if (start < 0) {
    throw new AppError('import_failed', 'This is not a curl command: it should start with "curl".');
  }
  const words = allWords.slice(start + 1);
  const o: CurlOptions = {
    urls: [],
    headers: [],
    json: false,
    get: false,
    head: false,
    cookies: false,
    formFields: [],
    query: [],
    insecure: false,
    warnings: [],
  };
  const parts: string[] = [];
  let fromStdin: string | undefined;
  const noted = new Set<string>();
  const note = (text: string) => {
    if (!noted.has(text)) o.warnings.push(text);
    noted.add(text);
  };

  /** The text of a data option's value: `@-` is the here-document, `@file` cannot be read. */
  const dataValue = (value: string, stripNewlines: boolean, flag: string): string | undefined => {
    if (!value.startsWith('@')) return value;
    if (value === '@-' && stdin !== undefined) {
      fromStdin = stdin.replace(/\n$/, '');
      return stripNewlines ? stdin.replace(/[\r\n]/g, '') : stdin;
    }
    note(
      `${flag} ${value.slice(0, 80)} reads a file, which the import does not do: paste the file's content into the body.`,
    );
    return undefined;
  };

  const apply = (spec: Spec, flag: string, value: string) => {
    switch (spec.handler) {
      case 'request':
        o.method = value;
        break;
      case 'header': {
        const colon = value.indexOf(':');
        const semi = value.indexOf(';');
        if (colon < 0 && semi === value.length - 1 && semi > 0) {
          o.headers.push({ name: value.slice(0, -1).trim(), value: '', enabled: true });
        } else if (colon <= 0) {
          note(`The header "${value.slice(0, 80)}" has no "Name: value" form and was ignored.`);
        } else if (value.slice(colon + 1).trim() === '') {
          note(`"${value.slice(0, colon)}:" with no value removes a header in curl; ignored.`);
        } else {
          o.headers.push({
            name: value.slice(0, colon).trim(),
            value: value.slice(colon + 1).replace(/^[ \t]+/, ''),
            enabled: true,
          });
        }
        break;
      }
      case 'data':
      case 'data-binary':
      case 'json': {
        const text = dataValue(value, spec.handler === 'data', flag);
        if (text !== undefined) parts.push(text);
        if (spec.handler === 'json') o.json = true;
        break;
      }
      case 'data-raw':
        parts.push(value);
        break;
      case 'data-urlencode': {
        const eq = value.indexOf('=');
        const at = value.indexOf('@');
        if (at >= 0 && (eq < 0 || at < eq)) {
          note(
            `--data-urlencode ${value.slice(0, 80)} reads a file, which the import does not do.`,
          );
          break;
        }
        if (eq < 0) parts.push(encodeComponent(value));
        else if (eq === 0) parts.push(encodeComponent(value.slice(1)));
        else parts.push(`${value.slice(0, eq)}=${encodeComponent(value.slice(eq + 1))}`);
        break;
      }
      case 'url-query': {
        const eq = value.indexOf('=');
        if (eq > 0)
          o.query.push({ name: value.slice(0, eq), value: value.slice(eq + 1), enabled: true });
        else note(`--url-query ${value.slice(0, 80)} is not name=value; ignored.`);
        break;
      }
      case 'user':
        o.user = value;
        break;
      case 'oauth2-bearer':
        o.bearer = value;
        break;
      case 'url':
        o.urls.push(value);
        break;
      case 'user-agent':
        o.headers.push({ name: 'User-Agent', value, enabled: true });
        break;
      case 'referer':
        o.headers.push({ name: 'Referer', value: value.replace(/;auto$/, ''), enabled: true });
        break;
      case 'cookie':
        o.cookies = true;
        break;
      case 'form':
      case 'form-string': {
        const eq = value.indexOf('=');
        const content = eq > 0 ? value.slice(eq + 1) : '';
        if (eq <= 0 || (spec.handler === 'form' && /^[@<]/.test(content))) {
          note(`The form part "${value.slice(0, 80)}" (a file upload) was left out.`);
        } else {
          o.formFields.push({ name: value.slice(0, eq), value: content, enabled: true });
        }
        break;
      }
      case 'get':
        o.get = true;
        break;
      case 'head':
        o.head = true;
        break;
      case 'insecure':
        o.insecure = true;
        note(
          "-k/--insecure was noted but not applied: the console never turns off certificate checks per request. Add the server's CA bundle to the connection instead.",
        );
        break;
      case 'upload':
        note(`${flag} uploads a file, which the import does not do; the body was left empty.`);
        break;
      case 'config':
        note(`${flag} reads options from a file, which the import does not do.`);
        break;
      case 'connection':
        note(
          `${flag} belongs to the connection (proxy, TLS, timeouts, sign-in): set it there. It was ignored.`,
        );
        break;
      case 'quiet':
        break;
    }
  };

  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      o.urls.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = w.slice(2, eq > 0 ? eq : undefined);
      const spec =
        LONG[name] ??
        (name.startsWith('no-') ? { handler: 'quiet' as const, arg: false } : undefined);
      if (!spec) {
        note(`Unknown option --${name.slice(0, 60)} was ignored.`);
        continue;
      }
      if (!spec.arg) {
        apply(spec, `--${name}`, '');
        continue;
      }
      const value = eq > 0 ? w.slice(eq + 1) : words[++i];
      if (value === undefined) throw new AppError('import_failed', `--${name} needs a value.`);
      apply(spec, `--${name}`, value);
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const flag = w[j]!;
        const spec = SHORT[flag];
        if (!spec) {
          note(`Unknown option -${flag} was ignored.`);
          continue;
        }
        if (!spec.arg) {
          apply(spec, `-${flag}`, '');
          continue;
        }
        const rest = w.slice(j + 1);
        const value = rest !== '' ? rest : words[++i];
        if (value === undefined) throw new AppError('import_failed', `-${flag} needs a value.`);
        apply(spec, `-${flag}`, value);
        break;
      }
      continue;
    }
    o.urls.push(w);
  }

  if (o.urls.length === 0) throw new AppError('import_failed', 'The command has no URL.');
  if (o.urls.length > 1)
    note(`The command names ${o.urls.length} URLs; only the first was imported.`);
  if (parts.length) o.data = parts.join('&');
  if (parts.length === 1 && fromStdin !== undefined) o.jsonText = fromStdin;
  return o;
}
