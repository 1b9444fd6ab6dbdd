/** One measured run at the database level: jobs handed to a fixed number of in-flight requests. */
import { createDatabase } from '../db/client';
import { Window, type LatencySummary } from './stats';
import type { AttemptStats, Connection, Outcome, Strategy } from './strategies';

export interface Job {
  studentId: number;
  sectionId: number;
}

export interface Rates {
  count: number;
  perSecond: number;
  latency: LatencySummary;
}

export interface RunResult {
  /** Attempts that finished (fewer than planned when the time cap stopped the run). */
  attempts: number;
  planned: number;
  elapsedMs: number;
  successes: Rates;
  rejections: Rates;
  /** Answers that are neither a seat nor "full"/"already enrolled": the database-level 5xx. */
  errors: number;
  outcomes: Partial<Record<Outcome, number>>;
  retries: number;
}

export interface Pool extends Connection {
  max: number;
  close(): Promise<void>;
}

/** A pool with every connection opened and authenticated before anything is timed. */
export async function openPool(url: string, max: number): Promise<Pool> {
  const { db, client, close } = createDatabase(url, { max, connectTimeoutSeconds: 30 });
  await Promise.all(Array.from({ length: max }, () => client`SELECT 1`));
  return { db, client, close, max };
}

const REJECTIONS: ReadonlySet<Outcome> = new Set(['section_full', 'already_enrolled']);

/**
 * `inFlight` requests run at once, each taking the next job as soon as it is done (a closed loop, like pgbench
 * clients). With `inFlight` above the pool size the extra requests wait for a connection, as they do in the app.
 * Each kind of answer is counted per second over its own window (stats.ts: Window).
 */
export async function runJobs(
  pool: Connection,
  strategy: Strategy,
  jobs: readonly Job[],
  inFlight: number,
  capMs: number,
): Promise<RunResult> {
  const stats: AttemptStats = { retries: 0, deadline: Number.POSITIVE_INFINITY };
  const outcomes: Partial<Record<Outcome, number>> = {};
  const success = new Window();
  const rejection = new Window();
  let next = 0;
  const started = performance.now();
  const deadline = started + capMs;
  stats.deadline = deadline;

  const worker = async () => {
    while (next < jobs.length && performance.now() < deadline) {
      const job = jobs[next++]!;
      const sent = performance.now();
      const outcome = await strategy.attempt(pool, job.studentId, job.sectionId, stats);
      const now = performance.now();
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome === 'enrolled') success.add(sent, now);
      else if (REJECTIONS.has(outcome)) rejection.add(sent, now);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, jobs.length) }, worker));
  const elapsedMs = performance.now() - started;
  const attempts = Object.values(outcomes).reduce((a, b) => a + b, 0);
  return {
    attempts,
    planned: jobs.length,
    elapsedMs,
    successes: success.rates(),
    rejections: rejection.rates(),
    errors: attempts - success.latencies.length - rejection.latencies.length,
    outcomes,
    retries: stats.retries,
  };
}
