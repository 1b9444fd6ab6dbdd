/**
 * What the registration day measures beside the arrivals, during each step: the catalog and its search as a student
 * sees them under the load (the JSON route's own Server-Timing, its queries, and the client's time), the app
 * servers' resident memory (/proc/PID/status VmRSS) and PostgreSQL's connections (pg_stat_activity), sampled; and the
 * CPU time the app servers and the database's backends spent over the step (/proc/PID/stat), which says what one
 * answer costs the machine and so how many arrivals its cores can take at all.
 */
import fs from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/executor';
import { request } from './http';
import { summarize, type LatencySummary } from './stats';

export interface StepLoad {
  /** Server time (Server-Timing db;dur) of the catalog requests sent during the step. */
  catalogServer: LatencySummary;
  /** The same requests' time as the client saw it (queueing in the app included). */
  catalogClient: LatencySummary;
  catalogRequests: number;
  catalogFailures: number;
  /** The largest sum of the app servers' RSS seen during the step, MB. */
  rssMb: number;
  /** The most connections to the bench's database seen (all states), and of them the most active at once. */
  connections: number;
  activeConnections: number;
  /**
   * CPU time (user + system) over the step, ms: the app servers', and the backends' connected to the bench's
   * database (its pool's and the bench's own); undefined when /proc cannot say (not Linux, a remote database).
   */
  appCpuMs: number | undefined;
  databaseCpuMs: number | undefined;
}

const SAMPLE_MS = 250;

async function rssMb(pids: readonly number[]): Promise<number> {
  let kb = 0;
  for (const pid of pids) {
    try {
      const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // not on Linux, or the process is gone
    }
  }
  return kb / 1024;
}

/** A process's CPU time so far (utime + stime, /proc/PID/stat fields 14 and 15, at Linux's 100 ticks a second), ms. */
async function cpuMs(pid: number, mustBe?: string): Promise<number | undefined> {
  try {
    if (mustBe && !(await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).includes(mustBe)) return undefined;
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * CPU spent by a changing set of processes since the first sample: a process first seen later started within the
 * window (a new pool connection) and counts from zero; one that exits keeps its last reading.
 */
class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private samples = 0;

  constructor(private readonly mustBe?: string) {}

  async sample(pids: readonly number[]) {
    for (const pid of pids) {
      const now = await cpuMs(pid, this.mustBe);
      if (now === undefined) continue;
      if (!this.first.has(pid)) this.first.set(pid, this.samples === 0 ? now : 0);
      this.last.set(pid, now);
    }
    this.samples++;
  }

  spent(): number | undefined {
    if (!this.first.size) return undefined;
    let ms = 0;
    for (const [pid, start] of this.first) ms += (this.last.get(pid) ?? start) - start;
    return ms;
  }
}

/**
 * Starts the sampling; `stop()` ends it and returns the step's figures. The catalog requests go one at a time (a
 * student paging and searching), alternating page 1 and a search, so they add about one request in flight.
 */
export function sampleStep(input: { db: Executor; base: string; cookie: string; termCode: string; pids: readonly number[] }): {
  stop(): Promise<StepLoad>;
} {
  let running = true;
  const term = encodeURIComponent(input.termCode);
  const paths = [
    `/api/sections?term=${term}`,
    `/api/sections?term=${term}&q=Markets`,
    `/api/sections?term=${term}&q=CS+1&open=1`,
  ];
  const server: number[] = [];
  const client: number[] = [];
  let failures = 0;
  let rss = 0;
  let connections = 0;
  let active = 0;
  const appCpu = new CpuMeter();
  const databaseCpu = new CpuMeter('postgres');
  let backends: number[] = [];

  const catalog = (async () => {
    for (let i = 0; running; i++) {
      const started = performance.now();
      try {
        const res = await request(`${input.base}${paths[i % paths.length]}`, { headers: { cookie: input.cookie } });
        client.push(performance.now() - started);
        const timing = /db;dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''));
        if (res.status !== 200 || !timing) failures++;
        else server.push(Number(timing[1]));
      } catch {
        failures++;
      }
      await sleep(SAMPLE_MS);
    }
  })();
  const gauges = (async () => {
    // One more pass after the step so the CPU meters read its end.
    for (let last = false; !last;) {
      last = !running;
      rss = Math.max(rss, await rssMb(input.pids));
      try {
        const [row] = await input.db.execute<{ total: number; active: number; pids: number[] }>(sql`
          SELECT count(*)::int AS total, (count(*) FILTER (WHERE state = 'active'))::int AS active,
                 coalesce(array_agg(pid), '{}') AS pids
          FROM pg_stat_activity WHERE datname = current_database()`);
        connections = Math.max(connections, (row?.total ?? 1) - 1);
        active = Math.max(active, (row?.active ?? 1) - 1);
        backends = row?.pids ?? backends;
      } catch {
        // a busy admin pool: the next sample
      }
      await Promise.all([appCpu.sample(input.pids), databaseCpu.sample(backends)]);
      if (!last) await sleep(SAMPLE_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await Promise.all([catalog, gauges]);
      return {
        catalogServer: summarize(server),
        catalogClient: summarize(client),
        catalogRequests: client.length,
        catalogFailures: failures,
        rssMb: rss,
        connections,
        activeConnections: active,
        appCpuMs: appCpu.spent(),
        databaseCpuMs: databaseCpu.spent(),
      };
    },
  };
}
