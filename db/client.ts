import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export interface DatabaseOptions {
  max?: number;
  connectTimeoutSeconds?: number;
}

/** Every connection pool in the project is made here: the app's, the scripts', the tests'. */
export function createDatabase(url: string, { max = 1, connectTimeoutSeconds = 5 }: DatabaseOptions = {}) {
  const client = postgres(url, { max, connect_timeout: connectTimeoutSeconds, onnotice: () => {} });
  return { db: drizzle({ client, schema }), client, close: () => client.end({ timeout: 5 }) };
}
