/**
 * `npm run stack -- --ha` and the HA fault tests (issue 25, docs/decisions/0021):
 *
 *   clients → HAProxy → N app servers → PgBouncer ──→ primary  ══ synchronous streaming ══> standby
 *                                          ↑ retargeted by followPrimary()     ↑ both watched by the monitor
 *
 * The formation is made first (empty), migrated through its multi-host URL, and the usual stack is put in
 * front of its primary.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabase } from '../../db/tooling/migrate';
import { startStack, type Stack, type StackOptions } from '../stack';
import { serviceUser } from '../system';
import { startHaCluster, type HaCluster } from './cluster';
import { followPrimary, type PrimaryFollower } from './follow-primary';

export interface HaStack {
  stack: Stack;
  cluster: HaCluster;
  follower: PrimaryFollower;
  /** The multi-host URL (target_session_attrs=read-write) that reaches the current primary as the superuser. */
  databaseUrl: string;
  stop(): Promise<void>;
}

export interface HaStackOptions extends Omit<StackOptions, 'databaseUrl'> {
  /** The monitor's and the two nodes' ports (default: free ones). */
  databasePorts?: [number, number, number];
  /** Runs on the migrated, empty database before the stack starts (demo data, test data). */
  prepare?: (databaseUrl: string) => Promise<void>;
}

export async function startHaStack(options: HaStackOptions): Promise<HaStack> {
  const log = options.log ?? (() => {});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-ha-'));
  fs.chmodSync(dir, 0o755);
  let cluster: HaCluster | undefined;
  let stack: Stack | undefined;
  let follower: PrimaryFollower | undefined;
  const stop = async () => {
    follower?.stop();
    await stack?.stop();
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    cluster = await startHaCluster({ dir, runAs: serviceUser(), ports: options.databasePorts, onLine: log });
    await migrateDatabase(cluster.url);
    await options.prepare?.(cluster.url);
    const primary = await cluster.primary();
    if (!primary) throw new Error('the formation has no primary');
    stack = await startStack({ ...options, databaseUrl: cluster.nodeUrl(primary) });
    follower = followPrimary(cluster, stack.pgbouncer, primary.port, (line) => log('failover', line));
    return { stack, cluster, follower, databaseUrl: cluster.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
