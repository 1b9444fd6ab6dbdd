/**
 * Keeps the stack's PgBouncer pointed at the formation's primary (docs/decisions/0021): the monitor is asked
 * every 250 ms which node is writable, and PgBouncer is retargeted when that changes. Between primaries
 * PgBouncer still points at the old address: its connections fail (the node is gone) or are refused writes
 * (a demoted node is a read-only standby, SQLSTATE 25006), and the app answers 503 either way.
 */
import type { PgBouncer } from '../pgbouncer';
import type { HaCluster } from './cluster';

const POLL_MS = 250;

export interface PrimaryFollower {
  /** The port PgBouncer points at now. */
  currentPort(): number;
  /** Every retarget so far: when, and to which node. */
  changes: { at: number; node: string; port: number }[];
  stop(): void;
}

export function followPrimary(
  cluster: HaCluster,
  pgbouncer: PgBouncer,
  initialPort: number,
  log: (line: string) => void = () => {},
): PrimaryFollower {
  let port = initialPort;
  let stopped = false;
  const changes: PrimaryFollower['changes'] = [];
  const loop = async () => {
    while (!stopped) {
      // The monitor itself being unreachable changes nothing: the last known primary is kept.
      const primary = await cluster.primary().catch(() => undefined);
      if (!stopped && primary && primary.port !== port) {
        port = primary.port;
        pgbouncer.retarget(cluster.nodeUrl(primary));
        changes.push({ at: performance.now(), node: primary.name, port });
        log(`primary is now ${primary.name} (127.0.0.1:${port}): PgBouncer retargeted`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  void loop();
  return {
    currentPort: () => port,
    changes,
    stop: () => void (stopped = true),
  };
}
