// Flat-config presets shared by every package; the root eslint.config.mjs applies them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Files no package lints: build output, dependencies, generated fixtures. */
export const ignores = {
  ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/.turbo/**', '**/*.cjs', '**/*.mjs'],
};

/** The TypeScript preset: recommended rules plus the few we hold to everywhere. */
export const typescript = [
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Tests may use non-null assertions and loose any for fixtures.
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
];

/**
 * Type-aware promise rules (a service cannot afford an unhandled rejection): add to a package's
 * eslint.config.mjs as `...promises(import.meta.dirname)`; the package's tsconfig.json must cover
 * every linted file.
 */
export function promises(tsconfigRootDir) {
  return [
    {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-misused-promises': 'error',
        '@typescript-eslint/await-thenable': 'error',
      },
    },
  ];
}

export default [ignores, ...typescript];
