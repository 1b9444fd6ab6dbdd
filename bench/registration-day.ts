/**
 * `npm run bench -- --registration-day`: a term at scale, the catalog timed at that size, then an open-loop arrival
 * of students at rising rates, each trying a few sections popular first (docs/decisions/0015).
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/executor';
import {
  findEnrollmentDrift,
  findHistoryDrift,
  findRuleDrift,
  findSeatPoolDrift,
  findWaitlistDrift,
} from '../db/queries/integrity';
import type { BenchStudent } from './data';
import { BENCH_PASSWORD } from './data';
import { jsonField, request, signIn } from './http';
import type { BenchOptions } from './options';
import type { Progress } from './progress';
import { timeCatalogShapes, type ShapeTiming } from './catalog-shapes';
import { seedRegistrationDay, zipfSampler, type DayTerm } from './registration-seed';
import { runAppointments, type AppointmentsResult } from './registration-appointments';
import { sampleStep, type StepLoad } from './registration-load';
import { signInAll, type SignedIn } from './rush';
import { summarize, type LatencySummary } from './stats';

export interface DayStep {
  offeredPerSecond: number;
  seconds: number;
  arrivals: number;
  requests: number;
  /** Answers of this step's students per second, from the step's start to its last answer. */
  answersPerSecond: number;
  latency: LatencySummary;
  serverErrors: number;
  /** No HTTP answer (network error, the client's timeout) or a status no student should see (401, 403 csrf, 404). */
  otherErrors: number;
  /** "201 enrolled", "409 section_full", "201 waitlisted", … */
  outcomes: Record<string, number>;
  /** Arrivals the client started more than 50 ms after their scheduled time (the client, not the app, fell behind). */
  lateStarts: number;
  /** Students still waiting for an answer when the step's drain time ran out (their answers still count). */
  unfinished: number;
  /** The catalog under this step's load, the app servers' RSS and PostgreSQL's connections (bench/registration-load.ts). */
  load?: StepLoad;
}

/** One choice of a student: a section alone, or a lecture and one of its labs (one set, POST /api/enrollments). */
export type Choice = number[];

export interface CatalogTiming {
  label: string;
  path: string;
  status: number;
  latency: LatencySummary;
  /** The JSON route's own Server-Timing (its queries), p50 ms; undefined for a page. */
  dbMs: number | undefined;
  rows: number | undefined;
}

export interface DayAudit {
  overEnrolled: number;
  countDrift: number;
  ruleDrift: number;
  waitlistDrift: number;
  /** Reserved-seat and cross-list counters (db:check's findSeatPoolDrift). */
  seatPoolDrift: number;
  /** The history's replay against the seats and places held (db:check's findHistoryDrift). */
  historyDrift: number;
  seatsTaken: number;
  waiting: number;
}

export interface RegistrationDayResult {
  /** 1-minute load average when the catalog was timed, and the cores: a shared machine's noise, stated. */
  load: { atCatalog: number; cpus: number };
  students: number;
  sections: number;
  sessions: number;
  heldStudents: number;
  structure: DayTerm['structure'];
  seedSeconds: number;
  catalog: CatalogTiming[];
  /** The catalog's statements before and after docs/decisions/0015, same run, straight to the database. */
  shapes: ShapeTiming[];
  steps: DayStep[];
  /** The highest offered rate with p99 < 1 s and no 5xx; null when even the first step missed. */
  knee: number | null;
  /** The same rates as the opening rush and in appointment slots (bench/registration-appointments.ts), or skipped. */
  appointments: AppointmentsResult | undefined;
  audit: DayAudit;
}

const CATALOG_RUNS = 15;

/** Sequential GETs on a quiet app: client-side latency on loopback, an upper bound on the server's time. */
async function timeCatalog(base: string, cookie: string, label: string, path: string): Promise<CatalogTiming> {
  const url = `${base}${path}`;
  for (let i = 0; i < 3; i++) await request(url, { headers: { cookie } }); // compile and warm
  const times: number[] = [];
  const db: number[] = [];
  let last: Awaited<ReturnType<typeof request>> = { status: 0, body: '', headers: {} };
  for (let i = 0; i < CATALOG_RUNS; i++) {
    const started = performance.now();
    last = await request(url, { headers: { cookie } });
    times.push(performance.now() - started);
    const timing = /db;dur=([\d.]+)/.exec(String(last.headers['server-timing'] ?? ''));
    if (timing) db.push(Number(timing[1]));
  }
  const sections = jsonField(last.body, 'sections');
  const rows = Array.isArray(sections) ? sections.length : (last.body.match(/<tr[ >]/g)?.length ?? 1) - 1; // header row
  return { label, path, status: last.status, latency: summarize(times), dbMs: db.length ? summarize(db).p50 : undefined, rows };
}

export async function catalogTimings(base: string, day: DayTerm, student: string, registrar: string) {
  const term = encodeURIComponent(day.termCode);
  const last = Math.ceil(day.byPopularity.length / 25);
  const runs: [string, string, string][] = [
    ['catalog page 1', `/sections?term=${term}`, student],
    ['catalog search "Algorithms"', `/sections?term=${term}&q=Algorithms`, student],
    ['catalog "CS 1", open seats', `/sections?term=${term}&q=CS+1&open=1`, student],
    ['catalog last page', `/sections?term=${term}&page=${last}`, student],
    ['JSON catalog page 1', `/api/sections?term=${term}`, student],
    ['JSON catalog search "Markets"', `/api/sections?term=${term}&q=Markets`, student],
    ['JSON catalog page 100', `/api/sections?term=${term}&page=100`, student],
    ['registrar list', `/registrar?term=${term}`, registrar],
    ['registrar search "PHYS"', `/registrar?term=${term}&q=PHYS`, registrar],
  ];
  const out: CatalogTiming[] = [];
  for (const [label, path, cookie] of runs) out.push(await timeCatalog(base, cookie, label, path));
  return out;
}

interface Answer {
  key: string;
  status: number;
  latencyMs: number;
  answeredAt: number;
}

/**
 * One student: 2–5 choices, most popular first, a section alone or a lecture with one of its labs in one set; on
 * section_full of a section alone with an open waitlist, join it.
 */
async function student(who: SignedIn, picks: Choice[], answers: Answer[]) {
  for (const choice of picks) {
    if (choice.length > 1) {
      await post(who, '/api/enrollments', 'set enrolled', answers, { sections: choice });
      continue;
    }
    const sectionId = choice[0]!;
    const enroll = await post(who, `/api/sections/${sectionId}/enrollments`, 'enrolled', answers);
    if (enroll?.key !== '409 section_full') continue;
    if (enroll.open) await post(who, `/api/sections/${sectionId}/waitlist`, 'waitlisted', answers);
  }
}

async function post(who: SignedIn, path: string, ok: string, answers: Answer[], body?: unknown) {
  const started = performance.now();
  try {
    const res = await request(`${who.base}${path}`, {
      method: 'POST',
      headers: body ? { cookie: who.cookie, 'content-type': 'application/json' } : { cookie: who.cookie },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const code = jsonField(res.body, 'error');
    const key = res.status < 300 ? `${res.status} ${ok}` : `${res.status} ${typeof code === 'string' ? code : ''}`.trim();
    const answeredAt = performance.now();
    answers.push({ key, status: res.status, latencyMs: answeredAt - started, answeredAt });
    const waitlist = jsonField(res.body, 'waitlist') as { open?: boolean } | undefined;
    return { key, open: waitlist?.open === true };
  } catch {
    answers.push({ key: 'no answer', status: 0, latencyMs: performance.now() - started, answeredAt: performance.now() });
    return undefined;
  }
}

const OTHER = (status: number) => status === 0 || status === 401 || status === 404 || status === 400 || status === 413;

/** One arrival: who, and when (ms after the step's start), in order of time. */
export interface Arrival {
  who: SignedIn;
  atMs: number;
}

/** The step's arrivals at an even pace: `rate` per second for `seconds`, students taken in turn. */
export function evenArrivals(sessions: readonly SignedIn[], nextSession: () => number, rate: number, seconds: number): Arrival[] {
  return Array.from({ length: Math.round(rate * seconds) }, (_, i) => ({
    who: sessions[nextSession() % sessions.length]!,
    atMs: (i * 1000) / rate,
  }));
}

/** Arrivals scheduled by the clock (open loop): a slow answer never delays the next student's arrival. */
export async function runStep(
  schedule: readonly Arrival[],
  pick: () => Choice[],
  rate: number,
  seconds: number,
  drainSeconds: number,
  monitor?: () => { stop(): Promise<StepLoad> },
): Promise<DayStep> {
  const sampling = monitor?.();
  const answers: Answer[] = [];
  const inFlight: Promise<void>[] = [];
  const arrivals = schedule.length;
  const start = performance.now();
  let lateStarts = 0;
  let finished = 0;
  for (const { who, atMs } of schedule) {
    const due = start + atMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (performance.now() - due > 50) lateStarts++;
    inFlight.push(student(who, pick(), answers).finally(() => finished++));
  }
  const all = Promise.all(inFlight);
  await Promise.race([all, sleep(drainSeconds * 1000)]);
  const unfinished = arrivals - finished;
  await all; // every answer counts, and the next step starts on a drained app
  const load = await sampling?.stop();
  const end = answers.reduce((latest, a) => Math.max(latest, a.answeredAt), start);
  const outcomes: Record<string, number> = {};
  for (const a of answers) outcomes[a.key] = (outcomes[a.key] ?? 0) + 1;
  return {
    offeredPerSecond: rate,
    seconds,
    arrivals,
    requests: answers.length,
    answersPerSecond: answers.length ? (answers.length * 1000) / (end - start) : 0,
    latency: summarize(answers.map((a) => a.latencyMs)),
    serverErrors: answers.filter((a) => a.status >= 500).length,
    otherErrors: answers.filter((a) => OTHER(a.status)).length,
    outcomes,
    lateStarts,
    unfinished,
    ...(load ? { load } : {}),
  };
}

export async function auditDay(db: Executor, termId: number): Promise<DayAudit> {
  const [counts] = await db.execute<{ over: number; taken: number; waiting: number }>(sql`
    SELECT (SELECT count(*)::int FROM sections s WHERE s.term_id = ${termId} AND
              (SELECT count(*) FROM enrollments e WHERE e.section_id = s.id
                 AND e.completion_status IN ('enrolled', 'completed')) > s.capacity) AS over,
           (SELECT coalesce(sum(enrolled_count), 0)::int FROM sections WHERE term_id = ${termId}) AS taken,
           (SELECT count(*)::int FROM waitlist_entries w JOIN sections s ON s.id = w.section_id
             WHERE s.term_id = ${termId}) AS waiting`);
  return {
    overEnrolled: counts?.over ?? 0,
    countDrift: (await findEnrollmentDrift(db)).length,
    ruleDrift: (await findRuleDrift(db)).length,
    waitlistDrift: (await findWaitlistDrift(db)).length,
    seatPoolDrift: (await findSeatPoolDrift(db)).length,
    historyDrift: (await findHistoryDrift(db)).length,
    seatsTaken: counts?.taken ?? 0,
    waiting: counts?.waiting ?? 0,
  };
}

export async function runRegistrationDay(
  options: BenchOptions,
  db: Executor,
  bases: string[],
  pids: readonly number[],
  progress: Progress,
): Promise<RegistrationDayResult> {
  const seedStarted = Date.now();
  progress.step(`registration day: seeding ${options.dayStudents} students, ${options.daySections} sections`);
  const day = await seedRegistrationDay(db, options.dayStudents, options.daySections);
  const seedSeconds = (Date.now() - seedStarted) / 1000;

  progress.step(`registration day: signing in ${options.sessions} students`);
  const who = await db.execute<{ id: number; email: string }>(sql`
    SELECT id, email FROM users WHERE email LIKE ${`day-${day.tag}-%`} AND role = 'student' ORDER BY id LIMIT ${options.sessions}`);
  const students: BenchStudent[] = who.map((r) => ({ id: r.id, email: r.email }));
  let signedCount = 0;
  const sessions = await signInAll(bases, students, () => {
    if (++signedCount % 50 === 0) progress.note(`registration day: signed in ${signedCount}/${students.length}`);
  });
  const registrar = await signIn(bases[0]!, day.registrarEmail, BENCH_PASSWORD);

  progress.step(`registration day: the catalog at ${options.daySections} sections`);
  const load = { atCatalog: os.loadavg()[0] ?? 0, cpus: os.availableParallelism() };
  const catalog = await catalogTimings(bases[0]!, day, sessions[0]!.cookie, registrar);
  const shapes = await timeCatalogShapes(db, day.termId, options.daySections);

  const rank = zipfSampler(day.byPopularity.length);
  // A lab chosen is taken with its lecture; a lecture with labs with one of them (the student's pick among them).
  const choice = (id: number): Choice => {
    const lecture = day.lectureOf.get(id);
    if (lecture !== undefined) return [lecture, id];
    const labs = day.labsOf.get(id);
    return labs?.length ? [id, labs[Math.floor(Math.random() * labs.length)]!] : [id];
  };
  const pick = () => {
    const wanted = 2 + Math.floor(Math.random() * 4);
    const ranks = new Set<number>();
    while (ranks.size < wanted) ranks.add(rank());
    const seen = new Set<number>();
    return [...ranks]
      .sort((a, b) => a - b)
      .map((r) => choice(day.byPopularity[r]!))
      .filter((c) => !seen.has(c[0]!) && seen.add(c[0]!));
  };
  const monitor = () => sampleStep({ db, base: bases[0]!, cookie: sessions[0]!.cookie, termCode: day.termCode, pids });
  let arrival = 0;
  const steps: DayStep[] = [];
  for (const rate of options.rates) {
    progress.step(`registration day: ${rate} arrivals/s for ${options.stepSeconds} s`);
    const schedule = evenArrivals(sessions, () => arrival++, rate, options.stepSeconds);
    const step = await runStep(schedule, pick, rate, options.stepSeconds, options.stepSeconds * 6, monitor);
    steps.push(step);
    // Past saturation every further step only queues longer: stop rising.
    if (step.latency.p99 > 5000 || step.serverErrors > step.requests / 20) break;
  }
  const knee = steps.filter((s) => s.latency.p99 < 1000 && s.serverErrors === 0).at(-1)?.offeredPerSecond ?? null;

  const appointments = options.appointments
    ? await runAppointments({
        db,
        termId: day.termId,
        sessions,
        nextSession: () => arrival++,
        pick,
        rates: options.rates,
        stepSeconds: options.stepSeconds,
        slotSeconds: options.slotSeconds,
        progress,
        monitor,
      })
    : undefined;

  progress.step('registration day: audit');
  const audit = await auditDay(db, day.termId);
  return {
    load,
    students: options.dayStudents,
    sections: options.daySections,
    sessions: sessions.length,
    heldStudents: day.heldStudents,
    structure: day.structure,
    seedSeconds,
    catalog,
    shapes,
    steps,
    knee,
    appointments,
    audit,
  };
}
