/**
 * PgBouncer (Debian's 1.18) in transaction mode between the app servers and PostgreSQL. It holds the database
 * side of the pool rule (docs/decisions/0004: 8–16 server connections per two database cores) whatever the
 * number of app servers, and gives every server connection the app's deadlines.
 */
import path from 'node:path';
import type { Deadlines } from '../db/client';
import { freePort } from '../db/tooling/embedded';
import { startProcess, waitUntil, type ManagedProcess, type RunAs } from './managed-process';
import { acceptsTcp } from '../db/tooling/local-database';
import { findBinary, writePrivateFile } from './system';

export interface PgBouncerOptions {
  /** The PostgreSQL the pooler connects to (user, password and database are taken from it). */
  serverUrl: string;
  /** Server connections in all: default_pool_size and max_db_connections. */
  serverConnections: number;
  deadlines: Deadlines;
  dir: string;
  runAs: RunAs | undefined;
  port?: number;
  onLine?: (line: string) => void;
}

export interface PgBouncer {
  /** The URL the app servers use: the server URL's credentials and database, PgBouncer's port. */
  url: string;
  port: number;
  process(): ManagedProcess;
  /** Immediate shutdown (SIGTERM drops every client), then the same configuration on the same port. */
  restart(downMs?: number): Promise<void>;
  /**
   * Points the pool at another server (same credentials and database), keeping its clients: the configuration is
   * rewritten and reloaded (SIGHUP); PgBouncer closes each server connection to the old address once it is
   * released and opens new ones to the new address (docs/decisions/0021).
   */
  retarget(serverUrl: string): void;
  stop(): Promise<void>;
}

/** A value in a PgBouncer connection string: single-quoted, quotes and backslashes escaped. */
const connValue = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** A field of the auth file: double-quoted, double quotes doubled. */
const authField = (value: string) => `"${value.replace(/"/g, '""')}"`;

export function pgbouncerConfig(options: PgBouncerOptions & { port: number }): { ini: string; userlist: string } {
  const server = new URL(options.serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const database = decodeURIComponent(server.pathname.slice(1)) || user;
  const { statementTimeoutMs, idleInTransactionTimeoutMs, acquireTimeoutMs } = options.deadlines;
  // PgBouncer 1.18 rejects startup parameters it does not track, and cannot pass them on: the app's timeouts
  // (db/client.ts) are ignored at the door and set on each server connection instead.
  const connectQuery = `SET statement_timeout = ${statementTimeoutMs}; SET idle_in_transaction_session_timeout = ${idleInTransactionTimeoutMs}`;
  const target = [
    `host=${server.hostname}`,
    `port=${server.port || 5432}`,
    `dbname=${connValue(database)}`,
    `user=${connValue(user)}`,
    // PgBouncer 1.18 refuses `password=''` ("syntax error in connection string"): a server that trusts the
    // connection (trust, peer) gets none (issue 28 item 12).
    ...(password ? [`password=${connValue(password)}`] : []),
    `connect_query=${connValue(connectQuery)}`,
  ].join(' ');
  const ini = `;; Written by the Curriculab stack (stack/pgbouncer.ts) for one run.
[databases]
${database} = ${target}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${options.port}
unix_socket_dir =
${
  password
    ? 'auth_type = scram-sha-256'
    : ';; The server trusts this user without a password, so the pooler (on loopback only) does too.\nauth_type = trust'
}
auth_file = ${path.join(options.dir, 'userlist.txt')}
pool_mode = transaction
default_pool_size = ${options.serverConnections}
max_db_connections = ${options.serverConnections}
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = 2000
ignore_startup_parameters = statement_timeout,idle_in_transaction_session_timeout
;; A client waits for a server connection no longer than the app waits for a pooled one.
query_wait_timeout = ${Math.max(1, Math.ceil(acquireTimeoutMs / 1000))}
;; A failed login to PostgreSQL (down, restarting) is retried after 1 s; meanwhile clients get an error at once.
server_login_retry = 1
server_connect_timeout = 3
server_check_delay = 10
log_connections = 0
log_disconnections = 0
log_pooler_errors = 1
`;
  return { ini, userlist: `${authField(user)} ${authField(password)}\n` };
}

export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const binary = findBinary('pgbouncer');
  const port = options.port ?? (await freePort());
  const iniFile = path.join(options.dir, 'pgbouncer.ini');
  const configure = (serverUrl: string) => {
    const { ini, userlist } = pgbouncerConfig({ ...options, serverUrl, port });
    writePrivateFile(iniFile, ini, options.runAs);
    writePrivateFile(path.join(options.dir, 'userlist.txt'), userlist, options.runAs);
  };
  configure(options.serverUrl);

  const launch = async () => {
    const child = startProcess('pgbouncer', binary, [iniFile], {
      cwd: options.dir,
      runAs: options.runAs,
      onLine: options.onLine,
    });
    await waitUntil('PgBouncer', () => acceptsTcp(port), child, 20_000);
    return child;
  };
  let current = await launch();
  const url = new URL(options.serverUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    port,
    process: () => current,
    async restart(downMs = 0) {
      await current.stop('SIGTERM');
      if (downMs) await new Promise((resolve) => setTimeout(resolve, downMs));
      current = await launch();
    },
    retarget(serverUrl) {
      configure(serverUrl);
      current.child.kill('SIGHUP');
    },
    stop: () => current.stop('SIGTERM'),
  };
}
