import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';

/**
 * `no-restricted-imports` only sees static imports; these catch `require('electron')` and
 * `import('electron')` (and their `electron/…` subpaths), which would slip past it.
 */
function electronCallsForbidden(message) {
  const electron = '/^electron(\\u002F.*)?$/';
  return [
    'error',
    { selector: `CallExpression[callee.name='require'][arguments.0.value=${electron}]`, message },
    { selector: `ImportExpression[source.value=${electron}]`, message },
  ];
}

export default tseslint.config(
  {
    // The same folders .gitignore leaves out: build output and local scratch.
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
      '.data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // TypeScript already reports undefined names (DOM types included); no-undef only misfires.
    files: ['**/*.ts', '**/*.vue'],
    rules: { 'no-undef': 'off' },
  },
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    // main/core is plain Node: it is tested without Electron and reused by the browser host.
    files: ['main/core/**/*.ts', 'main/demo/**/*.ts', 'main/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'main/core, main/demo and main/host must not import electron.',
            },
          ],
          patterns: [{ group: ['electron/*'], message: 'main/core must not import electron.' }],
        },
      ],
      'no-restricted-syntax': electronCallsForbidden(
        'main/core, main/demo and main/host must not load electron (they run in plain Node).',
      ),
    },
  },
  {
    // The renderer talks to main only through the typed api client.
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The renderer never imports electron.' }] },
      ],
      'no-restricted-syntax': electronCallsForbidden('The renderer never loads electron.'),
    },
  },
  prettier,
);
