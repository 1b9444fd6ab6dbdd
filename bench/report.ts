/** What a bench run prints, what it judges, and what it leaves in bench-results/. */
import { renderDropPaths } from './drop-paths';
import fs from 'node:fs/promises';
import path from 'node:path';
import { renderChart, renderHtml } from './chart';
import { latencies, ms, perSecond, ratio, table } from './format';
import type { BenchReport, EndToEnd, EndToEndStreams, Goal, Measured, StrategyRow } from './results';
import type { RushResult } from './rush';
import type { Usage } from './streams';

/** pgbench figures from the issue (PostgreSQL 15, one hot section), set against this run's. */
const PGBENCH: {
  figure: string;
  pgbench: number;
  here: (r: BenchReport) => Measured['successes'] | undefined;
  source: string;
}[] = [
  {
    figure: 'trigger INSERT, 8 clients',
    pgbench: 1300,
    here: (r) => find(r.strategies, 'trigger', 8)?.admit.successes,
    source: 'strategies',
  },
  {
    figure: 'trigger INSERT, 32 clients',
    pgbench: 350,
    here: (r) => find(r.poolSweep, 'trigger', 32)?.admit.successes,
    source: 'pool sweep',
  },
  {
    figure: 'trigger INSERT, 64 clients',
    pgbench: 140,
    here: (r) => find(r.strategies, 'trigger', 64)?.admit.successes,
    source: 'strategies',
  },
  {
    figure: 'SELECT … FOR UPDATE + INSERT, 8 clients',
    pgbench: 180,
    here: (r) => find(r.strategies, 'for-update', 8)?.admit.successes,
    source: 'strategies',
  },
  {
    figure: 'read-only precheck, full section, 8 clients',
    pgbench: 8000,
    here: (r) => find(r.strategies, 'fast-path', 8)?.full.rejections,
    source: 'strategies',
  },
];

const find = (rows: StrategyRow[], strategy: string, clients: number) =>
  rows.find((r) => r.strategy === strategy && r.clients === clients);

function strategyTable(
  rows: StrategyRow[],
  ceiling: number,
  firstColumn: (r: StrategyRow) => string,
  firstHeader: string,
): string {
  const capped = (m: Measured) => (m.attempts < m.planned ? '*' : '');
  return table(
    [
      firstHeader,
      'seats open: ok/s',
      '× ceiling',
      'ok p50/p95/p99 ms',
      'rush ms',
      'over-enrolled',
      'full: rejected/s',
      'rej p50/p95/p99 ms',
      'errors',
      'retries',
    ],
    rows.map((r) => [
      firstColumn(r),
      perSecond(r.admit.successes.perSecond) + capped(r.admit),
      ratio(r.admit.successes.perSecond / ceiling),
      latencies(r.admit.successes.latency),
      ms(r.rush.elapsedMs) + capped(r.rush),
      String(runs(r).reduce((n, m) => n + m.audit.overEnrolled + m.audit.drift, 0)),
      perSecond(r.full.rejections.perSecond) + capped(r.full),
      latencies(r.full.rejections.latency),
      String(runs(r).reduce((n, m) => n + m.errors, 0)),
      String(runs(r).reduce((n, m) => n + m.retries, 0)),
    ]),
  );
}

const runs = (r: StrategyRow) => [r.admit, r.rush, r.full];

export function renderText(r: BenchReport): string {
  const ceiling = r.ceiling.best.successes.perSecond;
  const o = r.options;
  const out: string[] = [];
  out.push(
    `Curriculab bench: ${r.machine.cpus} cores, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}, ${r.durationSeconds.toFixed(0)} s` +
      `${o.quick ? ' (quick)' : ''}`,
    `rush: ${o.students} students, hot section of ${o.capacity} seats, spread over ${o.sections} sections; ` +
      `seats-open runs: ${o.admitAttempts} attempts, each run capped at ${o.phaseSeconds} s (* = stopped by the cap)`,
  );

  const wrong = Object.entries(r.agreement).filter(([, problems]) => problems.length);
  out.push(
    '',
    wrong.length
      ? `ANSWERS DIFFER from enroll():\n${wrong.map(([k, p]) => `  ${k}: ${p.join('; ')}`).join('\n')}`
      : `Answers: every strategy answers like enroll() (${Object.keys(r.agreement).join(', ')}).`,
  );

  out.push('', '3. Ceiling: bare single-statement INSERT (trigger path), one hot section');
  out.push(
    table(
      ['clients', 'ok/s', 'p50/p95/p99 ms', ''],
      r.ceiling.hot.map((c) => [
        `${c.clients}${c.again ? ' (again)' : ''}`,
        perSecond(c.successes.perSecond),
        latencies(c.successes.latency),
        c === r.ceiling.best ? '← ceiling' : '',
      ]),
    ),
    `spread over ${o.sections} sections at ${r.ceiling.spread.clients} clients (better of two): ${perSecond(r.ceiling.spread.successes.perSecond)} ok/s`,
  );

  out.push('', `2. Strategies, clients = connections = requests in flight (ceiling ${perSecond(ceiling)} ok/s)`);
  out.push(strategyTable(r.strategies, ceiling, (row) => `${row.strategy} @${row.clients}`, 'strategy @clients'));
  const naive = r.strategies.filter((s) => s.strategy === 'naive');
  if (naive.length) {
    out.push(
      `naive over-enrollment (seats taken beyond capacity): ${naive.map((n) => `@${n.clients}: ${n.rush.audit.held}/${n.rush.audit.capacity} seats`).join(', ')}`,
    );
  }

  out.push(
    '',
    `4. App pool size: ${o.students} requests in flight on a pool of N connections, one hot section (best of ${o.rounds} passes)`,
  );
  out.push(strategyTable(r.poolSweep, ceiling, (row) => `${row.strategy} pool ${row.clients}`, 'path, pool'));

  out.push('', renderDropPaths(r.dropPaths));

  for (const e of r.endToEnd) endToEndSection(out, r, e);

  out.push('', 'pgbench figures from the issue (PostgreSQL 15) against this run');
  out.push(
    table(
      ['figure', 'pgbench', 'here', 'here / pgbench', 'from'],
      PGBENCH.map((p) => {
        const here = p.here(r)?.perSecond ?? Number.NaN;
        return [
          p.figure,
          perSecond(p.pgbench),
          perSecond(here),
          Number.isFinite(here) ? `${(here / p.pgbench).toFixed(2)}×` : '–',
          p.source,
        ];
      }),
    ),
  );

  out.push('', 'Goals');
  for (const g of r.goals) out.push(`  ${g.met === null ? '–' : g.met ? '✔' : '✘'} ${g.goal}: ${g.detail}`);
  return out.join('\n');
}

/** Part 1 for one app-server count. */
function endToEndSection(out: string[], r: BenchReport, e: EndToEnd) {
  const ceiling = r.ceiling.best.successes.perSecond;
  out.push(
    '',
    `1. End to end, ${e.instances} app server(s) (server/main.ts, Auth.js sessions, POST /api/sections/{id}/enrollments all at once)`,
  );
  if (e.status !== 'ok') out.push(`  ${e.status}: ${e.reason}`);
  else {
    out.push(`  ${e.bases.length} app server(s), pool ${e.appPool}; ratios are of the ceiling measured in this run`);
    out.push(
      table(
        [
          'scenario',
          'ok/s',
          '× ceiling',
          'ok p50/p95/p99 ms',
          'rejected/s',
          'rej p50/p95/p99 ms',
          'answers/s',
          'all p50/p95/p99 ms',
          '× app floor',
          '5xx',
          'other',
          'over-enrolled',
        ],
        [e.hot, e.spread].map((s) => {
          const c = s.scenario === 'hot' ? ceiling : r.ceiling.spread.successes.perSecond;
          const answered = ((s.successes.count + s.rejections.count) * 1000) / s.elapsedMs;
          const appFloor = e.floors.at(-1)?.perSecond ?? Number.NaN;
          return [
            `${s.scenario} (${s.students} → ${s.sections}×${s.capacity})`,
            perSecond(s.successes.perSecond),
            ratio(s.successes.perSecond / c),
            latencies(s.successes.latency),
            perSecond(s.rejections.perSecond),
            latencies(s.rejections.latency),
            perSecond(answered),
            latencies(s.answers.latency),
            ratio(answered / appFloor),
            String(s.serverErrors),
            String(s.otherErrors),
            String(s.audit.overEnrolled + s.audit.drift),
          ];
        }),
      ),
    );
    out.push(
      `  the app's floor, same ${e.hot.students}-request burst: ` +
        e.floors
          .map(
            (f) =>
              `${f.label}: ${perSecond(f.perSecond)}/s, p50 ${ms(f.latency.p50)} ms${f.notOk ? ` (${f.notOk} not 200)` : ''}`,
          )
          .join('; '),
    );
    for (const s of [e.hot, e.spread])
      out.push(
        `  ${s.scenario} statuses: ${Object.entries(s.statuses)
          .map(([k, n]) => `${k} ×${n}`)
          .join(', ')}`,
      );
    out.push(...streamsLines(e.streams));
  }
}

export function printReport(report: BenchReport) {
  console.log(`\n${renderText(report)}`);
}

/** Live seats streams on one app server (bench/streams.ts, docs/decisions/0013). */
function streamsLines(s: EndToEndStreams): string[] {
  if ('error' in s) return [`  live seats streams: ${s.error}`];
  const mib = (u: Usage) => `${u.rssMiB.toFixed(0)} MiB, ${u.fds} fds`;
  const refused = Object.entries(s.refused).map(([k, n]) => `${k} ×${n}`);
  const d = s.delivery;
  return [
    `  live seats: ${s.opened}/${s.requested} streams open on one app server (${s.sectionsPerStream} sections each)` +
      (refused.length ? `, refused ${refused.join(', ')}` : ''),
    `    server RSS before ${mib(s.before)} · during ${mib(s.during)} (+${(((s.during.rssMiB - s.before.rssMiB) * 1024) / Math.max(1, s.opened)).toFixed(0)} KiB/stream) · after closing ${mib(s.after)}`,
    `    idle CPU with every stream open: ${s.idleCpuPercent.toFixed(1)}% of a core over ${s.idleSeconds.toFixed(1)} s`,
    `    a change reaches every stream: p50 ${ms(d.p50)} · p95 ${ms(d.p95)} · max ${ms(d.max)} ms (${d.changes} changes × ${s.opened} streams, ${d.missed} missed)`,
  ];
}

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
  failures.push(...r.dropPaths.broken);
  for (const e of r.endToEnd) {
    if (e.status !== 'ok') continue;
    for (const s of [e.hot, e.spread]) {
      if (s.audit.overEnrolled || s.audit.drift)
        failures.push(
          `end to end ${s.scenario}, ${e.instances} server(s): over-enrolled ${s.audit.overEnrolled}, drift ${s.audit.drift}`,
        );
    }
  }
  return failures;
}

export async function writeArtifacts(report: BenchReport, outDir: string): Promise<string[]> {
  await fs.mkdir(outDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const svg = renderChart(report);
  const files: [string, string][] = [
    [`bench-${stamp}.json`, JSON.stringify(report, null, 2)],
    [`bench-${stamp}.svg`, svg],
    [`bench-${stamp}.html`, renderHtml(report, svg, renderText(report))],
  ];
  for (const [name, content] of files) {
    await fs.writeFile(path.join(outDir, name), content);
    await fs.writeFile(path.join(outDir, name.replace(`bench-${stamp}`, 'latest')), content);
  }
  return files.map(([name]) => path.join(outDir, name));
}
