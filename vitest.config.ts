import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // Tests run server modules directly; the marker only guards client bundles.
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time even on two cores: one file leaves most of the second core idle (waiting on PostgreSQL,
    // on child processes), 190 s → 150 s (issue 28.21). Files share one database, so a test never counts rows it
    // did not make, and one that locks shared objects has a database of its own (test/sql-source.test.ts).
    maxWorkers: 2,
  },
});
