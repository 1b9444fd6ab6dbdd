/** What a bench run prints (the goals are judged in bench/goals.ts, the files written by bench/artifacts.ts). */
import { renderDropPaths } from './drop-paths';
import { renderNoticeDelivery } from './notice-delivery';
import { runs } from './goals';
import { latencies, ms, perSecond, ratio, table } from './format';
import type { BenchReport, EndToEnd, EndToEndStreams, Measured, StrategyRow } from './results';
import { setsLines } from './sets';
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
  out.push('', renderNoticeDelivery(r.noticeDelivery));

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
    out.push(
      `  ${e.bases.length} app server(s), pool ${e.appPool}; ratios are of the ceiling measured in this run; ` +
        `load average ${e.loadAverage.toFixed(1)} at the start`,
    );
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
    out.push(...pageLines(e));
    out.push(...setsLines(e.sets));
    out.push(...streamsLines(e.streams));
  }
}

/** The page's Enroll against the API's, the same rush (students, section size, all at once), back to back. */
function pageLines(e: Extract<EndToEnd, { status: 'ok' }>): string[] {
  const answered = (s: RushResult) => ((s.successes.count + s.rejections.count) * 1000) / s.elapsedMs;
  const rows: [string, RushResult][] = [
    ['API: POST …/enrollments, cookie only', e.hot],
    ["the page's Enroll: the same POST as Chromium sends it", e.page],
  ];
  if (!('error' in e.bare)) rows.push(['bare Node http + postgres.js enroll() (the app tier’s ceiling)', e.bare]);
  return [
    `  the page's Enroll against the API's (${e.hot.students} students at once, a fresh section of ${e.hot.capacity} each):`,
    ...table(
      ['request', 'answers/s', 'p50 ms', 'p99 ms', '5xx', 'other'],
      rows.map(([label, s]) => [
        label,
        perSecond(answered(s)),
        ms(s.answers.latency.p50),
        ms(s.answers.latency.p99),
        String(s.serverErrors),
        String(s.otherErrors),
      ]),
    )
      .split('\n')
      .map((line) => `  ${line}`),
    `  page ÷ API answers/s: ${ratio(answered(e.page) / answered(e.hot))}; page statuses: ${Object.entries(e.page.statuses)
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ')}` + ('error' in e.bare ? `; bare server: ${e.bare.error}` : ''),
  ];
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
