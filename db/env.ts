import { z } from 'zod';

/** The database settings the app's client reads (db/index.ts), validated once on first use. */
export const databaseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is not set: start the app with `npm run dev` or `npm start`, which provide it' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(8),
  // Behind PgBouncer 1.18 in transaction mode a named prepared statement may land on another server
  // connection: `false` there (docs/decisions/0009).
  DB_PREPARE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Deadlines (docs/decisions/0009): a request waits at most about acquire + statement + 1 s on the database.
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(3000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(1).default(2000),
});

export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

let cached: DatabaseEnv | undefined;

/** Validated once, on first use: `next build` imports server modules without a database. */
export function databaseEnv(): DatabaseEnv {
  if (cached) return cached;
  const parsed = databaseEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
