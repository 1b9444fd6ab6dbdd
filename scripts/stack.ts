/**
 * `npm run stack -- --servers N --port P`: PostgreSQL (DATABASE_URL, else the embedded one `npm run dev` uses),
 * PgBouncer, N app servers (server/main.ts) and HAProxy on P, until Ctrl-C. See README "Running in production".
 */
import { describeUrl, openDatabase } from '../db/tooling/local-database';
import { buildApp, isBuilt } from '../server/command';
import { runHaStack } from '../stack/ha/run-ha-stack';
import { startStack } from '../stack/stack';
import { MissingBinaryError, findBinary } from '../stack/system';
import { parseCommandLine, wholeNumber } from './command-line';
import { developmentSecret, prepareDatabase } from './run-next';

const HELP = `npm run stack -- [--servers N] [--port P] [--db-connections C] [--ha] [--quiet]
  --servers N          app servers (server/main.ts) behind HAProxy (default 2)
  --port P             HAProxy's port on 127.0.0.1 (default 8080)
  --db-connections C   PostgreSQL connections PgBouncer opens in all (default 16: 8–16 per two database cores)
  --ha                 a pg_auto_failover monitor, primary and synchronous standby (Debian PostgreSQL 15) instead
                       of one PostgreSQL; prints DATABASE_URL=<multi-host url> (docs/decisions/0021)
  --quiet              do not print the servers' own output
DATABASE_URL: the PostgreSQL to use (migrated, not seeded); without it, the embedded one under .data/ with demo data.
AUTH_SECRET: the session secret shared by every app server (default: the development one in .data/).
`;

const { values } = parseCommandLine(HELP, {
  servers: { type: 'string' },
  port: { type: 'string' },
  'db-connections': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  ha: { type: 'boolean', default: false },
});
const servers = wholeNumber(HELP, '--servers', values.servers, 2);
const port = wholeNumber(HELP, '--port', values.port, 8080);
const databaseConnections = wholeNumber(HELP, '--db-connections', values['db-connections'], 16);

try {
  findBinary('pgbouncer');
  findBinary('haproxy');
} catch (error) {
  if (!(error instanceof MissingBinaryError)) throw error;
  console.error(error.message);
  process.exit(1);
}

if (!isBuilt()) buildApp('stack');

if (values.ha) {
  const authSecret = process.env.AUTH_SECRET ?? developmentSecret();
  await runHaStack({ servers, port, databaseConnections, authSecret, quiet: values.quiet });
}

const usingEmbedded = !process.env.DATABASE_URL;
const database = await openDatabase({ log: (line) => console.log(`[postgres] ${line}`), owner: true });
const target = describeUrl(database.url);
await prepareDatabase(database, { migrationUrl: database.url, seed: usingEmbedded });

let stopping: Promise<void> | undefined;
const shutdown = (stack?: { stop(): Promise<void> }) => {
  stopping ??= (async () => {
    console.log('[stack] stopping HAProxy, app servers, PgBouncer and the database it started');
    await stack?.stop();
    await database.close();
    process.exit(0);
  })();
  return stopping;
};
let current: { stop(): Promise<void> } | undefined;
process.on('SIGINT', () => void shutdown(current));
process.on('SIGTERM', () => void shutdown(current));

try {
  console.log(`[stack] starting PgBouncer, ${servers} app server(s) and HAProxy`);
  current = await startStack({
    databaseUrl: database.url,
    servers,
    port,
    databaseConnections,
    authSecret: process.env.AUTH_SECRET ?? developmentSecret(),
    log: values.quiet ? undefined : (source, line) => console.log(`[${source}] ${line}`),
  });
  if (stopping) await shutdown(current);
  const stack = current as Awaited<ReturnType<typeof startStack>>;
  console.log(`[stack] HAProxy stats: ${stack.haproxy.statsUrl} (user:password ${stack.haproxy.statsCredentials})`);
  console.log(
    `[stack] app servers: ${stack.apps.map((a) => a.url).join(', ')}; PgBouncer on 127.0.0.1:${stack.pgbouncer.port} → ${target}`,
  );
  console.log(`\nCurriculab is up at ${stack.url}  (Ctrl-C stops everything)\n`);
} catch (error) {
  console.error(`[stack] could not start: ${error instanceof Error ? error.message : String(error)}`);
  await database.close();
  process.exit(1);
}
