/**
 * `npm run stack -- --ha`: the HA formation (stack/ha/cluster.ts) migrated and seeded with the demo data, the
 * stack in front of it, until Ctrl-C; then everything it started is stopped and its folders removed.
 */
import { createDatabase } from '../../db/client';
import { seedDemoData } from '../../db/tooling/seed';
import { MissingBinaryError } from '../system';
import { requireHaBinaries } from './cluster';
import { startHaStack, type HaStack } from './ha-stack';

export interface HaStackCommand {
  servers: number;
  port: number;
  databaseConnections: number;
  authSecret: string;
  quiet: boolean;
}

/** Never returns: the process exits on Ctrl-C/SIGTERM (0) or when the stack cannot start (1). */
export async function runHaStack(command: HaStackCommand): Promise<never> {
  if (process.env.DATABASE_URL) {
    console.error('--ha makes its own PostgreSQL formation: unset DATABASE_URL to use it');
    process.exit(2);
  }
  try {
    requireHaBinaries();
  } catch (error) {
    if (!(error instanceof MissingBinaryError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  let ha: HaStack | undefined;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    // Mid-start, the parts are not all known yet: stop them once startHaStack returns (below).
    if (!ha) return console.log('[stack] stopping as soon as the start-up finishes');
    console.log('[stack] stopping HAProxy, app servers, PgBouncer, both PostgreSQL nodes and the monitor');
    await ha?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  try {
    console.log(
      `[stack] starting a pg_auto_failover monitor, a primary and a synchronous standby, then PgBouncer, ${command.servers} app server(s) and HAProxy`,
    );
    ha = await startHaStack({
      servers: command.servers,
      port: command.port,
      databaseConnections: command.databaseConnections,
      authSecret: command.authSecret,
      log: command.quiet ? undefined : (source, line) => console.log(`[${source}] ${line}`),
      async prepare(url) {
        const { db, close } = createDatabase(url, { max: 4 });
        const summary = await seedDemoData(db).finally(close);
        console.log(`[postgres] migrated; demo data ready: ${summary.users} accounts, ${summary.sections} sections`);
      },
    });
  } catch (error) {
    console.error(`[stack] could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (stopping) {
    stopping = false;
    await shutdown();
  }
  const { stack, cluster } = ha;
  const states = await cluster.states();
  console.log(`[stack] HAProxy stats: ${stack.haproxy.statsUrl}`);
  console.log(
    `[stack] app servers: ${stack.apps.map((a) => a.url).join(', ')}; PgBouncer on 127.0.0.1:${stack.pgbouncer.port} → the primary`,
  );
  console.log(
    `[stack] formation: ${states.map((s) => `${s.name} 127.0.0.1:${s.port} ${s.reported}`).join(', ')}; monitor ${cluster.monitorUrl}`,
  );
  console.log(`\nDATABASE_URL=${ha.databaseUrl}`);
  console.log(`\nCurriculab is up at ${stack.url}  (Ctrl-C stops everything)\n`);
  return new Promise<never>(() => {});
}
