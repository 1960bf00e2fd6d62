// ESLint: the recommended rules of ESLint and typescript-eslint (without type information, so the
// whole tree lints in seconds; `npm run typecheck` is the type check), formatting left to Prettier
// (eslint-config-prettier). Part of `npm run lint`. A rule turned off says why, in one line.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const readonly = (names) => Object.fromEntries(names.map((n) => [n, 'readonly']));
// Node's globals for the plain JavaScript files (TypeScript files are checked by tsc instead).
const nodeGlobals = readonly([
  'process',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'console',
  'Buffer',
  'URL',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'fetch',
  'AbortController',
  'TextEncoder',
  'TextDecoder',
  'structuredClone',
]);
const browserGlobals = readonly([
  'window',
  'document',
  'location',
  'navigator',
  'fetch',
  'console',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'URLSearchParams',
  'localStorage',
  'sessionStorage',
]);

export default defineConfig(
  {
    // Dependencies, generated code, run-time data and build output.
    ignores: ['node_modules/', 'prisma/generated/', 'prisma/migrations/', 'tests/histories/', '.tools/', 'data/', 'artifacts/', 'coverage/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  prettier,
  {
    rules: {
      // The house style names what is unused on purpose with a leading underscore (Express's `_next`, an omitted field).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Off: the patterns that find and refuse control characters in names and documents mean exactly those characters.
      'no-control-regex': 'off',
      // Off: require() loads a module lazily, after the environment is set or only when needed (benchmarks, tests, tools).
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['tests/**', 'scripts/**'],
    // Off: tests and benchmarks read untyped JSON answers and poke at internals; the product code keeps the rule.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['ui/**/*.js'],
    languageOptions: { sourceType: 'script', globals: browserGlobals },
  },
);
