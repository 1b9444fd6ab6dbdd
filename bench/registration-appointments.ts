/**
 * The registration day with appointments (docs/decisions/0025) beside the same day without: at each offered rate the
 * same number of students arrive in one step, either all free to register from the step's start (the opening rush:
 * they come as soon as they can, front-loaded) or in slots of N students every M seconds, each slot's
 * registration_appointments rows opening at its start and its students coming as soon as their slot opens (the same
 * front-loaded shape, within the slot). The database enforces the slots (appointment_not_reached): an arrival refused
 * by it is counted, and should never happen. Knee and p99 of each: how much the slots flatten the rush.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/executor';
import { ms, perSecond, table } from './format';
import type { Progress } from './progress';
import { runStep, type Arrival, type Choice, type DayStep } from './registration-day';
import type { StepLoad } from './registration-load';
import type { SignedIn } from './rush';

export interface AppointmentStep {
  offeredPerSecond: number;
  /** The most arrivals in any one second of the step: the rush's peak, against the slots'. */
  peakWithout: number;
  peakWith: number;
  without: DayStep | undefined;
  with: DayStep | undefined;
}

export interface AppointmentsResult {
  slots: number;
  slotSeconds: number;
  steps: AppointmentStep[];
  kneeWithout: number | null;
  kneeWith: number | null;
  /** Arrivals the database refused with appointment_not_reached (the harness came early: must be 0). */
  notReached: number;
}

/** Before a slot's first arrival, so the transaction's now() is past opens_at however the clocks round. */
const OPENS_EARLY_MS = 50;

/** `count` students coming as soon as they can after `fromMs`: half of them in the first quarter of `windowMs`. */
const frontLoaded = (count: number, fromMs: number, windowMs: number) =>
  Array.from({ length: count }, (_, j) => fromMs + windowMs * (j / count) ** 2);

function peakPerSecond(times: readonly number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const kneeOf = (steps: AppointmentStep[], which: 'with' | 'without') =>
  steps.filter((s) => s[which] && s[which].latency.p99 < 1000 && s[which].serverErrors === 0).at(-1)?.offeredPerSecond ?? null;

const saturated = (s: DayStep) => s.latency.p99 > 5000 || s.serverErrors > s.requests / 20;

export async function runAppointments(input: {
  db: Executor;
  termId: number;
  sessions: readonly SignedIn[];
  nextSession: () => number;
  pick: () => Choice[];
  rates: readonly number[];
  stepSeconds: number;
  slotSeconds: number;
  progress: Progress;
  monitor?: () => { stop(): Promise<StepLoad> };
}): Promise<AppointmentsResult> {
  const { db, termId, sessions, nextSession, pick, stepSeconds, progress, monitor } = input;
  const stepMs = stepSeconds * 1000;
  const slots = Math.max(1, Math.round(stepSeconds / input.slotSeconds));
  const slotMs = stepMs / slots;
  const steps: AppointmentStep[] = [];
  let [stopWithout, stopWith] = [false, false];

  const rush = async (rate: number): Promise<DayStep> => {
    const count = Math.round(rate * stepSeconds);
    const schedule: Arrival[] = frontLoaded(count, 0, stepMs).map((atMs) => ({
      who: sessions[nextSession() % sessions.length]!,
      atMs,
    }));
    return runStep(schedule, pick, rate, stepSeconds, stepSeconds * 6, monitor);
  };

  const slotted = async (rate: number): Promise<DayStep> => {
    const count = Math.round(rate * stepSeconds);
    const schedule: (Arrival & { slot: number })[] = [];
    for (let slot = 0, taken = 0; slot < slots; slot++) {
      const inSlot = Math.round(((slot + 1) * count) / slots) - taken;
      taken += inSlot;
      for (const atMs of frontLoaded(inSlot, slot * slotMs, slotMs))
        schedule.push({ who: sessions[nextSession() % sessions.length]!, atMs, slot });
    }
    // The step starts at a wall-clock instant the rows are written against; a student arriving twice keeps the
    // earlier slot (and one from an earlier step stays open: LEAST), so no arrival comes before its own opening.
    const startsAt = Date.now() + 1000;
    const opens = new Map<number, number>();
    for (const { who, slot } of schedule) {
      const at = startsAt + slot * slotMs - OPENS_EARLY_MS;
      opens.set(who.student.id, Math.min(opens.get(who.student.id) ?? at, at));
    }
    const ids = [...opens.keys()];
    const times = ids.map((id) => new Date(opens.get(id)!).toISOString());
    await db.execute(sql`
      INSERT INTO registration_appointments (student_id, term_id, opens_at)
      SELECT unnest(${`{${ids.join(',')}}`}::int[]), ${termId}, unnest(${`{${times.join(',')}}`}::timestamptz[])
      ON CONFLICT (student_id, term_id) DO UPDATE SET opens_at = LEAST(registration_appointments.opens_at, EXCLUDED.opens_at)`);
    await sleep(Math.max(0, startsAt - Date.now()));
    return runStep(schedule, pick, rate, stepSeconds, stepSeconds * 6, monitor);
  };

  for (const [i, rate] of input.rates.entries()) {
    if (stopWithout && stopWith) break;
    progress.step(`registration day: ${rate} arrivals/s, the opening rush and ${slots} appointment slots`);
    const count = Math.round(rate * stepSeconds);
    const step: AppointmentStep = {
      offeredPerSecond: rate,
      peakWithout: peakPerSecond(frontLoaded(count, 0, stepMs)),
      peakWith: peakPerSecond(
        Array.from({ length: slots }, (_, slot) =>
          frontLoaded(Math.round(((slot + 1) * count) / slots) - Math.round((slot * count) / slots), slot * slotMs, slotMs),
        ).flat(),
      ),
      without: undefined,
      with: undefined,
    };
    // Alternate which goes first: the later one meets a term with fewer open seats.
    for (const which of i % 2 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
      if (which === 'without' && !stopWithout) step.without = await rush(rate);
      if (which === 'with' && !stopWith) step.with = await slotted(rate);
    }
    if (step.without && saturated(step.without)) stopWithout = true;
    if (step.with && saturated(step.with)) stopWith = true;
    steps.push(step);
  }
  const notReached = steps
    .flatMap((s) => [s.with, s.without])
    .flatMap((s) => Object.entries(s?.outcomes ?? {}))
    .filter(([key]) => key.includes('appointment_not_reached'))
    .reduce((n, [, count]) => n + count, 0);
  return {
    slots,
    slotSeconds: slotMs / 1000,
    steps,
    kneeWithout: kneeOf(steps, 'without'),
    kneeWith: kneeOf(steps, 'with'),
    notReached,
  };
}

export function renderAppointments(a: AppointmentsResult, stepSeconds: number): string {
  const cells = (s: DayStep | undefined) =>
    s ? [perSecond(s.answersPerSecond), ms(s.latency.p50), ms(s.latency.p99), String(s.serverErrors)] : ['–', '–', '–', '–'];
  const knee = (k: number | null) => (k === null ? 'none' : `${k}/s`);
  return [
    `With appointments and without: the same arrivals per ${stepSeconds} s step, all free from its start (the opening rush, ` +
      `front-loaded) or in ${a.slots} slots of ${a.slotSeconds.toFixed(1)} s (registration_appointments; each slot's students front-loaded in it):`,
    table(
      [
        'offered/s',
        'students',
        'peak/s without',
        'answers/s',
        'p50 ms',
        'p99 ms',
        '5xx',
        'peak/s with',
        'answers/s',
        'p50 ms',
        'p99 ms',
        '5xx',
      ],
      [
        ...a.steps.map((s) => [
          String(s.offeredPerSecond),
          String(Math.round(s.offeredPerSecond * stepSeconds)),
          String(s.peakWithout),
          ...cells(s.without),
          String(s.peakWith),
          ...cells(s.with),
        ]),
        ['knee', '', '', '', '', knee(a.kneeWithout), '', '', '', '', knee(a.kneeWith), ''],
      ],
    ),
    `arrivals the database refused as before their appointment: ${a.notReached} (must be 0)`,
  ].join('\n');
}
