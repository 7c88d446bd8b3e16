import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

const SNIPPETS = {
  'static import': "import { app } from 'electron';\nexport const name = app.name;\n",
  require: "const { app } = require('electron');\nexport const name = app.name;\n",
  'dynamic import': "export async function load() {\n  return import('electron');\n}\n",
  'require of a subpath': "export const common = require('electron/common');\n",
} as const;

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function electronProblems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe('ESLint keeps electron out of the plain-Node layers', () => {
  for (const dir of ['main/core', 'main/demo', 'main/host', 'renderer/src']) {
    for (const [name, code] of Object.entries(SNIPPETS)) {
      it(`reports a ${name} of electron in ${dir}/`, async () => {
        const problems = await electronProblems(code, `${dir}/x.ts`);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/electron/);
      });
    }
  }

  it('allows all of them in main/window/, and other modules in main/core/', async () => {
    for (const code of Object.values(SNIPPETS)) {
      expect(await electronProblems(code, 'main/window/x.ts')).toEqual([]);
    }
    const fine =
      "const fs = require('node:fs');\nexport const load = () => import('electron-store');\n";
    expect(await electronProblems(fine, 'main/core/x.ts')).toEqual([]);
  });
});
