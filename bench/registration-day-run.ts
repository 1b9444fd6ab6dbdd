/** The registration-day run: its own database at scale, the built app, the scenario, the report. */
import { createDatabase } from '../db/client';
import { unwrapPgError } from '../db/errors';
import { migrateDatabase } from '../db/tooling/migrate';
import { startAppServers, type AppServers } from './app-server';
import { openBenchDatabase } from './database';
import type { BenchOptions } from './options';
import { Progress } from './progress';
import { runRegistrationDay } from './registration-day';
import { dayGoals, renderDayText, writeDayArtifacts } from './registration-day-report';

/** Exit code: 1 when an invariant broke (over-enrollment, drift) or the run failed; the other goals are printed. */
export async function registrationDayBench(options: BenchOptions): Promise<number> {
  if (options.baseUrl) {
    console.error('--registration-day seeds its own term at scale: it starts its own app (drop --base-url)');
    return 1;
  }
  const startedAt = new Date().toISOString();
  const database = await openBenchDatabase(options);
  const admin = createDatabase(database.url, { max: 4 });
  let servers: AppServers | undefined;
  try {
    await migrateDatabase(database.url);
    const progress = new Progress(5 + options.rates.length * (options.appointments ? 2 : 1));
    // One app-server count: the first of --instances (1 unless asked).
    const instances = options.instances[0] ?? 1;
    progress.step(`registration day: starting ${instances} × app server (server/main.ts)`);
    servers = await startAppServers(database.url, instances, options.appPool);
    const result = await runRegistrationDay(options, admin.db, servers.bases, servers.pids, progress);
    progress.finish();
    const goals = dayGoals(result);
    const text = renderDayText(result, goals);
    console.log(`\n${text}`);
    const written = await writeDayArtifacts(result, text, startedAt, options.outDir);
    console.log(`\nWrote ${written.join(', ')}`);
    const { audit } = result;
    return audit.overEnrolled ||
      audit.countDrift ||
      audit.ruleDrift ||
      audit.waitlistDrift ||
      audit.seatPoolDrift ||
      audit.historyDrift
      ? 1
      : 0;
  } catch (error) {
    const { code } = unwrapPgError(error);
    console.error(`\nregistration day failed${code ? ` (SQLSTATE ${code})` : ''}:`, error instanceof Error ? error.stack : error);
    return 1;
  } finally {
    await servers?.stop();
    await admin.close();
    await database.drop();
  }
}
