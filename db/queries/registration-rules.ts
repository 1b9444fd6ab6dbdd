import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '../index';
import { classifyDbError, narrowFailure } from '../errors';
import type { Executor, Result } from '../executor';
import type { MeetingTime, TimeConflictDetail } from '../rule-refusals';
import {
  registrationHolds,
  ruleOverrides,
  sectionMeetings,
  studentTermCredits,
  type OverridableRule,
  type RegistrationHold,
  type RuleOverride,
} from '../schema';

/** The default maximum of a student's credits in a term (a row in student_term_credits may raise it). */
export const DEFAULT_MAX_CREDITS = 18;

type WriteFailure = 'student_not_found' | 'section_not_found' | 'unavailable' | 'unexpected';

// ---- holds -------------------------------------------------------------------------------------------------

/**
 * Places a hold. It takes the student's row lock like a new seat does, so an enrollment racing it either committed
 * first (and stands) or sees the hold.
 */
export async function placeHold(
  studentId: number,
  reason: string,
  placedBy: number | null,
  database: Executor = db(),
): Promise<Result<RegistrationHold, WriteFailure | 'invalid_value'>> {
  try {
    const [hold] = await database.insert(registrationHolds).values({ studentId, reason, placedBy }).returning();
    return { ok: true, value: hold! };
  } catch (error) {
    return {
      ok: false,
      reason: narrowFailure(classifyDbError(error), ['student_not_found', 'invalid_value', 'unavailable'] as const),
    };
  }
}

/** Lifts an active hold; false when there was none with that id (already lifted, or another student's). */
export async function liftHold(holdId: number, studentId: number, liftedBy: number | null, database: Executor = db()) {
  const lifted = await database
    .update(registrationHolds)
    .set({ liftedAt: sql`now()`, liftedBy })
    .where(and(eq(registrationHolds.id, holdId), eq(registrationHolds.studentId, studentId), isNull(registrationHolds.liftedAt)))
    .returning({ id: registrationHolds.id });
  return lifted.length > 0;
}

export async function listActiveHolds(studentId: number, database: Executor = db()) {
  return database
    .select()
    .from(registrationHolds)
    .where(and(eq(registrationHolds.studentId, studentId), isNull(registrationHolds.liftedAt)))
    .orderBy(asc(registrationHolds.placedAt), asc(registrationHolds.id));
}

// ---- overrides ---------------------------------------------------------------------------------------------

/** Lets one student past one rule for one section. Granting the same override twice keeps the first record. */
export async function grantOverride(
  input: { studentId: number; sectionId: number; rule: OverridableRule; grantedBy: number; note?: string },
  database: Executor = db(),
): Promise<Result<RuleOverride, WriteFailure>> {
  try {
    const [created] = await database.insert(ruleOverrides).values(input).onConflictDoNothing().returning();
    if (created) return { ok: true, value: created };
    const [existing] = await database
      .select()
      .from(ruleOverrides)
      .where(
        and(
          eq(ruleOverrides.studentId, input.studentId),
          eq(ruleOverrides.sectionId, input.sectionId),
          eq(ruleOverrides.rule, input.rule),
        ),
      );
    return existing ? { ok: true, value: existing } : { ok: false, reason: 'unexpected' };
  } catch (error) {
    return {
      ok: false,
      reason: narrowFailure(classifyDbError(error), ['student_not_found', 'section_not_found', 'unavailable'] as const),
    };
  }
}

/** Removes an override. A seat already taken with it stays (and stays exempt); only later seats are affected. */
export async function revokeOverride(studentId: number, sectionId: number, rule: OverridableRule, database: Executor = db()) {
  const removed = await database
    .delete(ruleOverrides)
    .where(and(eq(ruleOverrides.studentId, studentId), eq(ruleOverrides.sectionId, sectionId), eq(ruleOverrides.rule, rule)))
    .returning({ id: ruleOverrides.id });
  return removed.length > 0;
}

// ---- credit maximum ----------------------------------------------------------------------------------------

export interface CreditLoad {
  /** Credits counted against the maximum (seats let past it by an override are not counted). */
  credits: number;
  maxCredits: number;
}

export async function getCreditLoad(studentId: number, termId: number, database: Executor = db()): Promise<CreditLoad> {
  const [row] = await database
    .select({
      credits: sql<number>`${studentTermCredits.credits} - ${studentTermCredits.exemptCredits}`.mapWith(Number),
      maxCredits: studentTermCredits.maxCredits,
    })
    .from(studentTermCredits)
    .where(and(eq(studentTermCredits.studentId, studentId), eq(studentTermCredits.termId, termId)));
  return row ?? { credits: 0, maxCredits: DEFAULT_MAX_CREDITS };
}

/**
 * Sets one student's maximum for one term. Lowering it below the credits they hold is refused by the CHECK
 * student_term_credits_within_max, against the row as it is under its lock (a seat in flight is serialised).
 */
export async function setCreditMaximum(
  studentId: number,
  termId: number,
  maxCredits: number,
  database: Executor = db(),
): Promise<
  Result<
    CreditLoad,
    'credit_max_below_load' | 'invalid_value' | 'student_not_found' | 'term_not_found' | 'unavailable' | 'unexpected'
  >
> {
  try {
    const [row] = await database
      .insert(studentTermCredits)
      .values({ studentId, termId, maxCredits })
      .onConflictDoUpdate({ target: [studentTermCredits.studentId, studentTermCredits.termId], set: { maxCredits } })
      .returning({
        credits: sql<number>`${studentTermCredits.credits} - ${studentTermCredits.exemptCredits}`.mapWith(Number),
        maxCredits: studentTermCredits.maxCredits,
      });
    return { ok: true, value: row! };
  } catch (error) {
    return {
      ok: false,
      reason: narrowFailure(classifyDbError(error, 'set_credit_max'), [
        'credit_max_below_load',
        'invalid_value',
        'student_not_found',
        'term_not_found',
        'unavailable',
      ] as const),
    };
  }
}

// ---- meetings ----------------------------------------------------------------------------------------------

/** Meetings of the given sections, "HH:MM" times, in day order. */
export async function listSectionMeetings(sectionIds: number[], database: Executor = db()): Promise<Map<number, MeetingTime[]>> {
  const result = new Map<number, MeetingTime[]>(sectionIds.map((id) => [id, []]));
  if (!sectionIds.length) return result;
  const rows = await database
    .select({
      sectionId: sectionMeetings.sectionId,
      day: sectionMeetings.day,
      startsAt: sql<string>`to_char(${sectionMeetings.startsAt}, 'HH24:MI')`,
      endsAt: sql<string>`to_char(${sectionMeetings.endsAt}, 'HH24:MI')`,
    })
    .from(sectionMeetings)
    .where(inArray(sectionMeetings.sectionId, sectionIds))
    .orderBy(asc(sectionMeetings.day), asc(sectionMeetings.startsAt));
  for (const { sectionId, ...meeting } of rows) result.get(sectionId)?.push(meeting);
  return result;
}

/**
 * Replaces a section's meetings (zero = online/arranged). The section row is locked FOR UPDATE first, so the change
 * waits for enrollments in flight on it and never has to upgrade a weaker lock (ADR 0008). A change that would make
 * an enrolled student's schedule overlap is refused: 'schedule_change_conflict' (the error's DETAIL names the student
 * and the other section; see ruleRefusalOf()).
 */
export async function replaceSectionMeetings(
  sectionId: number,
  meetings: readonly MeetingTime[],
  database: Executor = db(),
): Promise<
  Result<MeetingTime[], 'schedule_change_conflict' | 'invalid_value' | 'section_not_found' | 'unavailable' | 'unexpected'>
> {
  try {
    const found = await database.transaction(async (tx) => {
      const [section] = await tx.execute<{ id: number }>(sql`SELECT id FROM sections WHERE id = ${sectionId} FOR UPDATE`);
      if (!section) return false;
      await tx.delete(sectionMeetings).where(eq(sectionMeetings.sectionId, sectionId));
      if (meetings.length) await tx.insert(sectionMeetings).values(meetings.map((m) => ({ sectionId, ...m })));
      return true;
    });
    if (!found) return { ok: false, reason: 'section_not_found' };
    return { ok: true, value: (await listSectionMeetings([sectionId], database)).get(sectionId) ?? [] };
  } catch (error) {
    return {
      ok: false,
      reason: narrowFailure(classifyDbError(error, 'update_section'), [
        'schedule_change_conflict',
        'invalid_value',
        'section_not_found',
        'unavailable',
      ] as const),
    };
  }
}

// ---- what a refusal names, and the advisory preview --------------------------------------------------------

/**
 * The first of the student's seats in the section's term whose meetings overlap the section's, with its time.
 * For a time_conflict without JSON detail (the EXCLUDE constraint's own error), and for the section page's
 * advisory notice before the click. Read-only; the database still decides at the click.
 */
export async function findTimeConflict(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
): Promise<TimeConflictDetail | null> {
  const [row] = await database.execute<{ detail: TimeConflictDetail } & Record<string, unknown>>(sql`
    SELECT jsonb_build_object(
             'sectionId', m.section_id, 'conflictingSectionId', sm.section_id,
             'conflictingSection', section_label(sm.section_id),
             'day', sm.day, 'startsAt', to_char(sm.starts_at, 'HH24:MI'), 'endsAt', to_char(sm.ends_at, 'HH24:MI'),
             'conflictingMeetings', section_meetings_json(sm.section_id)) AS detail
    FROM section_meetings m
    JOIN sections s ON s.id = m.section_id
    JOIN student_meetings sm
      ON sm.student_id = ${studentId} AND sm.term_id = s.term_id AND sm.day = m.day AND NOT sm.exempt
     AND sm.section_id <> m.section_id
     AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
    WHERE m.section_id = ${sectionId}
      AND NOT EXISTS (SELECT 1 FROM rule_overrides o
                       WHERE o.student_id = ${studentId} AND o.section_id = m.section_id AND o.rule = 'time_conflict')
    ORDER BY sm.day, sm.starts_at
    LIMIT 1`);
  return row?.detail ?? null;
}

/** The prerequisite courses ("CS 101") the student has not completed in a term before the section's. */
export async function findMissingPrerequisites(studentId: number, sectionId: number, database: Executor = db()) {
  return database.execute<{ courseId: number; course: string } & Record<string, unknown>>(sql`
    SELECT c.id AS "courseId", c.subject || ' ' || c.number AS course
    FROM sections s
    JOIN terms t ON t.id = s.term_id
    JOIN course_prerequisites p ON p.course_id = s.course_id
    JOIN courses c ON c.id = p.prerequisite_course_id
    WHERE s.id = ${sectionId}
      AND NOT EXISTS (
        SELECT 1 FROM enrollments e
          JOIN sections ps ON ps.id = e.section_id
          JOIN terms pt ON pt.id = ps.term_id
         WHERE e.student_id = ${studentId} AND e.completion_status = 'completed'
           AND ps.course_id = p.prerequisite_course_id AND pt.registration_opens_at < t.registration_opens_at)
      AND NOT EXISTS (SELECT 1 FROM rule_overrides o
                       WHERE o.student_id = ${studentId} AND o.section_id = s.id AND o.rule = 'prerequisite_missing')
    ORDER BY c.subject, c.number`);
}
