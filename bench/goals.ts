/** What the bench promises (issue 15's goals, docs/decisions/0014) and the invariants that fail a run: bench/report.ts prints both. */
import type { BenchReport, EndToEnd, Goal, StrategyRow } from './results';
import type { RushResult } from './rush';
import { ms, perSecond, ratio } from './format';

/** The three measured runs of one strategy row. */
export const runs = (r: StrategyRow) => [r.admit, r.rush, r.full];

const allRows = (r: BenchReport) => [...r.strategies, ...r.poolSweep];

/**
 * The hot rush's answers/s before docs/decisions/0014, from the issue (2 cores, one run): the goal's fallback is
 * twice this when half the ceiling is out of reach.
 */
const HOT_ANSWERS_BEFORE = 275;

/** A number of answers per second over the whole rush: from the first request sent to the last answer. */
const answersPerSecond = (s: RushResult) => ((s.successes.count + s.rejections.count) * 1000) / s.elapsedMs;

/** Issue 15's goal lines for one end-to-end run, then the older end-to-end goals. */
function endToEndGoals(e: EndToEnd, ceiling: number): Goal[] {
  const who = `${e.instances} app server${e.instances === 1 ? '' : 's'}`;
  if (e.status !== 'ok') {
    return [{ goal: `end-to-end goals, ${who}`, met: null, detail: `not measured: ${e.reason}` }];
  }
  const answers = answersPerSecond(e.hot);
  const pageAnswers = answersPerSecond(e.page);
  const share = e.hot.successes.perSecond / ceiling;
  const slowest = Math.max(e.hot.answers.latency.p99, e.spread.answers.latency.p99);
  const slower = e.hot.rejections.perSecond < e.hot.successes.perSecond;
  const fiveXx = e.hot.serverErrors + e.spread.serverErrors;
  return [
    {
      goal: `${who}: hot rush answers/s ≥ 50% of the ceiling`,
      met: answers >= ceiling / 2,
      detail: `${perSecond(answers)} vs ${perSecond(ceiling / 2)} (ceiling ${perSecond(ceiling)}, ${ratio(answers / ceiling)})`,
    },
    {
      goal: `${who}: p99 of every answer < 1 s at ${e.hot.students} concurrent students (hot and spread)`,
      met: slowest < 1000,
      detail: `hot ${ms(e.hot.answers.latency.p99)} ms, spread ${ms(e.spread.answers.latency.p99)} ms`,
    },
    {
      goal: `${who}: fallback floor, hot rush answers/s ≥ 2 × ${HOT_ANSWERS_BEFORE} (before docs/decisions/0014)`,
      met: answers >= 2 * HOT_ANSWERS_BEFORE,
      detail: `${perSecond(answers)} (${(answers / HOT_ANSWERS_BEFORE).toFixed(2)}×)`,
    },
    {
      goal: `${who}: hot-section successes/s ≥ 50% of the ceiling`,
      met: share >= 0.5,
      detail: `${perSecond(e.hot.successes.perSecond)} / ${perSecond(ceiling)} = ${ratio(share)}`,
    },
    {
      goal: `${who}: a rejection on a full section costs no more than a success`,
      met: !slower,
      detail: `rejected/s ${perSecond(e.hot.rejections.perSecond)} vs ok/s ${perSecond(e.hot.successes.perSecond)}; p50 ${ms(e.hot.rejections.latency.p50)} vs ${ms(e.hot.successes.latency.p50)} ms`,
    },
    // Issue 24: the hot rush alone, and the page's Enroll (what the browser sends) against the API's request.
    {
      goal: `${who}: issue 24, hot rush at ${e.hot.students} students: answers/s ≥ 50% of the ceiling, p99 < 1 s, zero 5xx`,
      met: answers >= ceiling / 2 && e.hot.answers.latency.p99 < 1000 && e.hot.serverErrors === 0,
      detail: `${perSecond(answers)}/s (${ratio(answers / ceiling)} of ${perSecond(ceiling)}), p99 ${ms(e.hot.answers.latency.p99)} ms, ${e.hot.serverErrors} × 5xx`,
    },
    {
      goal: `${who}: issue 24, the page's Enroll at ${e.page.students} students: answers/s ≥ 50% of the ceiling, p99 < 1 s, zero 5xx`,
      met: pageAnswers >= ceiling / 2 && e.page.answers.latency.p99 < 1000 && e.page.serverErrors === 0,
      detail: `${perSecond(pageAnswers)}/s (${ratio(pageAnswers / ceiling)}; ${ratio(pageAnswers / answers)} of the API's), p99 ${ms(e.page.answers.latency.p99)} ms, ${e.page.serverErrors} × 5xx`,
    },
    {
      goal: `${who}: zero 5xx at ${e.hot.students} concurrent students`,
      met: fiveXx === 0,
      detail: `${fiveXx} × 5xx, ${e.hot.otherErrors + e.spread.otherErrors} other non-201/409`,
    },
  ];
}

export function evaluateGoals(r: BenchReport): Goal[] {
  const ceiling = r.ceiling.best.successes.perSecond;
  const goals: Goal[] = r.endToEnd.flatMap((e) => endToEndGoals(e, ceiling));
  for (const key of ['trigger', 'fast-path']) {
    const rows = allRows(r).filter((row) => row.strategy === key);
    const slow = rows.filter((row) => row.full.rejections.perSecond < row.admit.successes.perSecond);
    goals.push({
      goal: `database level, ${key}: rejections/s on a full section ≥ successes/s with seats open, every pool/client count`,
      met: rows.length ? slow.length === 0 : null,
      detail: slow.length
        ? `slower at ${slow.map((s) => `${s.clients}/${s.inFlight}`).join(', ')} (connections/in flight)`
        : `${rows.length} runs`,
    });
  }
  const appPaths = allRows(r).filter((row) => row.strategy === 'trigger' || row.strategy === 'fast-path');
  const errors = appPaths.reduce((n, row) => n + runs(row).reduce((e, m) => e + m.errors, 0), 0);
  const inFlight = Math.max(...appPaths.map((row) => row.inFlight), 0);
  goals.push({
    goal: `zero database errors (the database level's 5xx) on the app's paths (trigger, fast-path) up to ${inFlight} in flight`,
    met: appPaths.length ? errors === 0 : null,
    detail: `${errors} errors (other strategies: see the errors column)`,
  });
  const over = allRows(r).filter(
    (row) => row.strategy !== 'naive' && runs(row).some((m) => m.audit.overEnrolled + m.audit.drift > 0),
  );
  goals.push({
    goal: 'zero over-enrollment (and zero count drift) for every strategy except naive',
    met: over.length === 0,
    detail: over.length ? over.map((o) => `${o.strategy}@${o.clients}`).join(', ') : 'checked in the database after every run',
  });
  const naive = r.strategies.filter((row) => row.strategy === 'naive');
  const naiveOver = naive.reduce((n, row) => n + row.rush.audit.overEnrolled, 0);
  goals.push({
    goal: 'naive check-then-insert over-enrolls (proves the harness races)',
    met: naive.length ? naiveOver > 0 : null,
    detail: `${naiveOver} seats beyond capacity`,
  });
  return goals;
}

/** Broken invariants, not missed targets: these make the run exit 1 (and fail the CI smoke test). */
export function integrityFailures(r: BenchReport): string[] {
  const failures = Object.entries(r.agreement).flatMap(([k, problems]) => problems.map((p) => `${k} answers differently: ${p}`));
  for (const row of allRows(r)) {
    if (row.strategy === 'naive') continue;
    for (const run of runs(row)) {
      if (run.audit.overEnrolled) failures.push(`${row.strategy}@${row.clients}: ${run.audit.overEnrolled} seats over capacity`);
      if (run.audit.drift) failures.push(`${row.strategy}@${row.clients}: enrolled_count off by ${run.audit.drift}`);
    }
  }
  failures.push(...r.dropPaths.broken, ...r.noticeDelivery.broken);
  for (const e of r.endToEnd) {
    if (e.status !== 'ok') continue;
    for (const s of [e.hot, e.page, ...('error' in e.bare ? [] : [e.bare]), e.spread]) {
      if (s.audit.overEnrolled || s.audit.drift)
        failures.push(
          `end to end ${s.scenario}, ${e.instances} server(s): over-enrolled ${s.audit.overEnrolled}, drift ${s.audit.drift}`,
        );
    }
    if ('error' in e.sets) continue;
    for (const s of [e.sets.single, e.sets.set]) {
      if (s.audit.overEnrolled || s.audit.drift)
        failures.push(`end to end ${s.path} path: over-enrolled ${s.audit.overEnrolled}, drift ${s.audit.drift}`);
    }
  }
  return failures;
}
