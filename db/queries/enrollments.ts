import 'server-only';
import type { AcceptedConflict } from './sections';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Result } from '@/core/result';
import { db } from '../index';
import { RULE_FAILURES, refusalOrThrow, ruleRefusalOf, type RuleRefusal } from '../errors';
import { actorIsSet } from '../actor';
import type { Executor } from '../executor';
import { courses, enrollments, sections, users, type CompletionStatus, type Enrollment } from '../schema';
import { sectionMeetingsColumn } from './meetings';

const ENROLL_REFUSALS = [
  'section_full',
  'seats_reserved',
  'already_enrolled',
  'section_not_found',
  'student_not_found',
  ...RULE_FAILURES,
] as const;

export type EnrollRefusal =
  (typeof ENROLL_REFUSALS)[number] | 'registration_not_open' | 'registration_closed' | 'unauthenticated';
/**
 * `incomplete_set`: a member of a set dropped alone outside a transaction, refused as the statement commits
 * (docs/decisions/0022), e.g. a lecture whose lab the student's own set request took a moment ago.
 */
export type UnenrollRefusal = 'section_not_found' | 'not_enrolled' | 'incomplete_set';

/** What a full section's refusal says about its waitlist, read in the statement's own snapshot. */
export interface WaitlistFill {
  capacity: number;
  length: number;
}

/**
 * A refused seat; a registration rule's refusal also says what it is about (the other section, the totals…); a
 * section found full before the INSERT also says how long its waitlist is.
 */
export type EnrollResult =
  { ok: true; value: Enrollment } | { ok: false; reason: EnrollRefusal; refusal?: RuleRefusal; waitlist?: WaitlistFill };

export interface EnrollOptions {
  /**
   * A student's own enrollment: only while the term's registration is open, decided by the same statement with
   * the database's clock (docs/decisions/0014). A registrar's placement and a swap (whose caller checks the
   * window) leave it out.
   */
  duringRegistration?: boolean;
  /** A section found full says how long its waitlist is (the API's `section_full` body carries it). */
  withWaitlist?: boolean;
  /** Who the history records as acting (docs/decisions/0012): the student unless a registrar acts for them. */
  actorId?: number | null;
  /**
   * The student's own session, checked by this statement instead of a lookup before it (docs/decisions/0016): the
   * users row must still carry this session version and the student role, or nothing is written and the answer is
   * 'unauthenticated', before any other.
   */
  sessionVersion?: number;
}

/** The statement's columns as postgres.js returns them through Drizzle's raw execute (timestamps as text). */
interface EnrollRow extends Record<string, unknown> {
  session_holds: boolean | null;
  found: boolean | null;
  is_full: boolean | null;
  held: boolean | null;
  registration: 'not_yet_open' | 'open' | 'closed' | null;
  section: string | null;
  waitlist_capacity: number | null;
  waitlist_length: number | null;
  id: number | null;
  student_id: number;
  section_id: number;
  completion_status: CompletionStatus;
  created_at: string;
  updated_at: string;
}

/**
 * One statement, one round trip (docs/decisions/0004, 0002, 0006 and 0014). `state` reads the section, its
 * term's registration window and the student's own row in one snapshot, without locks: a section that is
 * clearly full gets no INSERT, so the refusal does not queue for the section's row lock (the common answer in a
 * rush), and a student who holds a seat there still hears "already enrolled"; a full section's waitlist fill
 * comes back with the refusal. With `duringRegistration`, a closed window or an unknown section inserts nothing.
 * Otherwise the INSERT runs: the trigger takes the seat and the CHECK refuses the seat that does not exist, so
 * the CHECK alone admits. A withdrawn student re-enrolls through the conflict clause, which the trigger counts
 * like a new row; a seat-holding row is left alone and no row comes back.
 * `actorId` (the signed-in user: the student, or a registrar on their behalf) is set by the INSERT's own condition
 * for the history trigger (docs/decisions/0012): no extra round trip.
 */
export async function enroll(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
  { duringRegistration = false, withWaitlist = false, actorId = studentId, sessionVersion }: EnrollOptions = {},
): Promise<EnrollResult> {
  const windowOpen = duringRegistration ? sql`AND (SELECT registration FROM state) = 'open'` : sql``;
  const checked = sessionVersion !== undefined;
  const holder = checked
    ? sql`(SELECT true FROM users u WHERE u.id = ${studentId} AND u.session_version = ${sessionVersion} AND u.role = 'student')`
    : sql`true`;
  try {
    const [row] = await database.execute<EnrollRow>(sql`
      WITH holder AS (SELECT ${holder} AS holds),
      state AS (
        SELECT true AS found,
               s.enrolled_count >= s.capacity AS is_full,
               CASE WHEN s.enrolled_count >= s.capacity THEN section_label(s.id) END AS section,
               EXISTS (SELECT 1 FROM enrollments e
                        WHERE e.student_id = ${studentId} AND e.section_id = s.id
                          AND enrollment_holds_seat(e.completion_status)) AS held,
               term_registration_window(t.id) AS registration,
               s.waitlist_capacity,
               CASE WHEN s.enrolled_count >= s.capacity
                    THEN (SELECT count(*)::int FROM waitlist_entries w WHERE w.section_id = s.id) END AS waitlist_length
        FROM sections s JOIN terms t ON t.id = s.term_id WHERE s.id = ${sectionId}),
      taken AS (
        INSERT INTO enrollments (student_id, section_id)
        SELECT ${studentId}, ${sectionId} WHERE (SELECT holds FROM holder) AND NOT coalesce((SELECT is_full FROM state), false)
          ${windowOpen} AND ${actorIsSet(actorId)}
        ON CONFLICT ON CONSTRAINT enrollments_student_section_key
          DO UPDATE SET completion_status = 'enrolled' WHERE enrollments.completion_status = 'withdrawn'
        RETURNING *)
      SELECT (SELECT holds FROM holder) AS session_holds, state.found, state.is_full, state.held, state.registration,
             state.section, state.waitlist_capacity, state.waitlist_length, taken.*
      FROM (SELECT 1) AS one LEFT JOIN state ON true LEFT JOIN taken ON true`);
    if (row?.id != null) {
      return {
        ok: true,
        value: {
          id: row.id,
          studentId: row.student_id,
          sectionId: row.section_id,
          completionStatus: row.completion_status,
          grade: (row.grade as string | null) ?? null,
          createdAt: new Date(row.created_at),
          updatedAt: new Date(row.updated_at),
        },
      };
    }
    if (checked && !row?.session_holds) return { ok: false, reason: 'unauthenticated' };
    if (duringRegistration) {
      if (!row?.found) return { ok: false, reason: 'section_not_found' };
      if (row.registration === 'closed') return { ok: false, reason: 'registration_closed' };
      if (row.registration === 'not_yet_open') return { ok: false, reason: 'registration_not_open' };
    }
    if (row?.is_full) {
      if (row.held) return { ok: false, reason: 'already_enrolled' };
      const refusal = { rule: 'section_full', detail: { sectionId, section: row.section ?? '' } } as const;
      if (!withWaitlist) return { ok: false, reason: 'section_full', refusal };
      return {
        ok: false,
        reason: 'section_full',
        refusal,
        waitlist: { capacity: row.waitlist_capacity ?? 0, length: row.waitlist_length ?? 0 },
      };
    }
    return { ok: false, reason: 'already_enrolled' };
  } catch (error) {
    const reason = refusalOrThrow(error, 'enroll', ENROLL_REFUSALS);
    const refusal = ruleRefusalOf(error);
    return refusal ? { ok: false, reason, refusal } : { ok: false, reason };
  }
}

/** Before the drop deadline: the enrollment disappears and the trigger gives the seat back. */
export async function drop(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
  actorId: number | null = studentId,
): Promise<Result<Enrollment, UnenrollRefusal>> {
  return unenroll(studentId, sectionId, database, actorId, (where) => database.delete(enrollments).where(where).returning());
}

/** After the drop deadline: the record stays as 'withdrawn', which holds no seat. */
export async function withdraw(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
  actorId: number | null = studentId,
): Promise<Result<Enrollment, UnenrollRefusal>> {
  return unenroll(studentId, sectionId, database, actorId, (where) =>
    database.update(enrollments).set({ completionStatus: 'withdrawn' }).where(where).returning(),
  );
}

async function unenroll(
  studentId: number,
  sectionId: number,
  database: Executor,
  actorId: number | null,
  change: (where: ReturnType<typeof and>) => Promise<Enrollment[]>,
): Promise<Result<Enrollment, UnenrollRefusal>> {
  try {
    // A section with a waitlist is locked by a sub-select evaluated before the enrollment row is: the section first,
    // then the student's rows (docs/decisions/0011). Others keep docs/decisions/0008's order.
    const lockedSection = sql`coalesce((SELECT s.id FROM sections s WHERE s.id = ${sectionId}
      AND (s.waitlist_capacity > 0 OR s.waitlist_last_position > 0) FOR NO KEY UPDATE), ${sectionId})`;
    const [row] = await change(
      and(
        eq(enrollments.studentId, studentId),
        eq(enrollments.sectionId, lockedSection),
        eq(enrollments.completionStatus, 'enrolled'),
        actorIsSet(actorId),
      ),
    );
    if (row) return { ok: true, value: row };
    // Nothing changed: say why. This read decides only the wording of a refusal.
    const [section] = await database.select({ id: sections.id }).from(sections).where(eq(sections.id, sectionId));
    return { ok: false, reason: section ? 'not_enrolled' : 'section_not_found' };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'unenroll', ['section_not_found', 'incomplete_set'] as const) };
  }
}

export async function findEnrollment(studentId: number, sectionId: number) {
  const [row] = await db()
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.studentId, studentId), eq(enrollments.sectionId, sectionId)));
  return row;
}

/** A student's enrollments (withdrawn ones included) in one term, in meeting order: their schedule. */
export async function listStudentSchedule(studentId: number, termId: number) {
  return db()
    .select({
      enrollmentId: enrollments.id,
      status: enrollments.completionStatus,
      enrolledAt: enrollments.createdAt,
      section: {
        id: sections.id,
        code: sections.code,
        meetings: sectionMeetingsColumn,
        location: sections.location,
        /** A set's member (docs/decisions/0022). */
        component: sections.component,
        linkedSectionId: sections.linkedSectionId,
        /** The section's own credits, else its course's. */
        credits: sql<number>`coalesce(${sections.credits}, ${courses.credits})`.mapWith(Number),
      },
      course: { subject: courses.subject, number: courses.number, title: courses.title, credits: courses.credits },
      instructorName: users.name,
      /** docs/decisions/0018: a registrar's move left this seat overlapping another, knowingly. */
      conflicts: sql<AcceptedConflict[]>`enrollment_accepted_conflicts(${enrollments.id})`,
    })
    .from(enrollments)
    .innerJoin(sections, eq(sections.id, enrollments.sectionId))
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .leftJoin(users, eq(users.id, sections.instructorId))
    .where(and(eq(enrollments.studentId, studentId), eq(sections.termId, termId)))
    .orderBy(asc(courses.subject), asc(courses.number), asc(sections.code));
}

export type ScheduleEntry = Awaited<ReturnType<typeof listStudentSchedule>>[number];

export type SwapResult = EnrollResult | { ok: false; reason: 'swap_source_not_held' | 'section_not_found'; refusal?: undefined };

class SwapRefused {
  constructor(readonly result: SwapResult) {}
}

/**
 * Takes `toSectionId` in place of `fromSectionId` in one transaction (docs/decisions/0011): both sections are locked
 * in id order, the old seat is released first (as `leave` says: before or after the drop deadline) so the
 * time-conflict and one-seat-per-course rules do not see it, then the new seat is taken. Any refusal rolls back the
 * whole transaction: the student still holds the old seat, and the answer says why.
 */
export async function swap(
  studentId: number,
  fromSectionId: number,
  toSectionId: number,
  leave: 'drop' | 'withdraw',
  database: Executor = db(),
  actorId: number | null = studentId,
): Promise<SwapResult> {
  try {
    return await database.transaction(async (tx) => {
      // One 'swapped' event names both seats (docs/decisions/0012); drop and enroll below set the actor.
      const swapping = `${studentId}:${fromSectionId}:${toSectionId}`;
      await tx.execute(sql`SELECT set_config('curriculab.swap', ${swapping}, true)`);
      await tx.execute(sql`SELECT 1 FROM sections WHERE id IN (${fromSectionId}, ${toSectionId}) ORDER BY id FOR NO KEY UPDATE`);
      const released =
        leave === 'drop'
          ? await drop(studentId, fromSectionId, tx, actorId)
          : await withdraw(studentId, fromSectionId, tx, actorId);
      if (!released.ok) {
        throw new SwapRefused({
          ok: false,
          reason: released.reason === 'not_enrolled' ? 'swap_source_not_held' : released.reason,
        });
      }
      const taken = await enroll(studentId, toSectionId, tx, { actorId });
      if (!taken.ok) throw new SwapRefused(taken);
      return taken;
    });
  } catch (error) {
    if (error instanceof SwapRefused) return error.result;
    throw error;
  }
}
