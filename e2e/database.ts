/**
 * Playwright's first web server: a throwaway database for one e2e run (embedded, or a fresh database on
 * DATABASE_URL's server), migrated and loaded with demo data. It prints the URL for the app servers and the
 * fixtures, then lives until Playwright stops it.
 */
import { createDatabase } from '../db/client';
import { migrateDatabase } from '../db/tooling/migrate';
import { seedDemoData } from '../db/tooling/seed';
import { createThrowawayDatabase } from '../db/tooling/throwaway-database';

const database = await createThrowawayDatabase();
let dropping: Promise<void> | undefined;
const shutdown = () => {
  dropping ??= database.drop().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

try {
  await migrateDatabase(database.url);
  const { db, close } = createDatabase(database.url, { max: 4 });
  await seedDemoData(db).finally(close);
} catch (error) {
  console.error('e2e database could not be prepared:', error instanceof Error ? error.message : error);
  await database.drop();
  process.exit(1);
}
console.log(`E2E_DATABASE_URL=${database.url}`);
setInterval(() => {}, 1 << 30);
