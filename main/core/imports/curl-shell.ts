import { parse, type ParseEntry } from 'shell-quote';
import { AppError } from '../errors';

/**
 * Turns a pasted shell command into words the way bash would, without
 * running anything: quotes, `\` line continuations, `$'…'` strings (Chrome's
 * "Copy as cURL"), one here-document (`--data @- <<EOF`, as our own code
 * generator writes it) and `$VARIABLES`, which are kept as text. Words come
 * from shell-quote; what follows a pipe, `&&` or `;` is left out.
 */
export interface ShellWords {
  words: string[];
  /** The here-document's text, for `@-` (curl's "read from standard input"). */
  stdin?: string;
  warnings: string[];
}

function invalid(message: string): AppError {
  return new AppError('import_failed', message);
}

interface Heredoc {
  /** The command without the here-document's operator and lines. */
  text: string;
  stdin: string;
}

/** Finds the first `<<DELIM` outside quotes and the lines it reads, up to the delimiter line. */
function findHeredoc(text: string): Heredoc | undefined {
  let quote: "'" | '"' | '$' | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      continue;
    }
    if (quote === '"' || quote === '$') {
      if (ch === '\\') i++;
      else if ((quote === '"' && ch === '"') || (quote === '$' && ch === "'")) quote = null;
      continue;
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === "'") quote = "'";
    else if (ch === '"') quote = '"';
    else if (ch === '$' && text[i + 1] === "'") {
      quote = '$';
      i++;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return undefined;
      i = nl;
    } else if (ch === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      const m = /^<<(-?)[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z0-9_]+))/.exec(text.slice(i));
      if (!m) continue;
      const stripTabs = m[1] === '-';
      const delim = m[2] ?? m[3] ?? m[4]!;
      const lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0) throw invalid(`The here-document <<${delim} has no lines.`);
      const lines = text.slice(lineEnd + 1).split('\n');
      const body: string[] = [];
      let consumed = lineEnd + 1;
      let closed = false;
      for (const line of lines) {
        consumed += line.length + 1;
        const cmp = stripTabs ? line.replace(/^\t+/, '') : line;
        if (cmp === delim) {
          closed = true;
          break;
        }
        body.push(stripTabs ? cmp : line);
      }
      if (!closed) throw invalid(`The here-document <<${delim} never ends (no line "${delim}").`);
      const stdin = body.map((l) => `${l}\n`).join('');
      // The operator goes; the rest of its line stays (`<<EOF | jq` keeps the pipe).
      const rest = text.slice(i + m[0].length, lineEnd + 1);
      const after = text.slice(Math.min(consumed, text.length));
      return { text: `${text.slice(0, i)}${rest}${after}`, stdin };
    }
  }
  if (quote)
    throw invalid('The command has a quote that is never closed. Paste the whole command.');
  return undefined;
}

/** Splits a pasted command into words; `$VARS` stay as written, nothing is expanded or run. */
export function shellWords(command: string): ShellWords {
  const warnings: string[] = [];
  let text = command.replace(/\r\n?/g, '\n').trim();
  let stdin: string | undefined;
  const heredoc = findHeredoc(text);
  if (heredoc) {
    text = heredoc.text;
    stdin = heredoc.stdin;
  }
  if (/\^\n|\^"/.test(text) && !/\\\n/.test(text)) {
    warnings.push(
      'This looks like a Windows cmd command (^ escapes); copy it as "cURL (bash)" for an exact import.',
    );
  }
  // Backslash-newline continues the line (bash); outside single quotes that is the only reading.
  text = text.replace(/\\\n/g, ' ');
  const braced = new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!));
  let entries: ParseEntry[];
  try {
    entries = parse(text, (name: string) =>
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && braced.has(name) ? `\${${name}}` : `$${name}`,
    );
  } catch (err) {
    throw invalid(`The command could not be read as a shell command: ${(err as Error).message}.`);
  }
  const words: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (typeof e === 'string') {
      words.push(e);
      continue;
    }
    if ('comment' in e) continue;
    if (e.op === 'glob') {
      words.push((e as { pattern: string }).pattern);
      continue;
    }
    if (e.op === '>' || e.op === '>>' || e.op === '<' || e.op === '>&') {
      warnings.push(`The redirection "${e.op}" was ignored.`);
      // Its target is the next word.
      if (typeof entries[i + 1] === 'string') i++;
      continue;
    }
    warnings.push(`Everything after "${e.op}" was left out (only the curl command is imported).`);
    break;
  }
  return { words, ...(stdin !== undefined ? { stdin } : {}), warnings };
}
