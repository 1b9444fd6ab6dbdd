/** Arranging data for the registration-rules tests (drizzle/0002): past terms, completions, holds, overrides. */
import { sql } from 'drizzle-orm';
import { classifyDbError, ruleRefusalOf } from '../db/errors';
import type { Executor } from '../db/executor';
import { enrollments, registrationHolds, terms } from '../db/schema';
import { createCourse, createSection, termDates, uniqueTag } from '../testing/factories';

export const MWF = (startsAt: string, endsAt: string) => [1, 3, 5].map((day) => ({ day, startsAt, endsAt }));
export const TR = (startsAt: string, endsAt: string) => [2, 4].map((day) => ({ day, startsAt, endsAt }));

/** A term whose registration opened `daysAgo` days ago and is over (for completed prerequisites). */
export async function createPastTerm(db: Executor, daysAgo = 200) {
  const at = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
  const tag = uniqueTag();
  const [term] = await db
    .insert(terms)
    .values({
      code: `P-${tag}`,
      name: `Past term ${tag}`,
      registrationOpensAt: at(daysAgo),
      registrationClosesAt: at(daysAgo - 20),
      dropDeadline: at(daysAgo - 10),
      withdrawDeadline: at(daysAgo - 15),
    })
    .returning();
  return term!;
}

/** Records that the students completed `courseId` in a past term. */
export async function completeCourse(db: Executor, courseId: number, studentIds: number[], pastTermId?: number) {
  const termId = pastTermId ?? (await createPastTerm(db)).id;
  const section = await createSection(db, { courseId, termId, capacity: Math.max(1, studentIds.length) });
  if (studentIds.length) {
    await db
      .insert(enrollments)
      .values(studentIds.map((studentId) => ({ studentId, sectionId: section.id, completionStatus: 'completed' as const })));
  }
  return section;
}

export async function placeHoldDirectly(db: Executor, studentId: number, reason = 'Unpaid tuition') {
  const [hold] = await db.insert(registrationHolds).values({ studentId, reason }).returning();
  return hold!;
}

export async function createCourseWith(db: Executor, credits: number, subject = 'TEST') {
  return createCourse(db, { credits, subject });
}

export type Outcome = 'enrolled' | string;

/** A plain INSERT (no precheck), classified by the one translator; keeps the error for ruleRefusalOf(). */
export async function insertEnrollment(db: Executor, studentId: number, sectionId: number) {
  try {
    await db.insert(enrollments).values({ studentId, sectionId });
    return { outcome: 'enrolled' as Outcome, refusal: null };
  } catch (error) {
    return { outcome: classifyDbError(error, 'enroll') as Outcome, refusal: ruleRefusalOf(error) };
  }
}

export async function heldSeats(db: Executor, studentId: number) {
  const rows = await db.execute<{ section_id: number } & Record<string, unknown>>(
    sql`SELECT section_id FROM enrollments WHERE student_id = ${studentId} AND enrollment_holds_seat(completion_status) ORDER BY section_id`,
  );
  return rows.map((r) => r.section_id);
}

export { termDates };
