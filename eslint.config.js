// Lint config. The layer rule from docs/design.md §2 is an allow-list (eslint.layers.js): a wrong import
// across layers fails `npm test` (test/unit/tooling/layers.test.ts proves it on planted violations).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { layersPlugin } from './eslint.layers.js';

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
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx,mts,cts}'],
    plugins: { cloudtop: layersPlugin },
    rules: { 'cloudtop/layers': 'error' },
  },
  // CLI cold start (docs/architecture.md, "CLI start-up"): no zod schema is built when a module loads.
  {
    files: ['src/shared/**/*.ts', 'src/core/**/*.ts', 'src/node/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['Program > VariableDeclaration', 'Program > ExportNamedDeclaration > VariableDeclaration'].map((decl) => ({
          selector: `${decl} > VariableDeclarator > CallExpression.init[callee.name!='lazySchema']:has(MemberExpression[object.name='z'])`,
          message:
            'Module-level zod schemas are built on first use: wrap it in lazySchema(() => …) from src/shared/model/lazy-schema.ts.',
        })),
        {
          selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z']",
          message: "Use `import * as z from 'zod'`: the bundler then leaves out what is not used (zod's locales).",
        },
      ],
    },
  },
);
