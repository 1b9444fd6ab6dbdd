/**
 * The five faults of issue 14, each injected into a rush of 300 enroll requests through HAProxy. Each returns
 * what it did and saw, and the invariants that failed (none, to pass).
 */
import { freezeTree, thawTree } from '../stack/process-tree';
import { healthOf, isDefinitive, type Answer } from './http';
import { HANG_MS, audit, retryUntilDefinitive, rush, slowest, tallyAnswers, waitForHealthy, type Audit } from './rush';
import type { RushWorld, World } from './world';

export interface FaultReport {
  lines: string[];
  failures: string[];
}

export const CAPACITY = 40;
/**
 * "Quickly": each query waits at most 2 s for a connection + 3 s statement + 1 s grace, but an enroll request
 * runs two queries (calendar, then the INSERT), and two busy cores add their share: bounded by the hang limit.
 * A request-level deadline would tighten this (docs/decisions/0009, "left open").
 */
export const QUICK_503_MS = HANG_MS;
/**
 * Health probed *during* a burst of 300 requests: the server is also decoding 150 sessions at that moment, on two
 * busy cores, so this bounds "never hangs". The 1 s answer on a frozen database without a burst is proven by
 * test/deadlines.test.ts (the route's own deadline is 0.7 s).
 */
const HEALTH_UNDER_BURST_MS = 5000;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Probes each app server's health directly, every 250 ms, while `during` runs: the slowest and the statuses. */
async function probeHealth(world: World, during: Promise<unknown>) {
  const seen: { status: number; ms: number }[] = [];
  let done = false;
  void during.finally(() => (done = true));
  for (let i = 0; i < 200 && !done; i++) {
    seen.push(...(await Promise.all(world.stack.apps.map((app) => healthOf(app.url)))));
    await sleep(250);
  }
  await during;
  return {
    slowest: Math.max(0, ...seen.map((s) => s.ms)),
    statuses: [...new Set(seen.map((s) => s.status))].sort(),
    probes: seen.length,
  };
}

/** The checks every fault shares: no hang, every request settled by retries, and the database's audit. */
export async function settleAndAudit(world: RushWorld, sectionIds: number[], answers: Answer[], report: FaultReport) {
  const check = (ok: boolean, failure: string) => ok || report.failures.push(failure);
  const recoveredMs = await waitForHealthy(world.stack.url);
  const { finals, retried } = await retryUntilDefinitive(world, answers);
  const retriedAnswers = finals.filter((_, i) => !isDefinitive(answers[i]!));
  const result: Audit = await audit(world, sectionIds, answers, finals);
  report.lines.push(
    `  requests ${answers.length}: ${tallyAnswers(answers)}; slowest ${seconds(slowest(answers))}`,
    `  healthy again through the balancer after ${seconds(recoveredMs)}; retried ${retried} time(s): ${retriedAnswers.length ? tallyAnswers(retriedAnswers) : 'nothing to retry'}`,
    `  database: ${result.rows} seats held in ${sectionIds.length} sections of ${CAPACITY}; over-enrollment ${result.overEnrolled}, drift ${result.drift}, ` +
      `201 without its row ${result.createdWithoutRow}, answers contradicting the database ${result.dishonest}, unsettled ${result.undecided}`,
  );
  check(slowest(answers) < HANG_MS, `a request took ${seconds(slowest(answers))} (hang limit ${seconds(HANG_MS)})`);
  check(result.overEnrolled === 0, `over-enrollment ${result.overEnrolled}`);
  check(result.drift === 0, `enrolled_count drift in ${result.drift} section(s)`);
  check(result.createdWithoutRow === 0, `${result.createdWithoutRow} answers 201 without an enrollment row`);
  check(result.dishonest === 0, `${result.dishonest} final answers contradict the database`);
  check(result.undecided === 0, `${result.undecided} requests still without a definitive answer after 5 retries`);
  check(
    answers.every((a) => a.status < 500 || a.status === 502 || a.status === 503),
    'an answer other than 502/503 among the 5xx',
  );
  check(
    answers.every((a) => a.status !== 500),
    'a 500 answer',
  );
  return { answers, finals, result };
}

/** The 5xx the app itself gave: 503 `unavailable`, JSON. */
export const unavailable = (answers: Answer[]) => answers.filter((a) => a.status === 503 && a.error === 'unavailable');

export async function appServerKilled(world: World): Promise<FaultReport> {
  const report: FaultReport = { lines: [], failures: [] };
  const sectionIds = await world.makeSections(CAPACITY);
  const victim = world.stack.apps[1]!;
  let killedAt = 0;
  const answers = await rush(world, sectionIds, 40, async () => {
    victim.process().child.kill('SIGKILL');
    killedAt = performance.now();
  });
  report.lines.push(
    `  SIGKILL ${victim.name} (pid ${victim.process().pid}) after 40 of ${answers.length} answers, the rest in flight`,
  );
  const states = await world.stack.haproxy.serverStates();
  report.lines.push(
    `  HAProxy now sees: ${Object.entries(states)
      .map(([s, st]) => `${s} ${st}`)
      .join(', ')}`,
  );
  const { finals } = await settleAndAudit(world, sectionIds, answers, report);
  const diedOnWire = answers.filter((a) => a.status === 0 || a.status === 502 || a.status === 503).length;
  const committedBeforeDying = finals.filter((f, i) => !isDefinitive(answers[i]!) && f.error === 'already_enrolled').length;
  report.lines.push(
    `  ${diedOnWire} died with ${victim.name}; on retry ${committedBeforeDying} heard already_enrolled (their first request had committed)`,
  );
  if (!(killedAt > 0)) report.failures.push('the app server was never killed');
  if (!Object.values(states).includes('UP')) report.failures.push('no app server left UP in HAProxy');
  await victim.start();
  await waitForHealthy(world.stack.url);
  return report;
}

export async function postgresRestarted(world: World): Promise<FaultReport> {
  const report: FaultReport = { lines: [], failures: [] };
  const sectionIds = await world.makeSections(CAPACITY);
  const answers = await rush(world, sectionIds, 30, () => world.restartPostgres(1500));
  report.lines.push(
    `  PostgreSQL fast shutdown after 30 of ${answers.length} answers, down 1.5 s, then started again (the app servers were not restarted)`,
  );
  const failed = unavailable(answers);
  report.lines.push(`  503 unavailable × ${failed.length}, the slowest of them in ${seconds(slowest(failed))}`);
  await settleAndAudit(world, sectionIds, answers, report);
  if (slowest(failed) > QUICK_503_MS) report.failures.push(`a 503 took ${seconds(slowest(failed))}: not quick`);
  return report;
}

export async function pgbouncerRestarted(world: World): Promise<FaultReport> {
  const report: FaultReport = { lines: [], failures: [] };
  const sectionIds = await world.makeSections(CAPACITY);
  const answers = await rush(world, sectionIds, 30, () => world.stack.pgbouncer.restart(1000));
  report.lines.push(`  PgBouncer stopped (SIGTERM: immediate) after 30 of ${answers.length} answers, down 1 s, started again`);
  const failed = unavailable(answers);
  report.lines.push(`  503 unavailable × ${failed.length}, the slowest of them in ${seconds(slowest(failed))}`);
  await settleAndAudit(world, sectionIds, answers, report);
  if (slowest(failed) > QUICK_503_MS) report.failures.push(`a 503 took ${seconds(slowest(failed))}: not quick`);
  return report;
}

export async function poolExhausted(world: World): Promise<FaultReport> {
  const report: FaultReport = { lines: [], failures: [] };
  const sectionIds = await world.makeSections(CAPACITY);
  // A transaction holding the sections' rows: every enrollment in them waits, so every connection fills up.
  const holder = await world.direct.client.reserve();
  await holder`BEGIN`;
  await holder`SELECT id FROM sections WHERE id IN ${holder(sectionIds)} FOR UPDATE`;
  const HOLD_MS = 5000;
  const release = sleep(HOLD_MS).then(async () => {
    await holder`ROLLBACK`;
    holder.release();
  });
  const answering = rush(world, sectionIds, 1, async () => {});
  const health = await probeHealth(world, answering);
  const answers = await answering;
  await release;
  report.lines.push(
    `  ${answers.length} requests in flight against 16 database connections (2 servers × pool 8), the sections' rows locked for ${seconds(HOLD_MS)}`,
    `  health probed ${health.probes} times directly on each server meanwhile: statuses ${health.statuses.join('/')}, slowest ${seconds(health.slowest)}`,
  );
  const failed = answers.filter((a) => a.status === 503);
  report.lines.push(
    `  503 × ${failed.length} (app unavailable × ${unavailable(answers).length}), the slowest in ${seconds(slowest(failed))}`,
  );
  await settleAndAudit(world, sectionIds, answers, report);
  if (!failed.length) report.failures.push('no request was refused: the pool was never exhausted');
  if (health.slowest >= HEALTH_UNDER_BURST_MS)
    report.failures.push(`health took ${seconds(health.slowest)} (limit ${seconds(HEALTH_UNDER_BURST_MS)})`);
  if (health.statuses.includes(0)) report.failures.push('health did not answer');
  return report;
}

export async function databaseFrozen(world: World): Promise<FaultReport> {
  const report: FaultReport = { lines: [], failures: [] };
  const sectionIds = await world.makeSections(CAPACITY);
  const FROZEN_MS = 4000;
  let processes = 0;
  let thawed!: Promise<void>;
  let health = { slowest: 0, statuses: [] as number[], probes: 0 };
  const answers = await rush(world, sectionIds, 30, async () => {
    processes = freezeTree(world.postgres().pid);
    thawed = sleep(FROZEN_MS).then(() => void thawTree(world.postgres().pid));
    health = await probeHealth(world, thawed);
  });
  await thawed;
  report.lines.push(
    `  SIGSTOP on PostgreSQL's ${processes} processes after 30 of ${answers.length} answers, SIGCONT ${seconds(FROZEN_MS)} later`,
    `  health probed ${health.probes} times directly on each server while frozen: statuses ${health.statuses.join('/')}, slowest ${seconds(health.slowest)}`,
  );
  const failed = answers.filter((a) => a.status === 503);
  report.lines.push(
    `  503 × ${failed.length} (app unavailable × ${unavailable(answers).length}), the slowest in ${seconds(slowest(failed))}`,
  );
  await settleAndAudit(world, sectionIds, answers, report);
  if (!failed.length) report.failures.push('no request was refused while the database was frozen');
  if (slowest(failed) > QUICK_503_MS) report.failures.push(`a 503 took ${seconds(slowest(failed))}: not within a few seconds`);
  if (health.slowest >= HEALTH_UNDER_BURST_MS) {
    report.failures.push(`health took ${seconds(health.slowest)} while frozen (limit ${seconds(HEALTH_UNDER_BURST_MS)})`);
  }
  if (!health.statuses.includes(503)) report.failures.push('health never said 503 while the database was frozen');
  return report;
}
