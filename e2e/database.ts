/**
 * Playwright's first web server: a throwaway database for one e2e run (embedded, or a fresh database on
 * DATABASE_URL's server), migrated and loaded with demo data. It prints the URL for the app servers and the
 * fixtures, then lives until Playwright stops it.
 */
import fs from 'node:fs';
import { createDatabase } from '../db/client';
import { migrateDatabase } from '../db/tooling/migrate';
import { seedDemoData } from '../db/tooling/seed';
import { createThrowawayDatabase } from '../db/tooling/throwaway-database';
import { E2E_MAIL_DIR, E2E_SMTP_PORT } from './mail';
import { startMailSink } from '../testing/mail-sink';

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
// The app servers mail here (playwright.config.ts); /dev/mail reads what it kept.
fs.rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
await startMailSink({ port: E2E_SMTP_PORT, dir: E2E_MAIL_DIR });
console.log(`E2E_DATABASE_URL=${database.url}`);
setInterval(() => {}, 1 << 30);
