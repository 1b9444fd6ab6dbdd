/** A rush of enroll requests through the balancer, the retries of a careful client, and the database's audit. */
import { inArray, sql } from 'drizzle-orm';
import { findEnrollmentDrift } from '../db/queries/integrity';
import { sections } from '../db/schema';
import { enrollRequest, healthOf, isDefinitive, type Answer } from './http';
import type { RushWorld } from './world';

/** A request that takes longer than this has hung, whatever it answers. */
export const HANG_MS = 10_000;

/**
 * Every student enrolls in every section, all at once (100 × 3 = 300 requests in flight). `fault` runs once
 * `faultAfter` answers have come back, while the rest are still in flight.
 */
export async function rush(world: RushWorld, sectionIds: number[], faultAfter: number, fault: () => Promise<void>) {
  let answered = 0;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (release = resolve));
  const requests = world.students.flatMap((student, s) =>
    sectionIds.map(async (sectionId) => {
      const answer = await enrollRequest(world.stack.url, student.cookie, s, sectionId);
      if (++answered === faultAfter) release();
      return answer;
    }),
  );
  const faultDone = Promise.race([reached, Promise.all(requests)]).then(fault);
  const answers = await Promise.all(requests);
  await faultDone;
  return answers;
}

/** Waits (bounded) until the balancer answers health 200 again. */
export async function waitForHealthy(url: string, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await healthOf(url)).status === 200) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}/api/health did not answer 200 within ${timeoutMs / 1000} s`);
}

/**
 * A careful client: a request that got no definitive answer (died on the wire, 502, 503) is sent again, up to
 * 5 times, half a second apart. Returns the final answer of every request.
 */
export async function retryUntilDefinitive(world: RushWorld, answers: Answer[]) {
  const finals = [...answers];
  let retried = 0;
  for (let attempt = 1; attempt <= 5; attempt++) {
    const open = finals.map((a, i) => [a, i] as const).filter(([a]) => !isDefinitive(a));
    if (!open.length) break;
    retried += open.length;
    const again = await Promise.all(
      open.map(([a]) => enrollRequest(world.stack.url, world.students[a.studentIndex]!.cookie, a.studentIndex, a.sectionId)),
    );
    open.forEach(([, i], k) => (finals[i] = again[k]!));
    if (finals.some((a) => !isDefinitive(a))) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { finals, retried };
}

export interface Audit {
  rows: number;
  overEnrolled: number;
  drift: number;
  createdWithoutRow: number;
  /** Final answers that contradict the database (told "full" but holds the seat, told "enrolled" but does not). */
  dishonest: number;
  undecided: number;
}

/** The database's own account, read directly from PostgreSQL (not through the app or PgBouncer). */
export async function audit(world: RushWorld, sectionIds: number[], answers: Answer[], finals: Answer[]): Promise<Audit> {
  const db = world.direct.db;
  const held = await db.execute<{ student_id: number; section_id: number }>(sql`
    SELECT student_id, section_id FROM enrollments
    WHERE section_id IN ${sql.raw(`(${sectionIds.join(',')})`)} AND enrollment_holds_seat(completion_status)`);
  const holds = new Set(held.map((r) => `${r.student_id}:${r.section_id}`));
  const key = (a: Answer) => `${world.students[a.studentIndex]!.id}:${a.sectionId}`;
  const rows = await db
    .select({ id: sections.id, capacity: sections.capacity, enrolledCount: sections.enrolledCount })
    .from(sections)
    .where(inArray(sections.id, sectionIds));
  const perSection = new Map<number, number>();
  for (const r of held) perSection.set(r.section_id, (perSection.get(r.section_id) ?? 0) + 1);
  // Seats beyond capacity, counted from the rows and from the trigger's counter alike.
  const overEnrolled = rows.reduce(
    (sum, s) => sum + Math.max(0, (perSection.get(s.id) ?? 0) - s.capacity, s.enrolledCount - s.capacity),
    0,
  );
  const created = [...answers, ...finals].filter((a) => a.status === 201);
  return {
    rows: held.length,
    overEnrolled,
    drift: (await findEnrollmentDrift(db)).length,
    createdWithoutRow: created.filter((a) => !holds.has(key(a))).length,
    dishonest: finals.filter((a) => isDefinitive(a) && holds.has(key(a)) !== (a.status === 201 || a.error === 'already_enrolled'))
      .length,
    undecided: finals.filter((a) => !isDefinitive(a)).length,
  };
}

/** "201 × 117, 409 section_full × 150, 502 × 33, …" */
export function tallyAnswers(answers: Answer[]): string {
  const tally = new Map<string, number>();
  for (const a of answers) {
    const label =
      a.status === 0
        ? `connection error (${a.error})`
        : a.status === 409 || a.status === 503
          ? `${a.status} ${a.error}`
          : String(a.status);
    tally.set(label, (tally.get(label) ?? 0) + 1);
  }
  return [...tally.entries()]
    .sort()
    .map(([label, n]) => `${label} × ${n}`)
    .join(', ');
}

export const slowest = (answers: Answer[]) => Math.max(0, ...answers.map((a) => a.ms));
