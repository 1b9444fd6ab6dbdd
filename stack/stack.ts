/**
 * The production topology on one machine (issue 14, docs/decisions/0009):
 *
 *   clients → HAProxy :port → N × server/main.ts → PgBouncer (transaction mode) → PostgreSQL
 *
 * Used by `npm run stack`, the fault tests (faults/) and the e2e suite's stack mode (E2E_TOPOLOGY=stack).
 * Everything it starts lives in one temp folder and is stopped, and the folder removed, by stop().
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Deadlines } from '../db/client';
import { startAppServer, type AppServer } from './app-servers';
import { startHaproxy, type Haproxy } from './haproxy';
import { startPgBouncer, type PgBouncer } from './pgbouncer';
import { findBinary, serviceUser } from './system';
import { waitUntil } from './managed-process';

export interface StackOptions {
  /** The PostgreSQL to put PgBouncer in front of (already migrated). */
  databaseUrl: string;
  servers: number;
  port: number;
  /** Server connections PgBouncer opens in all (docs/decisions/0004: 8–16 per two database cores). */
  databaseConnections: number;
  /** Each app server's pool; by default the server connections shared out, so PgBouncer rarely queues. */
  appPool?: number;
  authSecret?: string;
  deadlines?: Deadlines;
  log?: (source: string, line: string) => void;
}

export interface Stack {
  url: string;
  pgbouncer: PgBouncer;
  haproxy: Haproxy;
  apps: AppServer[];
  authSecret: string;
  dir: string;
  stop(): Promise<void>;
}

/** The app's own defaults (lib/env.ts), unless the environment overrides them: PgBouncer must agree with the app. */
export function deadlinesFromEnv(env: NodeJS.ProcessEnv = process.env): Deadlines {
  const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  return {
    statementTimeoutMs: number('DB_STATEMENT_TIMEOUT_MS', 3000),
    idleInTransactionTimeoutMs: number('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 10_000),
    acquireTimeoutMs: number('DB_ACQUIRE_TIMEOUT_MS', 2000),
  };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  // Fail before starting anything when a binary is missing.
  findBinary('pgbouncer');
  findBinary('haproxy');
  const log = options.log ?? (() => {});
  const runAs = serviceUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-stack-'));
  fs.chmodSync(dir, 0o755); // the service user reads its configuration here
  const authSecret = options.authSecret ?? crypto.randomBytes(32).toString('base64url');
  const balancerSecret = crypto.randomBytes(32).toString('base64url');
  const deadlines = options.deadlines ?? deadlinesFromEnv();
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pgbouncer = await startPgBouncer({
      serverUrl: options.databaseUrl,
      serverConnections: options.databaseConnections,
      deadlines,
      dir,
      runAs,
      onLine: (line) => log('pgbouncer', line),
    });
    started.push(pgbouncer);
    const appPool = options.appPool ?? Math.max(2, Math.ceil(options.databaseConnections / options.servers));
    const apps: AppServer[] = [];
    // One at a time: two app servers booting together on two cores only slow each other down.
    for (let i = 1; i <= options.servers; i++) {
      const app = await startAppServer(`app${i}`, {
        databaseUrl: pgbouncer.url,
        authSecret,
        poolMax: appPool,
        publicUrl: `http://127.0.0.1:${options.port}`,
        balancerSecret,
        onLine: (server, line) => log(server, line),
      });
      apps.push(app);
      started.push(app);
    }
    const haproxy = await startHaproxy({
      port: options.port,
      appPorts: apps.map((a) => a.port),
      balancerSecret,
      dir,
      runAs,
      onLine: (line) => log('haproxy', line),
    });
    started.push(haproxy);
    await waitUntil(
      'HAProxy sees every app server up',
      async () => Object.values(await haproxy.serverStates()).every((s) => s === 'UP'),
      undefined,
      30_000,
    );
    return { url: haproxy.url, pgbouncer, haproxy, apps, authSecret, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
