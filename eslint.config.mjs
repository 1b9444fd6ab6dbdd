import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';
import drizzle from 'eslint-plugin-drizzle';

/** An import pattern refusing the given top-level folders, by alias or by relative path. */
const layer = (folders, message) => ({
  group: folders.flatMap((f) => [`@/${f}`, `@/${f}/**`, `../${f}`, `../${f}/**`, `../../${f}/**`, `../../../${f}/**`]),
  message,
});

const TOOLING = {
  group: ['@/db/tooling/**', '../tooling/**', './tooling/**', '**/db/tooling/**'],
  message: 'db/tooling is developer tooling, not the app',
};
const restrict = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

// Every handle a write goes through: the app's pool (`db()` returns it, `database` receives it), and transactions.
const DRIZZLE_HANDLES = ['db', 'tx', 'database'];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle },
    rules: {
      // A bulk UPDATE or DELETE without WHERE on enrollments would silently move seats.
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: DRIZZLE_HANDLES }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: DRIZZLE_HANDLES }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  // Layers (docs/decisions/0017): core/ is pure and imports no other layer; db/ builds on core/ only; the app never
  // reaches into db/tooling (clusters, CLIs: scripts, tests, the bench and the stack use it).
  restrict(['core/**'], [layer(['db', 'lib', 'app'], 'core/ is the pure layer under db/ and lib/')]),
  restrict(['db/tooling/**'], [layer(['lib', 'app'], 'db/ builds on core/ only: lib/ and app/ build on db/')]),
  restrict(
    ['db/*.ts', 'db/queries/**'],
    [layer(['lib', 'app'], 'db/ builds on core/ only: lib/ and app/ build on db/'), TOOLING],
  ),
  restrict(['app/**', 'lib/**', '*.ts'], [TOOLING]),
  {
    // Playwright fixtures receive a `use` callback that is not React's hook; `{}` is their "no fixtures" pattern.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off', 'no-empty-pattern': 'off' },
  },
  prettier,
  globalIgnores([
    '.next/**',
    'node_modules/**',
    '.data/**',
    'next-env.d.ts',
    'test-results/**',
    'playwright-report/**',
    'bench-results/**',
  ]),
]);
