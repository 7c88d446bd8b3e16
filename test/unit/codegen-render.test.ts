import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findLiterals } from '../../main/core/codegen/literals';
import { renderValue, type ValuePart } from '../../main/core/codegen/render-literals';

const run = promisify(execFile);

/** Everything that breaks naive quoting somewhere. */
const NASTY = `it's "q" $x \`y\` \\ back ü 😀 !hist ‘s’ “d” \t tab\nline2 %s`;
const TOKEN = 'tok-VALUE_123';
const parts: ValuePart[] = [{ text: `${NASTY} [` }, { env: 'TOKEN2' }, { text: `]${NASTY}` }];
const expected = `${NASTY} [${TOKEN}]${NASTY}`;

describe('values as shell words', () => {
  for (const shell of ['bash', 'sh']) {
    it(`${shell} reads back the exact text, with the environment variable expanded`, async () => {
      const word = renderValue('shell', parts, 'text');
      const { stdout } = await run(shell, ['-c', `printf '%s' ${word}`], {
        env: { ...process.env, TOKEN2: TOKEN },
      });
      expect(stdout).toBe(expected);
      const plain = renderValue('shell', [{ text: NASTY }], 'body');
      expect((await run(shell, ['-c', `printf '%s' ${plain}`])).stdout).toBe(NASTY);
    });
  }

  it('reads like a person wrote it in the common case', () => {
    expect(
      renderValue('shell', [{ text: 'Authorization: ApiToken ' }, { env: 'S1_API_TOKEN' }], 'text'),
    ).toBe('"Authorization: ApiToken $S1_API_TOKEN"');
    expect(renderValue('shell', [{ env: 'A' }, { text: 'b' }], 'text')).toBe('"${A}b"');
    expect(renderValue('shell', [{ text: 'application/json' }], 'text')).toBe('application/json');
  });
});

describe('values as Python expressions', () => {
  it('python3 evaluates them to the exact text; bodies beyond ASCII go as UTF-8 bytes', async () => {
    const expr = renderValue('python', parts, 'text');
    expect(expr).toContain('os.environ["TOKEN2"]');
    const env = { ...process.env, TOKEN2: TOKEN };
    const text = await run('python3', ['-c', `import os, sys\nsys.stdout.write(${expr})`], {
      env: { ...env, PYTHONIOENCODING: 'utf-8' },
    });
    expect(text.stdout).toBe(expected);
    const body = renderValue('python', parts, 'body');
    expect(body).toMatch(/\.encode\("utf-8"\)$/);
    const bytes = await run('python3', ['-c', `import os, sys\nsys.stdout.buffer.write(${body})`], {
      env,
    });
    expect(bytes.stdout).toBe(expected);
    expect(renderValue('python', [{ text: '{"a":1}' }], 'body')).toBe('"{\\"a\\":1}"');
  });
});

describe('values as JavaScript expressions', () => {
  it('evaluate to the exact text with process.env', () => {
    const expr = renderValue('javascript', parts, 'text');
    expect(expr).toContain('process.env.TOKEN2');
    const value = new Function('process', `return ${expr};`)({ env: { TOKEN2: TOKEN } }) as string;
    expect(value).toBe(expected);
  });
});

describe('values as Go and PowerShell expressions (no toolchain here: checked by shape)', () => {
  it('Go concatenates JSON-quoted literals with os.Getenv', () => {
    const expr = renderValue('go', parts, 'text');
    const pieces = expr.split(' + ');
    expect(pieces[1]).toBe('os.Getenv("TOKEN2")');
    expect(JSON.parse(pieces[0]!) + TOKEN + JSON.parse(pieces[2]!)).toBe(expected);
  });

  it('PowerShell interpolates $env: in a double-quoted string and escapes the rest', () => {
    expect(
      renderValue('powershell', [{ text: 'ApiToken ' }, { env: 'S1_API_TOKEN' }], 'text'),
    ).toBe('"ApiToken $env:S1_API_TOKEN"');
    expect(renderValue('powershell', [{ env: 'A' }, { text: 'b$"`' }], 'text')).toBe(
      '"${env:A}b`$`"``"',
    );
    expect(renderValue('powershell', [{ text: "it's ‘x’" }], 'text')).toBe("'it''s ‘‘x’’'");
    // Our own PowerShell reader gets the text back (the variable stays as written).
    const lit = renderValue('powershell', [{ text: NASTY }, { env: 'T' }], 'text');
    expect(findLiterals(lit, 'powershell')[0]!.value).toBe(`${NASTY}$env:T`);
  });
});

describe('finding literals in generated code', () => {
  it('decodes C-like, shell and PowerShell literals', () => {
    expect(
      findLiterals(`x = "a\\"b\\n\\u00fc"; y = 'c\\'d'`, 'c-like').map((l) => l.value),
    ).toEqual(['a"b\nü', "c'd"]);
    expect(findLiterals('a `raw\\n` b', 'c-like', true)[0]!.value).toBe('raw\\n');
    const words = findLiterals(`curl --url 'a b'\\''c' \\\n  --header "x \\$y" z`, 'shell');
    expect(words.map((w) => w.value)).toEqual(['curl', '--url', "a b'c", '--header', 'x $y', 'z']);
    expect(findLiterals(`$h.Add("a""b", 'c''d')`, 'powershell').map((l) => l.value)).toEqual([
      'a"b',
      "c'd",
    ]);
  });
});
