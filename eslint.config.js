import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'dist-*', 'release', 'test-results', 'playwright-report', 'bench/results.json', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // shared/ must stay pure: no Node or DOM APIs (design.md)
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'crypto', 'electron', 'better-sqlite3'] }],
    },
  },
  {
    // A command module imports neither the station's wiring (index.ts) nor another command module:
    // what two areas share lives in a neutral module (queries.ts, phase.ts, candidates.ts, projection/).
    files: ['electron/station/commands/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['./*', '!./*/**'], message: 'Commands do not import each other: move what both need into a neutral module (design.md, Layout).' },
            { group: ['../index.js', '../index'], message: 'Commands get the station from ctx.station, never from index.ts.' },
          ],
        },
      ],
    },
  },
  {
    // Pages import neither the app shell nor each other's shell types: shared types live in api.ts, shared widgets in ui/.
    files: ['renderer/src/pages/**/*.tsx', 'renderer/src/ui/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../app', '../app.tsx', '../app.js'], message: 'Take Election/Opened from ../api and shared widgets from ../ui.' }] }],
    },
  },
);
