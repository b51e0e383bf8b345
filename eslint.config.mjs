// ESLint with typescript-eslint's type-checked rules (`npm run lint`). The project service finds each file's tsconfig.json:
// the root one (src/, checks/), test/tsconfig.json and scripts/tsconfig.json; the three files outside them use the default project.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Generated or data, not code: YAML/JSON fixtures may hold .ts-named inputs, dist/ is the build.
  { ignores: ['dist/', 'action-dist/', 'coverage/', 'test/fixtures/', 'test/hostile/fixtures/', 'examples/', 'schemas/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.mjs', 'vitest.config.ts', 'checks/*/*.test.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Manifests are untrusted data of any shape, typed Record<string, any> on purpose and checked at run time where read.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // `async` without `await` is deliberate: a synchronous throw becomes a rejection, and test doubles implement async interfaces.
      '@typescript-eslint/require-await': 'off',
      // `_`-named bindings and the rest of an object destructured to leave some keys out are the ways the code says "unused".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `import type` for imports used only as types (no module loaded at run time for them); inline `import('x').T` types stay allowed.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // Rules beyond the recommended set that find defects, not style.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-deprecated': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Test assertions read JSON.parse'd reporter output, and the scripts are plain JavaScript (checkJs is off): both are `any` throughout.
    files: ['test/**', 'scripts/**', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Types in the scripts are inferred from untyped array literals (checkJs is off), so a template's operand type says little.
    files: ['scripts/**'],
    rules: { '@typescript-eslint/restrict-template-expressions': 'off' },
  },
  {
    // The fast reader compares charCodeAt() numbers with `const enum Ch`, a table of character codes.
    files: ['src/parse/fast-reader.ts'],
    rules: { '@typescript-eslint/no-unsafe-enum-comparison': 'off' },
  },
);
