// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** Layering (DESIGN.md §3): each folder may only import what its runtime has. */
const layering = [
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'shared/ is platform-free: no node:* imports.' },
            { group: ['electron', 'electron/*'], message: 'shared/ must not import electron.' },
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ imports only shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'electron/core and the CLI never import electron.' },
          ],
          patterns: [
            { group: ['electron/*'], message: 'electron/core and the CLI never import electron.' },
            {
              group: ['**/electron/main/**', '**/main/**'],
              message: 'core must not reach into the Electron shell.',
            },
            { group: ['**/renderer/**'], message: 'core must not import the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['electron/main/ipc.ts', 'electron/preload/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[object.name=/^ipc(Main|Renderer)$/]',
          message:
            'Use the contract: raw ipcMain/ipcRenderer only in electron/main/ipc.ts and preload.',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks only through the contract object.' },
          ],
          patterns: [
            { group: ['**/electron/**'], message: 'renderer/ never imports electron/.' },
            { group: ['node:*'], message: 'renderer/ runs in a browser: no node:* imports.' },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'electron/preload/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  ...layering,
  prettier,
);
