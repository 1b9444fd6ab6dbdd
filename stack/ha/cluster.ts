/**
 * A pg_auto_failover formation on one machine (issue 25, docs/decisions/0021): a monitor, a primary and a
 * synchronous standby, each a Debian PostgreSQL 15 under its own `pg_autoctl` keeper, in one folder, run as the
 * unprivileged service user, trusting loopback connections only. One machine stands in for three here.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '../../db/tooling/embedded';
import { acceptsTcp } from '../../db/tooling/local-database';
import { startProcess, waitUntil, type ManagedProcess, type RunAs } from '../managed-process';
import { processTree } from '../process-tree';
import { MissingBinaryError } from '../system';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const PG_AUTOCTL = '/usr/bin/pg_autoctl';
/** The clusters' superuser (initdb -U): the DATABASE_URL the stack prints connects as it. */
export const SUPERUSER = 'postgres';
export const DATABASE = 'curriculab';

/**
 * The monitor's failure detection, tightened from pg_auto_failover's defaults (5 s checks, 20 s before a node
 * counts as unhealthy, 30 s demote wait) so that a lost primary is replaced in about 10 s. primary_demote_timeout
 * stays above the keepers' network_partition_timeout: an isolated primary stops itself before its standby is
 * promoted, so two primaries never accept writes at once.
 */
const MONITOR_SETTINGS: Record<string, number> = {
  'pgautofailover.health_check_period': 1000,
  'pgautofailover.health_check_timeout': 1000,
  'pgautofailover.health_check_max_retries': 1,
  'pgautofailover.health_check_retry_delay': 500,
  'pgautofailover.node_considered_unhealthy_timeout': 3000,
  'pgautofailover.primary_demote_timeout': 5000,
};
const NETWORK_PARTITION_TIMEOUT_S = 3;

/** States in which a node accepts writes (pg_auto_failover's FSM: wait_primary is a primary without a standby). */
const WRITABLE = new Set(['single', 'primary', 'wait_primary', 'join_primary', 'apply_settings']);

export interface NodeState {
  name: string;
  port: number;
  reported: string;
  goal: string;
}

export interface HaNode {
  name: string;
  port: number;
  dataDir: string;
  /** The keeper (pg_autoctl) process; undefined while the node is down. */
  keeper(): ManagedProcess | undefined;
  /** The postmaster's pid, read from postmaster.pid. */
  postmasterPid(): number | undefined;
  /** SIGKILL to the keeper and PostgreSQL together: the machine is lost, nothing shuts down cleanly. */
  kill(): number;
  /** Starts the keeper again on the same data folder: it rejoins the formation as whatever the monitor says. */
  restart(): Promise<void>;
}

export interface HaCluster {
  monitorUrl: string;
  nodes: HaNode[];
  /** postgres://postgres@127.0.0.1:P1,127.0.0.1:P2/curriculab?target_session_attrs=read-write */
  url: string;
  /** A single-host URL for one node (the stack's PgBouncer points at one at a time). */
  nodeUrl(node: { port: number }): string;
  states(): Promise<NodeState[]>;
  /** The node the monitor reports writable with nothing pending, if any. */
  primary(): Promise<NodeState | undefined>;
  /** Waits until one node is primary and the other secondary (the formation is whole again). */
  waitForPair(timeoutMs?: number): Promise<{ primary: NodeState; standby: NodeState }>;
  /** `pg_autoctl perform switchover`: the monitor moves the primary role to the standby, no data lost. */
  switchover(): Promise<void>;
  stop(): Promise<void>;
}

export interface HaClusterOptions {
  dir: string;
  runAs: RunAs | undefined;
  /** Ports for the monitor and the two nodes (default: free ones). */
  ports?: [number, number, number];
  onLine?: (source: string, line: string) => void;
}

export function requireHaBinaries() {
  for (const binary of [PG_AUTOCTL, path.join(PG_BIN, 'pg_ctl'), path.join(PG_BIN, 'initdb')]) {
    if (!fs.existsSync(binary)) {
      throw new MissingBinaryError(
        `${binary} is missing. On Debian: sudo apt-get update && sudo apt-get install -y postgresql-15 postgresql-15-auto-failover`,
      );
    }
  }
}

export async function startHaCluster(options: HaClusterOptions): Promise<HaCluster> {
  requireHaBinaries();
  const home = path.join(options.dir, 'ha');
  const sockets = path.join(home, 'run');
  fs.mkdirSync(sockets, { recursive: true });
  for (const d of [home, sockets]) if (options.runAs) fs.chownSync(d, options.runAs.uid, options.runAs.gid);
  const [monitorPort, port1, port2] = options.ports ?? [await freePort(), await freePort(), await freePort()];
  // pg_autoctl keeps its configuration and state under XDG folders; Debian's PostgreSQL puts its socket in
  // /var/run/postgresql, which the service user cannot write: everything goes under this folder instead.
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    PATH: `${PG_BIN}:/usr/bin:/bin`,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_RUNTIME_DIR: sockets,
    PGHOST: sockets,
    PGUSER: SUPERUSER,
    LANG: 'C.UTF-8',
  };
  const log = (source: string) => (line: string) => options.onLine?.(source, line);
  const run = (command: string, args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile(command, args, { env, cwd: home, ...options.runAs, maxBuffer: 10_000_000 }, (error, stdout, stderr) =>
        error
          ? reject(new Error(`${path.basename(command)} ${args[0]}: ${stderr.trim().split('\n').slice(-6).join('\n')}`))
          : resolve(stdout),
      ),
    );
  const initdb = async (dataDir: string) => {
    await run(path.join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', SUPERUSER, '--auth', 'trust', '-E', 'UTF8']);
    fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), `\nunix_socket_directories = '${sockets}'\n`);
  };
  const started: ManagedProcess[] = [];
  let monitorClient: ReturnType<typeof postgres> | undefined;
  const nodeKeepers = new Map<string, ManagedProcess | undefined>();
  const stop = async () => {
    await monitorClient?.end({ timeout: 1 }).catch(() => {});
    // Nodes first (the keepers stop their PostgreSQL), then the monitor.
    for (const keeper of [...nodeKeepers.values()]) await keeper?.stop('SIGTERM', 15_000);
    for (const p of started.reverse()) await p.stop('SIGTERM', 15_000);
    // Anything a SIGKILLed keeper left behind.
    for (const dataDir of ['node1', 'node2', 'monitor'].map((n) => path.join(home, n))) {
      const pid = readPostmasterPid(dataDir);
      if (pid && isPostgres(pid)) for (const p of processTree(pid)) signal(p, 'SIGKILL');
    }
  };
  try {
    const monitorDir = path.join(home, 'monitor');
    await initdb(monitorDir);
    // pg_autoctl's own include sets listen_addresses = '*'; postgresql.auto.conf is read last and keeps it on loopback.
    fs.appendFileSync(path.join(monitorDir, 'postgresql.auto.conf'), `listen_addresses = '127.0.0.1'\n`);
    await run(PG_AUTOCTL, [
      'create',
      'monitor',
      '--pgdata',
      monitorDir,
      '--pgport',
      String(monitorPort),
      '--hostname',
      '127.0.0.1',
      '--auth',
      'trust',
      '--no-ssl',
    ]);
    const monitor = startProcess('monitor', PG_AUTOCTL, ['run', '--pgdata', monitorDir], {
      env,
      cwd: home,
      runAs: options.runAs,
      onLine: log('monitor'),
    });
    started.push(monitor);
    await waitUntil('pg_auto_failover monitor', () => acceptsTcp(monitorPort), monitor, 30_000);
    monitorClient = postgres(`postgres://${SUPERUSER}@127.0.0.1:${monitorPort}/pg_auto_failover`, {
      max: 1,
      onnotice: () => {},
      connect_timeout: 2,
    });
    const m = monitorClient;
    await waitUntil('the monitor accepts queries', async () => Boolean(await m`SELECT 1`), monitor, 30_000);
    for (const [name, value] of Object.entries(MONITOR_SETTINGS)) await m.unsafe(`ALTER SYSTEM SET ${name} = ${value}`);
    await m`SELECT pg_reload_conf()`;
    const monitorUrl = `postgres://autoctl_node@127.0.0.1:${monitorPort}/pg_auto_failover?sslmode=disable`;

    const states = async (): Promise<NodeState[]> =>
      (
        await m<{ nodename: string; nodeport: number; reportedstate: string; goalstate: string }[]>`
          SELECT nodename, nodeport, reportedstate::text, goalstate::text FROM pgautofailover.node ORDER BY nodeid`
      ).map((r) => ({ name: r.nodename, port: r.nodeport, reported: r.reportedstate, goal: r.goalstate }));
    const primary = async () => (await states()).find((s) => s.reported === s.goal && WRITABLE.has(s.reported));

    /** A node's keeper: `create postgres … --run` the first time, `run` after a restart. */
    const startKeeper = (name: string, args: string[]) => {
      const keeper = startProcess(name, PG_AUTOCTL, args, { env, cwd: home, runAs: options.runAs, onLine: log(name) });
      nodeKeepers.set(name, keeper);
      return keeper;
    };
    const makeNode = (name: string, port: number): HaNode => {
      const dataDir = path.join(home, name);
      return {
        name,
        port,
        dataDir,
        keeper: () => nodeKeepers.get(name),
        postmasterPid: () => readPostmasterPid(dataDir),
        kill() {
          const pids = [...processTree(nodeKeepers.get(name)?.pid ?? -1), ...processTree(postmasterOf(dataDir) ?? -1)];
          const unique = [...new Set(pids.filter((p) => p > 0))];
          for (const p of unique) signal(p, 'SIGKILL');
          return unique.length;
        },
        async restart() {
          const keeper = startKeeper(name, ['run', '--pgdata', dataDir]);
          await waitUntil(`${name} PostgreSQL`, () => acceptsTcp(port), keeper, 30_000);
        },
      };
    };
    const nodes = [makeNode('node1', port1), makeNode('node2', port2)];
    const [node1, node2] = nodes as [HaNode, HaNode];
    const create = (node: HaNode) => startKeeper(node.name, createArgs(node));
    const createArgs = (node: HaNode) => [
      'create',
      'postgres',
      '--pgdata',
      node.dataDir,
      '--pgport',
      String(node.port),
      '--listen',
      '127.0.0.1',
      '--hostname',
      '127.0.0.1',
      '--name',
      node.name,
      '--dbname',
      DATABASE,
      '--username',
      SUPERUSER,
      '--auth',
      'trust',
      '--no-ssl',
      '--monitor',
      monitorUrl,
      '--run',
    ];
    // The first node: our own initdb (for the socket folder), registered as the formation's first, single node.
    await initdb(node1.dataDir);
    const first = create(node1);
    await waitUntil('node1 registered as primary', async () => Boolean(await primary()), first, 60_000);
    // The second: pg_autoctl clones it from the first (pg_basebackup). The base backup waits for a spread
    // checkpoint; a CHECKPOINT on the primary makes it immediate.
    const second = create(node2);
    const nudge = postgres(`postgres://${SUPERUSER}@127.0.0.1:${port1}/${DATABASE}`, { max: 1, onnotice: () => {} });
    const cluster: HaCluster = {
      monitorUrl,
      nodes,
      url: `postgres://${SUPERUSER}@127.0.0.1:${port1},127.0.0.1:${port2}/${DATABASE}?target_session_attrs=read-write`,
      nodeUrl: (node) => `postgres://${SUPERUSER}@127.0.0.1:${node.port}/${DATABASE}`,
      states,
      primary,
      async waitForPair(timeoutMs = 60_000) {
        let pair: { primary: NodeState; standby: NodeState } | undefined;
        await waitUntil(
          'a primary and a secondary',
          async () => {
            const all = await states();
            const p = all.find((s) => s.reported === 'primary' && s.goal === 'primary');
            const s = all.find((s) => s.reported === 'secondary' && s.goal === 'secondary');
            pair = p && s ? { primary: p, standby: s } : undefined;
            return Boolean(pair);
          },
          undefined,
          timeoutMs,
        );
        return pair!;
      },
      async switchover() {
        await run(PG_AUTOCTL, ['perform', 'switchover', '--pgdata', monitorDir, '--wait', '60']);
      },
      stop,
    };
    try {
      await waitUntil(
        'node2 cloned and streaming',
        async () => {
          await nudge`CHECKPOINT`.catch(() => {});
          return (await states()).some((s) => s.name === 'node2' && s.reported === 'secondary');
        },
        second,
        120_000,
      );
    } finally {
      await nudge.end({ timeout: 1 });
    }
    for (const node of nodes) {
      await run(PG_AUTOCTL, [
        'config',
        'set',
        '--pgdata',
        node.dataDir,
        'timeout.network_partition_timeout',
        String(NETWORK_PARTITION_TIMEOUT_S),
      ]);
      await run(PG_AUTOCTL, ['reload', '--pgdata', node.dataDir]);
    }
    await cluster.waitForPair();
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}

function postmasterOf(dataDir: string): number | undefined {
  const pid = readPostmasterPid(dataDir);
  return pid && isPostgres(pid) ? pid : undefined;
}

function readPostmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A stale postmaster.pid may name a pid since reused by something else. */
function isPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals) {
  try {
    process.kill(pid, name);
  } catch {
    // gone meanwhile
  }
}
