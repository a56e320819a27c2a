import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.data/',
      'test-output/',
      'drizzle/migrations/',
      'dist/',
      'subgraphs/*/resolverTypes.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // `as never` silences the type checker wholesale; source states the type it means (tests may not,
    // where they hand malformed values on purpose).
    files: [
      'bin/**/*.ts',
      'gateway/**/*.ts',
      'runtime/**/*.ts',
      'subgraphs/**/*.ts',
      'seed/**/*.ts',
      'drizzle/**/*.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'TSAsExpression > TSNeverKeyword', message: 'No `as never` in source: name the type.' },
      ],
    },
  },
  {
    // The import check's configuration is CommonJS, as dependency-cruiser reads it.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // Tests walk untyped GraphQL response bodies.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
