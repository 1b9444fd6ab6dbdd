/**
 * What the registration day measures beside the arrivals, during each step: the catalog and its search as a student
 * sees them under the load (the JSON route's own Server-Timing, its queries, and the client's time), the app
 * servers' resident memory (/proc/PID/status VmRSS) and PostgreSQL's connections (pg_stat_activity), sampled.
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
    while (running) {
      rss = Math.max(rss, await rssMb(input.pids));
      try {
        const [row] = await input.db.execute<{ total: number; active: number }>(sql`
          SELECT count(*)::int AS total, (count(*) FILTER (WHERE state = 'active'))::int AS active
          FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
        connections = Math.max(connections, row?.total ?? 0);
        active = Math.max(active, row?.active ?? 0);
      } catch {
        // a busy admin pool: the next sample
      }
      await sleep(SAMPLE_MS);
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
      };
    },
  };
}
