/** The registration day's table, goal lines and chart (bench-results/registration-day-*.{json,svg,html}). */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ms, perSecond, table } from './format';
import { renderAppointments } from './registration-appointments';
import type { DayStep, RegistrationDayResult } from './registration-day';
import type { StepLoad } from './registration-load';

export const CATALOG_GOAL_MS = 100;
/** Issue 24: four times the first measured knee (80/s at 20,000 students and 5,000 sections). */
export const KNEE_GOAL = 320;

/** The step at a knee (its figures under the load), or undefined. */
function atKnee(steps: readonly DayStep[], knee: number | null) {
  return knee === null ? undefined : steps.find((s) => s.offeredPerSecond === knee);
}

/**
 * Each arrival is a whole registration (2–5 requests back to back), so the knee in arrivals/s is at most the best
 * answers/s the app reached divided by the requests one arrival makes: the model's own ceiling, printed beside it.
 * Then the machine's: the CPU the app servers and PostgreSQL spent per answer over the steps without 5xx (a quick
 * 503 costs little and would flatter it), times the requests of an arrival, against the cores there are: a bound
 * even with nothing else running and no waiting at all.
 */
function modelBound(steps: readonly DayStep[], cpus: number): string[] {
  const requests = steps.reduce((n, s) => n + s.requests, 0);
  const arrivals = steps.reduce((n, s) => n + s.arrivals, 0);
  const best = Math.max(0, ...steps.map((s) => s.answersPerSecond));
  const perArrival = arrivals ? requests / arrivals : 0;
  if (!perArrival) return [];
  const lines = [
    `requests per arrival ${perArrival.toFixed(2)}; best answers/s ${perSecond(best)}: at that rate the app answers at most ` +
      `${Math.round(best / perArrival)} arrivals/s (a knee above it would need more answers/s, not fewer milliseconds each)`,
  ];
  const answered = steps.filter((s) => s.serverErrors === 0);
  const app = cpuPerAnswer(answered, 'appCpuMs');
  const database = cpuPerAnswer(answered, 'databaseCpuMs');
  if (app !== undefined && database !== undefined) {
    const arrivalMs = (app + database) * perArrival;
    lines.push(
      `CPU per answer: app server ${ms(app)} ms + PostgreSQL ${ms(database)} ms; per arrival ${ms(arrivalMs)} ms, so ` +
        `${cpus} cores take at most ${Math.round((cpus * 1000) / arrivalMs)} arrivals/s at this cost; ${KNEE_GOAL}/s would ` +
        `need ${((KNEE_GOAL * arrivalMs) / 1000).toFixed(1)} cores`,
    );
  }
  return lines;
}

/** CPU ms per answer over every sampled step (undefined when a step's CPU could not be read). */
function cpuPerAnswer(steps: readonly DayStep[], key: 'appCpuMs' | 'databaseCpuMs'): number | undefined {
  let spent = 0;
  let answers = 0;
  for (const s of steps) {
    const cpu = s.load?.[key];
    if (cpu === undefined) return undefined;
    spent += cpu;
    answers += s.requests;
  }
  return answers ? spent / answers : undefined;
}

const cpuCell = (s: DayStep) => {
  const app = cpuPerAnswer([s], 'appCpuMs');
  const database = cpuPerAnswer([s], 'databaseCpuMs');
  return app === undefined || database === undefined ? '–' : `${ms(app)} + ${ms(database)}`;
};

const loadText = (l: StepLoad | undefined) =>
  l
    ? `catalog server time p50 ${ms(l.catalogServer.p50)} / p99 ${ms(l.catalogServer.p99)} ms (client p99 ${ms(l.catalogClient.p99)} ms, ` +
      `${l.catalogRequests} requests, ${l.catalogFailures} failed); app server RSS ${Math.round(l.rssMb)} MB; ` +
      `PostgreSQL connections ${l.connections} (${l.activeConnections} active at most)`
    : 'not sampled';

export interface DayGoal {
  met: boolean;
  text: string;
}

export function dayGoals(r: RegistrationDayResult): DayGoal[] {
  const belowKnee = r.steps.filter((s) => r.knee !== null && s.offeredPerSecond <= r.knee);
  const goals: DayGoal[] = [
    {
      met: r.knee !== null,
      text: `knee (highest offered rate with p99 < 1 s and no 5xx): ${r.knee === null ? 'none, even the first step missed' : `${r.knee} arrivals/s`}`,
    },
    {
      met: r.knee !== null && belowKnee.every((s) => s.serverErrors === 0),
      text: `zero 5xx at or below the knee (${belowKnee.reduce((n, s) => n + s.serverErrors, 0)})`,
    },
    { met: r.audit.overEnrolled === 0, text: `zero over-enrollment (${r.audit.overEnrolled} sections over capacity)` },
    {
      met: r.audit.countDrift === 0 && r.audit.ruleDrift === 0,
      text: `zero drift: enrolled_count ${r.audit.countDrift}, rule bookkeeping ${r.audit.ruleDrift}`,
    },
    { met: r.audit.waitlistDrift === 0, text: `zero waitlist drift (${r.audit.waitlistDrift})` },
    {
      met: r.audit.seatPoolDrift === 0 && r.audit.historyDrift === 0,
      text: `zero drift: reserved-seat/cross-list counters ${r.audit.seatPoolDrift}, history replay ${r.audit.historyDrift}`,
    },
    {
      met: r.knee !== null && r.knee >= KNEE_GOAL,
      text: `knee ≥ ${KNEE_GOAL} arrivals/s, even arrivals: ${r.knee ?? 'none'}`,
    },
  ];
  const kneeStep = atKnee(r.steps, r.knee);
  if (kneeStep?.load) {
    goals.push({
      met: kneeStep.load.catalogServer.p99 < CATALOG_GOAL_MS && kneeStep.load.catalogFailures === 0,
      text: `catalog and search under the load at the knee < ${CATALOG_GOAL_MS} ms server time: p99 ${ms(kneeStep.load.catalogServer.p99)} ms`,
    });
  }
  if (r.appointments) {
    goals.push({
      met: r.appointments.notReached === 0,
      text: `no arrival before its appointment (${r.appointments.notReached} refused appointment_not_reached)`,
    });
    for (const [label, knee] of [
      ['without appointments (the opening rush)', r.appointments.kneeWithout],
      ['with appointments (slots)', r.appointments.kneeWith],
    ] as const) {
      goals.push({ met: knee !== null && knee >= KNEE_GOAL, text: `knee ≥ ${KNEE_GOAL} arrivals/s ${label}: ${knee ?? 'none'}` });
    }
  }
  for (const c of r.catalog) {
    goals.push({
      met: c.status === 200 && c.latency.p50 < CATALOG_GOAL_MS,
      text: `${c.label} at ${r.sections} sections < ${CATALOG_GOAL_MS} ms: p50 ${ms(c.latency.p50)} ms (HTTP ${c.status}, ${c.rows ?? '?'} rows)`,
    });
  }
  return goals;
}

export function renderDayText(r: RegistrationDayResult, goals: DayGoal[]): string {
  const keys = [...new Set(r.steps.flatMap((s) => Object.keys(s.outcomes)))].sort();
  const steps = table(
    [
      'offered/s',
      'arrivals',
      'requests',
      'answers/s',
      'p50 ms',
      'p99 ms',
      '5xx',
      'other',
      'late',
      'unfinished',
      'catalog srv p50/p99',
      'RSS MB',
      'pg conns',
      'CPU ms/answer app+pg',
      'outcomes',
    ],
    r.steps.map((s) => [
      String(s.offeredPerSecond),
      String(s.arrivals),
      String(s.requests),
      perSecond(s.answersPerSecond),
      ms(s.latency.p50),
      ms(s.latency.p99),
      String(s.serverErrors),
      String(s.otherErrors),
      String(s.lateStarts),
      String(s.unfinished),
      s.load ? `${ms(s.load.catalogServer.p50)} / ${ms(s.load.catalogServer.p99)}` : '–',
      s.load ? String(Math.round(s.load.rssMb)) : '–',
      s.load ? `${s.load.connections} (${s.load.activeConnections})` : '–',
      cpuCell(s),
      keys
        .filter((k) => s.outcomes[k])
        .map((k) => `${k} ${s.outcomes[k]}`)
        .join(', '),
    ]),
  );
  const catalog = table(
    ['catalog request', 'HTTP', 'rows', 'p50 ms', 'p95 ms', 'queries p50 ms', 'path'],
    r.catalog.map((c) => [
      c.label,
      String(c.status),
      String(c.rows ?? '?'),
      ms(c.latency.p50),
      ms(c.latency.p95),
      c.dbMs === undefined ? '–' : ms(c.dbMs),
      c.path.replace(/term=[^&]+/, 'term=…'),
    ]),
  );
  const shapes = table(
    ['catalog statements, same run (straight to the database)', 'p50 ms', 'p95 ms'],
    r.shapes.map((t) => [t.label, ms(t.p50), ms(t.p95)]),
  );
  const a = r.audit;
  const t = r.structure;
  const appointmentKnees = r.appointments
    ? [
        `knee without appointments: ${r.appointments.kneeWithout ?? 'none'} arrivals/s; at it: ${loadText(
          atKnee(
            r.appointments.steps.flatMap((s) => (s.without ? [s.without] : [])),
            r.appointments.kneeWithout,
          )?.load,
        )}`,
        `knee with appointments: ${r.appointments.kneeWith ?? 'none'} arrivals/s; at it: ${loadText(
          atKnee(
            r.appointments.steps.flatMap((s) => (s.with ? [s.with] : [])),
            r.appointments.kneeWith,
          )?.load,
        )}`,
        '',
      ]
    : [];
  return [
    `Registration day: ${r.students} students, ${r.sections} sections (seeded in ${r.seedSeconds.toFixed(1)} s, ${r.heldStudents} with a hold), ${r.sessions} signed-in sessions taken in turn`,
    `The term's structure: ${t.labs} labs linked to lectures (taken as sets), ${t.halfTerm} half-term sections, ${t.prerequisiteCourses} courses ` +
      `with a prerequisite (min grade C), ${t.profiles} student profiles, ${t.transcriptLines} transcript lines`,
    '',
    `The catalog at ${r.sections} sections (sequential GETs before the arrivals, client-side on loopback; load average ${r.load.atCatalog.toFixed(1)} on ${r.load.cpus} cores):`,
    catalog,
    '',
    shapes,
    '',
    'Open-loop arrivals (each student: 2–5 sections by Zipf popularity, most popular first; waitlist on section_full when open):',
    steps,
    `knee: ${r.knee === null ? 'none' : `${r.knee} arrivals/s`}`,
    `at the knee: ${loadText(atKnee(r.steps, r.knee)?.load)}`,
    ...modelBound(r.steps, r.load.cpus),
    '',
    ...(r.appointments ? [renderAppointments(r.appointments, r.steps[0]?.seconds ?? 0), ''] : []),
    ...appointmentKnees,
    `Audit: ${a.seatsTaken} seats taken, ${a.waiting} waiting; over-enrolled ${a.overEnrolled}, count drift ${a.countDrift}, rule drift ${a.ruleDrift}, ` +
      `waitlist drift ${a.waitlistDrift}, reserved-seat/cross-list drift ${a.seatPoolDrift}, history drift ${a.historyDrift}`,
    '',
    'Goals:',
    ...goals.map((g) => `  ${g.met ? '✔' : '✘'} ${g.text}`),
  ].join('\n');
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Two panels over the offered rate (log scale): p50/p99 latency with the 1 s line, and answers per second. */
export function renderDayChart(r: RegistrationDayResult): string {
  const rates = r.steps.map((s) => s.offeredPerSecond);
  const [w, h, left, top] = [380, 260, 60, 40];
  const lo = Math.log(Math.min(...rates) / 1.3);
  const hi = Math.log(Math.max(...rates) * 1.1);
  const x = (rate: number) => left + ((Math.log(rate) - lo) / (hi - lo || 1)) * w;
  const panel = (
    offset: number,
    title: string,
    series: { label: string; color: string; value: (s: RegistrationDayResult['steps'][number]) => number }[],
    line?: number,
  ) => {
    const max = Math.max(line ?? 0, ...r.steps.flatMap((s) => series.map((k) => k.value(s))), 1) * 1.1;
    const y = (v: number) => top + h - (Math.min(v, max) / max) * h;
    const ox = offset;
    const paths = series
      .map(
        (k) =>
          `<polyline fill="none" stroke="${k.color}" stroke-width="2" points="${r.steps.map((s) => `${ox + x(s.offeredPerSecond)},${y(k.value(s))}`).join(' ')}"/>` +
          r.steps
            .map((s) => `<circle cx="${ox + x(s.offeredPerSecond)}" cy="${y(k.value(s))}" r="3" fill="${k.color}"/>`)
            .join(''),
      )
      .join('');
    const ticks = rates
      .map((rate) => `<text x="${ox + x(rate)}" y="${top + h + 16}" text-anchor="middle">${rate}</text>`)
      .join('');
    const yTicks = [0, 0.5, 1]
      .map((f) => `<text x="${ox + left - 6}" y="${y(max * f) + 4}" text-anchor="end">${Math.round(max * f)}</text>`)
      .join('');
    const ref = line
      ? `<line x1="${ox + left}" x2="${ox + left + w}" y1="${y(line)}" y2="${y(line)}" stroke="#d62728" stroke-dasharray="4 3"/><text x="${ox + left + w}" y="${y(line) - 4}" text-anchor="end" fill="#d62728">1 s</text>`
      : '';
    const knee =
      r.knee === null
        ? ''
        : `<line x1="${ox + x(r.knee)}" x2="${ox + x(r.knee)}" y1="${top}" y2="${top + h}" stroke="#2ca02c" stroke-dasharray="2 3"/><text x="${ox + x(r.knee) + 4}" y="${top + 12}" fill="#2ca02c">knee ${r.knee}/s</text>`;
    const legend = series
      .map((k, i) => `<text x="${ox + left + 10 + i * 90}" y="${top + 28}" fill="${k.color}">${escape(k.label)}</text>`)
      .join('');
    return `<g><text x="${ox + left}" y="${top - 14}" font-weight="bold">${escape(title)}</text>
<rect x="${ox + left}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#ccc"/>${ref}${knee}${paths}${ticks}${yTicks}${legend}
<text x="${ox + left + w / 2}" y="${top + h + 34}" text-anchor="middle">offered arrivals/s (log)</text></g>`;
  };
  const latency = panel(
    0,
    'Latency of each request, ms',
    [
      { label: 'p50', color: '#1f77b4', value: (s) => s.latency.p50 },
      { label: 'p99', color: '#ff7f0e', value: (s) => s.latency.p99 },
    ],
    1000,
  );
  const throughput = panel(470, 'Answers per second', [
    { label: 'answers/s', color: '#9467bd', value: (s) => s.answersPerSecond },
  ]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="940" height="350" viewBox="0 0 940 350" font-family="system-ui, sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>${latency}${throughput}</svg>\n`;
}

export async function writeDayArtifacts(r: RegistrationDayResult, text: string, startedAt: string, outDir: string) {
  await fs.mkdir(outDir, { recursive: true });
  const stamp = startedAt.replace(/[:.]/g, '-');
  const svg = renderDayChart(r);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Curriculab registration day ${escape(startedAt)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px}pre{font-size:12px;overflow-x:auto;background:#f7f7f7;padding:1rem}</style>
</head><body><h1>Curriculab registration day, ${escape(startedAt)}</h1>
${svg}
<pre>${escape(text)}</pre>
</body></html>
`;
  const files: [string, string][] = [
    [`registration-day-${stamp}.json`, JSON.stringify({ startedAt, ...r }, null, 2)],
    [`registration-day-${stamp}.svg`, svg],
    [`registration-day-${stamp}.html`, html],
  ];
  for (const [name, content] of files) {
    await fs.writeFile(path.join(outDir, name), content);
    await fs.writeFile(path.join(outDir, name.replace(stamp, 'latest')), content);
  }
  return files.map(([name]) => path.join(outDir, name));
}
