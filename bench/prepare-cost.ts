/**
 * `npm run bench:prepare`: what `prepare: false` (needed behind PgBouncer 1.18 in transaction mode) costs the
 * app's enroll path, and what PgBouncer itself adds. enroll() through Drizzle, a pool of 8, 8 in flight,
 * alternating passes of each mode; the best pass of each is kept (noise on a shared machine only slows a run).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDatabase } from '../db/client';
import { migrateDatabase } from '../db/tooling/migrate';
import { enroll } from '../db/queries/enrollments';
import { createThrowawayDatabase } from '../db/tooling/throwaway-database';
import { deadlinesFromEnv } from '../stack/stack';
import { startPgBouncer } from '../stack/pgbouncer';
import { serviceUser } from '../stack/system';
import { createSection, createUsers } from '../testing/factories';
import { parseCommandLine } from '../scripts/command-line';

parseCommandLine('npm run bench:prepare   (no options; BENCH_ATTEMPTS=N enrollments a pass, default 3000)', {});

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 3000);
const PASSES = 3;

const database = await createThrowawayDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-prepare-'));
fs.chmodSync(dir, 0o755);
await migrateDatabase(database.url);
const owner = createDatabase(database.url, { max: 4 });
const students = await createUsers(owner.db, ATTEMPTS);
const bouncer = await startPgBouncer({
  serverUrl: database.url,
  serverConnections: 8,
  deadlines: deadlinesFromEnv(),
  dir,
  runAs: serviceUser(),
});

const modes = [
  { name: 'direct, prepare: true', url: database.url, prepare: true },
  { name: 'direct, prepare: false', url: database.url, prepare: false },
  { name: 'PgBouncer, prepare: false', url: bouncer.url, prepare: false },
];

/** Enrolls every student into a fresh section (room for all), 8 at a time; returns enrollments per second. */
async function pass(url: string, prepare: boolean): Promise<number> {
  const app = createDatabase(url, { max: 8, prepare, deadlines: deadlinesFromEnv() });
  const section = await createSection(owner.db, { capacity: ATTEMPTS });
  await app.db.execute(sql`SELECT 1`);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < students.length) {
        const result = await enroll(students[next++]!.id, section.id, app.db);
        if (!result.ok) throw new Error(`enroll failed: ${result.reason}`);
      }
    }),
  );
  const perSecond = ATTEMPTS / ((performance.now() - started) / 1000);
  await app.close();
  return perSecond;
}

const best = new Map<string, number>();
try {
  for (let p = 0; p < PASSES; p++) {
    for (const mode of p % 2 ? [...modes].reverse() : modes) {
      const rate = await pass(mode.url, mode.prepare);
      best.set(mode.name, Math.max(best.get(mode.name) ?? 0, rate));
    }
  }
  const base = best.get(modes[0]!.name)!;
  console.log(`enroll() through Drizzle, pool 8, ${ATTEMPTS} enrollments a pass, best of ${PASSES}:`);
  for (const mode of modes) {
    const rate = best.get(mode.name)!;
    console.log(`  ${mode.name.padEnd(28)} ${rate.toFixed(0).padStart(6)} /s  (${((rate / base - 1) * 100).toFixed(1)}%)`);
  }
} finally {
  await owner.close();
  await bouncer.stop();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
