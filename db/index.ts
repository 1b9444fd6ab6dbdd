import 'server-only';
import { databaseEnv } from './env';
import { createDatabase } from './client';

export type Database = ReturnType<typeof createDatabase>['db'];

// Kept on globalThis so that dev hot reloads reuse one pool instead of leaking connections.
const globalForDb = globalThis as unknown as { curriculabDb?: Database };

/** The app's one database client, created on first use (a `next build` has no database). */
export function db(): Database {
  if (!globalForDb.curriculabDb) {
    const env = databaseEnv();
    globalForDb.curriculabDb = createDatabase(env.DATABASE_URL, {
      max: env.DB_POOL_MAX,
      prepare: env.DB_PREPARE,
      deadlines: {
        statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
        idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        acquireTimeoutMs: env.DB_ACQUIRE_TIMEOUT_MS,
      },
    }).db;
  }
  return globalForDb.curriculabDb;
}
