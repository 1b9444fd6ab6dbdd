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
const DB_LAYER = 'db/ builds on core/ only: lib/ and app/ build on db/';
const restrict = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

// Every handle a write goes through: the app's pool (`db()` returns it, `database` receives it), and transactions.
const DRIZZLE_HANDLES = ['db', 'tx', 'database'];

/** A test suite's own files (test data factories live in testing/). */
const SUITES = { regex: '(^|/)(test|e2e)/', message: 'Suites are not imported: shared test data is in testing/.' };
/** app/'s page and route folders; app/_components is shared UI. */
const ROUTE_FOLDERS = {
  regex: '(^@/|(^|/))app/(?!_components/)',
  message: 'Shared code does not import a page or route folder: move what both need to lib/ or app/_components.',
};
// lib/web/client-address (with the balancer check beside it) is the one left to move to lib/auth.
const LIB_WEB = {
  regex: '(^|/)lib/web/(?!client-address$)',
  message: 'auth.ts is below lib/web (which imports it): what it needs lives in lib/auth.',
};

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
  // Layers (docs/decisions/0017, 0020), each folder importing only what is below it. A file takes the last block
  // that names it, so each block lists every pattern that applies to its files.
  restrict(['app/**', '*.ts'], [TOOLING]),
  // Shared code never reaches into a page or route folder (what a route needs moves to lib/ or app/_components).
  restrict(['lib/**', 'app/_components/**', 'proxy.ts', 'instrumentation.ts'], [TOOLING, SUITES, ROUTE_FOLDERS]),
  // The session plumbing: lib/web uses auth.ts; auth.ts builds on lib/auth and lib/domain, never on lib/web.
  restrict(['auth.ts', 'auth.config.ts'], [TOOLING, SUITES, ROUTE_FOLDERS, LIB_WEB]),
  // Tools and the production topology share the test data factories through testing/, never a suite's files.
  restrict(['bench/**', 'faults/**', 'scripts/**', 'stack/**', 'server/**', 'testing/**'], [SUITES, ROUTE_FOLDERS]),
  // core/ is pure; db/ builds on core/ only, and the app's part of db/ never on db/tooling.
  restrict(['core/**'], [layer(['db', 'lib', 'app'], 'core/ is the pure layer under db/ and lib/'), SUITES]),
  restrict(['db/**'], [layer(['lib', 'app'], DB_LAYER), SUITES]),
  restrict(['db/*.ts', 'db/queries/**'], [layer(['lib', 'app'], DB_LAYER), SUITES, TOOLING]),
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
