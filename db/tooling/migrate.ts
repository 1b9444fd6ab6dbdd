import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { createDatabase } from '../client';
import { parseCommandLine } from '../../scripts/command-line';
import { runDatabaseCli } from './cli';
import { PROJECT_ROOT } from './local-database';

export const MIGRATIONS_FOLDER = path.join(PROJECT_ROOT, 'drizzle');

/** Applies pending migrations over one connection; returns how many were applied. */
export async function migrateDatabase(url: string): Promise<number> {
  const { db, close } = createDatabase(url, { max: 1 });
  try {
    const applied = async () => {
      const [table] = await db.execute<{ exists: boolean }>(
        sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS exists`,
      );
      if (!table?.exists) return 0;
      const [row] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
      return row?.n ?? 0;
    };
    const before = await applied();
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return (await applied()) - before;
  } finally {
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  parseCommandLine('npm run db:migrate   (no options: DATABASE_URL, or MIGRATION_DATABASE_URL, names the server)', {});
  runDatabaseCli(
    'db:migrate',
    async (url, target) => {
      const count = await migrateDatabase(url);
      console.log(count ? `Applied ${count} migration(s) to ${target}` : `Database ${target} is up to date`);
    },
    { owner: true },
  );
}
