import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { ConnectionGate, gatedClient } from './connection-gate';
import { socketWithResponseDeadline } from './response-deadline';
import * as schema from './schema';

/** How long a request may wait on the database (docs/decisions/0009). */
export interface Deadlines {
  /** statement_timeout, enforced by the server (0 leaves the server's setting). */
  statementTimeoutMs: number;
  /** idle_in_transaction_session_timeout: a transaction whose client went quiet is rolled back. */
  idleInTransactionTimeoutMs: number;
  /** How long a query may wait for a pooled connection before it is refused, unsent. */
  acquireTimeoutMs: number;
}

export interface DatabaseOptions {
  max?: number;
  connectTimeoutSeconds?: number;
  /** Named prepared statements; off behind PgBouncer 1.18 in transaction mode (docs/decisions/0009). */
  prepare?: boolean;
  /** Absent for scripts and tests (migrations may legitimately run long); the app always sets them. */
  deadlines?: Deadlines;
}

// The server is given this long past its own statement_timeout before we stop waiting for it.
const RESPONSE_GRACE_MS = 1000;

/** Reconnect delays after failures, capped at 1 s (postgres.js grows them to 20 s) so recovery is prompt. */
const reconnectBackoff = (attempt: number) => Math.min(0.05 * 2 ** attempt, 1);

/** Every connection pool in the project is made here: the app's, the scripts', the tests'. */
export function createDatabase(
  url: string,
  { max = 1, connectTimeoutSeconds = 5, prepare = true, deadlines }: DatabaseOptions = {},
) {
  const options: postgres.Options<Record<string, postgres.PostgresType>> & {
    socket?: (o: { host: string[]; port: number[] }) => unknown;
  } = {
    max,
    connect_timeout: connectTimeoutSeconds,
    prepare,
    backoff: reconnectBackoff,
    onnotice: () => {},
  };
  if (deadlines) {
    // Startup parameters, so every connection has them from its first statement. PgBouncer 1.18 refuses
    // unknown startup parameters: the stack lists these in ignore_startup_parameters and sets the same values on
    // its server connections with connect_query (stack/pgbouncer.ts).
    options.connection = {
      statement_timeout: deadlines.statementTimeoutMs,
      idle_in_transaction_session_timeout: deadlines.idleInTransactionTimeoutMs,
    };
    const responseDeadlineMs = (deadlines.statementTimeoutMs || 30_000) + RESPONSE_GRACE_MS;
    if (!usesTls(url)) {
      options.socket = ({ host, port }) =>
        socketWithResponseDeadline(host[0] ?? '127.0.0.1', port[0] ?? 5432, responseDeadlineMs);
    }
  }
  const client = postgres(url, options);
  const gate = deadlines ? new ConnectionGate(max, deadlines.acquireTimeoutMs) : undefined;
  const driver = gate ? gatedClient(client, gate) : client;
  return { db: drizzle({ client: driver, schema }), client, gate, close: () => client.end({ timeout: 5 }) };
}

function usesTls(url: string): boolean {
  try {
    const params = new URL(url).searchParams;
    const mode = params.get('sslmode') ?? params.get('ssl');
    return mode !== null && mode !== 'disable' && mode !== 'false';
  } catch {
    return false;
  }
}
