import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './drizzle',
  // Only `db:generate` uses this file; migrations are applied by db/tooling/migrate.ts.
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://unused' },
  strict: true,
});
