// Lint config. The layer rule from DESIGN.md §2 is enforced here with no-restricted-imports, so a
// wrong import across layers fails `npm test` (test/unit/tooling/layers.test.ts proves it on fixtures).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Only relative paths name our layers (`../core/x`); package names such as `@mantine/core` never match.
const layer = (name) => ({
  regex: `^(\\.{1,2}/)+(.*/)?${name}(/|$)`,
  message: `DESIGN.md §2: this layer may not import src/${name}`,
});
const electron = { name: 'electron', message: 'DESIGN.md §2: only src/main and src/preload may import electron' };
const nodeBuiltins = { regex: '^node:', message: 'DESIGN.md §2: this layer may not import node built-ins' };

export const layerRules = {
  'src/shared/**': {
    paths: [electron],
    patterns: [nodeBuiltins, ...['core', 'node', 'sim', 'main', 'preload', 'renderer'].map(layer)],
  },
  'src/core/**': { paths: [electron], patterns: ['node', 'sim', 'main', 'preload', 'renderer'].map((l) => layer(l)) },
  'src/node/**': { paths: [electron], patterns: ['main', 'preload', 'renderer'].map(layer) },
  'src/sim/**': { paths: [electron], patterns: ['main', 'preload', 'renderer', 'node'].map(layer) },
  'src/main/**': { paths: [], patterns: ['node', 'sim', 'renderer', 'preload'].map(layer) },
  'src/preload/**': { paths: [], patterns: [nodeBuiltins, ...['core', 'node', 'sim', 'main', 'renderer'].map(layer)] },
  'src/renderer/**': {
    paths: [electron],
    patterns: [nodeBuiltins, ...['core', 'node', 'sim', 'main', 'preload'].map(layer)],
  },
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'coverage/**',
      'reports/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'test/fixtures/**',
      'typings/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'off',
    },
  },
  { files: ['src/renderer/**', 'src/preload/**'], languageOptions: { globals: { ...globals.browser } } },
  ...Object.entries(layerRules).map(([files, { paths, patterns }]) => ({
    files: [files],
    rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
  })),
  {
    // Tests must never load the real electron package (it tries to download its binary).
    files: ['test/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'use test/mocks/electron.ts' }] }],
    },
  },
);
