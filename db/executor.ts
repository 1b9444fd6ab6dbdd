import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type * as schema from './schema';

/** The app's pool, a transaction, or a dedicated connection (race tests, benchmark). */
export type Executor = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;
