import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Result } from '@/core/result';
import { db } from '../index';
import { RULE_FAILURES, refusalOrThrow, ruleRefusalOf, type RuleRefusal } from '../errors';
import { asActor } from '../actor';
import type { Executor } from '../executor';
import { courses, sections, users, waitlistEntries } from '../schema';

const JOIN_REFUSALS = [
  'waitlist_full',
  'already_waitlisted',
  'already_enrolled',
  'seats_available',
  'section_not_found',
  'student_not_found',
  'swap_source_not_held',
  ...RULE_FAILURES,
] as const;

export type JoinRefusal = (typeof JOIN_REFUSALS)[number];
/** `position` counts from 1 among those waiting now; `length` is how many wait. */
export interface WaitlistPlace {
  position: number;
  length: number;
}
export type JoinResult = { ok: true; value: WaitlistPlace } | { ok: false; reason: JoinRefusal; refusal?: RuleRefusal };

/**
 * Joins a section's waitlist (drizzle/0004 `waitlist_join`, docs/decisions/0011): every check and the position
 * are decided under the section's row lock, in a transaction that first sets the actor for the history
 * (docs/decisions/0012); `swapFrom` makes the promotion release that seat in the same transaction, and
 * `withSectionIds` (the rest of a set) are taken with it.
 */
export async function joinWaitlist(
  studentId: number,
  sectionId: number,
  swapFrom: number | null = null,
  database: Executor = db(),
  actorId: number | null = studentId,
  withSectionIds: readonly number[] = [],
): Promise<JoinResult> {
  try {
    const [row] = await asActor(actorId, database, async (tx) => {
      const place = await tx.execute<WaitlistPlace & Record<string, unknown>>(
        sql`SELECT "position", "length" FROM waitlist_join(${sectionId}, ${studentId}, ${swapFrom}::integer)`,
      );
      // The rest of the set, taken with this seat at promotion (docs/decisions/0022).
      if (withSectionIds.length) {
        await tx.execute(sql`UPDATE waitlist_entries SET with_section_ids = ${`{${withSectionIds.join(',')}}`}::int[]
                              WHERE section_id = ${sectionId} AND student_id = ${studentId}`);
      }
      return place;
    });
    return { ok: true, value: { position: row!.position, length: row!.length } };
  } catch (error) {
    const reason = refusalOrThrow(error, 'join_waitlist', JOIN_REFUSALS);
    const refusal = ruleRefusalOf(error);
    return refusal ? { ok: false, reason, refusal } : { ok: false, reason };
  }
}

const CHANGE_REFUSALS = ['not_waitlisted', 'swap_source_not_held', 'section_not_found', ...RULE_FAILURES] as const;

export type SwapFromRefusal = (typeof CHANGE_REFUSALS)[number];
export type SwapFromResult =
  { ok: true; value: WaitlistPlace & { promoted: boolean } } | { ok: false; reason: SwapFromRefusal; refusal?: RuleRefusal };

/**
 * Changes (or clears, `null`) the seat a waiting student releases when their turn comes, keeping their place
 * (drizzle/0008 `waitlist_set_swap_from`, docs/decisions/0018): the same locks and rule check as joining. A free
 * seat the rules kept from them is offered again at once, so `promoted` may be true.
 */
export async function setWaitlistSwapFrom(
  studentId: number,
  sectionId: number,
  swapFrom: number | null,
  database: Executor = db(),
  actorId: number | null = studentId,
): Promise<SwapFromResult> {
  try {
    const [row] = await asActor(actorId, database, (tx) =>
      tx.execute<WaitlistPlace & Record<string, unknown>>(
        sql`SELECT "position", "length" FROM waitlist_set_swap_from(${sectionId}, ${studentId}, ${swapFrom}::integer)`,
      ),
    );
    const position = row!.position;
    return { ok: true, value: { position, length: row!.length, promoted: position === 0 } };
  } catch (error) {
    const reason = refusalOrThrow(error, 'join_waitlist', CHANGE_REFUSALS);
    const refusal = ruleRefusalOf(error);
    return refusal ? { ok: false, reason, refusal } : { ok: false, reason };
  }
}

/** Leaves a waitlist (the student, or a registrar removing them); the section's row lock is taken first. */
export async function leaveWaitlist(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
  actorId: number | null = studentId,
): Promise<Result<true, 'not_waitlisted'>> {
  const [row] = await asActor(actorId, database, (tx) =>
    tx.execute<{ left: boolean } & Record<string, unknown>>(sql`SELECT waitlist_leave(${sectionId}, ${studentId}) AS "left"`),
  );
  return row?.left ? { ok: true, value: true } : { ok: false, reason: 'not_waitlisted' };
}

export interface WaitlistSummary {
  capacity: number;
  length: number;
  /** The student's place among those waiting (1 = next), or null when not waiting. */
  myPosition: number | null;
  /** The seat the student releases when their turn comes, and whether they still hold it (docs/decisions/0018). */
  mySwapFrom: SwapFromChoice | null;
}

/** A waiting student's release choice; `stale`: they no longer hold that seat, so it cannot be released. */
export interface SwapFromChoice {
  sectionId: number;
  section: string;
  stale: boolean;
}

const swapFromChoice = (sectionId: number | null, section: string | null, stale: boolean | null): SwapFromChoice | null =>
  sectionId === null ? null : { sectionId, section: section ?? `section ${sectionId}`, stale: Boolean(stale) };

/** A section's waitlist at a glance, with the student's place when one is given. */
export async function getWaitlistSummary(
  sectionId: number,
  studentId: number | null = null,
  database: Executor = db(),
): Promise<WaitlistSummary | undefined> {
  const [row] = await database.execute<WaitlistSummary & Record<string, unknown>>(sql`
    SELECT s.waitlist_capacity AS capacity,
           (SELECT count(*)::int FROM waitlist_entries w WHERE w.section_id = s.id) AS length,
           (SELECT count(*)::int FROM waitlist_entries w
             WHERE w.section_id = s.id
               AND w.position <= (SELECT m.position FROM waitlist_entries m WHERE m.section_id = s.id AND m.student_id = ${studentId}::integer))
             AS "myPosition",
           me.swap_from_section_id AS "swapFromId", section_label(me.swap_from_section_id) AS "swapFrom",
           waitlist_swap_from_stale(me.student_id, me.swap_from_section_id) AS "swapFromStale"
    FROM sections s
    LEFT JOIN waitlist_entries me ON me.section_id = s.id AND me.student_id = ${studentId}::integer
    WHERE s.id = ${sectionId}`);
  if (!row) return undefined;
  return {
    capacity: row.capacity,
    length: row.length,
    myPosition: row.myPosition || null,
    mySwapFrom: swapFromChoice(row.swapFromId as number | null, row.swapFrom as string | null, row.swapFromStale as boolean),
  };
}

/** A section's waitlist in order, for its instructor and registrars. */
export async function listSectionWaitlist(sectionId: number, database: Executor = db()) {
  const rows = await database
    .select({
      studentId: users.id,
      name: users.name,
      email: users.email,
      joinedAt: waitlistEntries.joinedAt,
      swapFromSectionId: waitlistEntries.swapFromSectionId,
      passedOverReason: waitlistEntries.passedOverReason,
      passedOverDetail: waitlistEntries.passedOverDetail,
      passedOverAt: waitlistEntries.passedOverAt,
      swapFromStale: sql<boolean>`waitlist_swap_from_stale(${waitlistEntries.studentId}, ${waitlistEntries.swapFromSectionId})`,
    })
    .from(waitlistEntries)
    .innerJoin(users, eq(users.id, waitlistEntries.studentId))
    .where(eq(waitlistEntries.sectionId, sectionId))
    .orderBy(asc(waitlistEntries.position));
  return rows.map((row, index) => ({ ...row, position: index + 1 }));
}

export type SectionWaitlistEntry = Awaited<ReturnType<typeof listSectionWaitlist>>[number];

/** The sections a student waits for in one term, with their place and the waitlist's length. */
export async function listStudentWaitlists(studentId: number, termId: number, database: Executor = db()) {
  const ahead = sql<number>`(SELECT count(*)::int FROM waitlist_entries o
      WHERE o.section_id = ${waitlistEntries.sectionId} AND o.position <= ${waitlistEntries.position})`;
  const length = sql<number>`(SELECT count(*)::int FROM waitlist_entries o WHERE o.section_id = ${waitlistEntries.sectionId})`;
  return database
    .select({
      sectionId: sections.id,
      code: sections.code,
      course: { subject: courses.subject, number: courses.number, title: courses.title },
      position: ahead.mapWith(Number),
      length: length.mapWith(Number),
      passedOverReason: waitlistEntries.passedOverReason,
      passedOverDetail: waitlistEntries.passedOverDetail,
      swapFromSectionId: waitlistEntries.swapFromSectionId,
      swapFromSection: sql<string | null>`section_label(${waitlistEntries.swapFromSectionId})`,
      swapFromStale: sql<boolean>`waitlist_swap_from_stale(${waitlistEntries.studentId}, ${waitlistEntries.swapFromSectionId})`,
    })
    .from(waitlistEntries)
    .innerJoin(sections, eq(sections.id, waitlistEntries.sectionId))
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .where(and(eq(waitlistEntries.studentId, studentId), eq(sections.termId, termId)))
    .orderBy(asc(courses.subject), asc(courses.number), asc(sections.code));
}

export type StudentWaitlist = Awaited<ReturnType<typeof listStudentWaitlists>>[number];
