import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  // DRIZZLE_OUT: a copy of drizzle/, for test/schema-snapshot.test.ts (it must find no change to generate).
  out: process.env.DRIZZLE_OUT ?? './drizzle',
  // Only `db:generate` uses this file; migrations are applied by db/tooling/migrate.ts.
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://unused' },
  strict: true,
});
