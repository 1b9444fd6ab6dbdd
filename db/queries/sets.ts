import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import type { Meeting } from '@/core/meetings';
import { db } from '../index';
import { refusalOrThrow, ruleRefusalOf, type RuleRefusal } from '../errors';
import type { Executor } from '../executor';
import { courses, sections, type Enrollment } from '../schema';
import { sectionMeetingsColumn } from './meetings';
import { drop, enroll, withdraw, type EnrollRefusal, type EnrollResult, type UnenrollRefusal } from './enrollments';

/**
 * Sets of sections (docs/decisions/0022): a lecture and one of its labs are taken, dropped and released together,
 * in one transaction. Whether the set is complete is decided by the database when that transaction commits
 * (enrollments_complete_set); these functions only put the rows of one request into one transaction.
 */
export type SetEnrollResult =
  | { ok: true; value: Enrollment[] }
  | BadSetInput
  | {
      ok: false;
      reason: EnrollRefusal | 'incomplete_set';
      /** The section the refusal is about. */
      sectionId: number;
      refusal?: RuleRefusal;
    };

class SetRefused {
  constructor(readonly result: SetEnrollResult) {}
}

export type BadSetInput =
  { ok: false; reason: 'sections_not_found'; missing: number[] } | { ok: false; reason: 'mixed_sections' };

/** Sections named together must exist (404 naming the others) and be of one course and term (400): input, not a rule. */
export async function badSetInput(ids: readonly number[], database: Executor = db()): Promise<BadSetInput | null> {
  const found = await database.execute<{ id: number; course_id: number; term_id: number } & Record<string, unknown>>(
    sql`SELECT id, course_id, term_id FROM sections WHERE id = ANY(${intArray(ids)})`,
  );
  const missing = ids.filter((id) => !found.some((row) => row.id === id));
  if (missing.length) return { ok: false, reason: 'sections_not_found', missing };
  if (new Set(found.map((row) => `${row.course_id}:${row.term_id}`)).size > 1) return { ok: false, reason: 'mixed_sections' };
  return null;
}

/** Ids (validated integers) as one int[] parameter. */
const intArray = (ids: readonly number[]) => sql`${`{${ids.map((id) => Math.trunc(id)).join(',')}}`}::int[]`;

/**
 * All of `sectionIds` or none: unknown ids and sections of different courses or terms are refused before anything
 * is written (bad input, not a rule); then each seat is taken by the one enroll statement, in id order (the lock
 * order of two sets racing), and the transaction's commit judges the set.
 */
export async function enrollSet(
  studentId: number,
  sectionIds: readonly number[],
  database: Executor = db(),
  options: { duringRegistration?: boolean; actorId?: number | null; sessionVersion?: number } = {},
): Promise<SetEnrollResult> {
  const ids = [...new Set(sectionIds)].sort((a, b) => a - b);
  const bad = await badSetInput(ids, database);
  if (bad) return bad;
  try {
    return await database.transaction(async (tx) => {
      const taken: Enrollment[] = [];
      for (const id of ids) {
        const result: EnrollResult = await enroll(studentId, id, tx, options);
        if (!result.ok) throw new SetRefused({ ...result, sectionId: id });
        taken.push(result.value);
      }
      return { ok: true as const, value: taken };
    });
  } catch (error) {
    if (error instanceof SetRefused) return error.result;
    // The commit's own refusal: the set is not complete.
    const reason = refusalOrThrow(error, 'enroll', ['incomplete_set'] as const);
    const refusal = ruleRefusalOf(error) ?? undefined;
    const sectionId = refusal?.rule === 'incomplete_set' && refusal.detail ? refusal.detail.sectionId : (ids[0] ?? 0);
    return { ok: false, reason, sectionId, refusal };
  }
}

/** The sections of the student's set that `sectionId` belongs to (just it when it stands alone), in id order. */
export async function setMembersHeld(studentId: number, sectionId: number, database: Executor = db()): Promise<number[]> {
  const [row] = await database.execute<{ members: number[] } & Record<string, unknown>>(
    sql`SELECT student_set_sections(${studentId}, ${sectionId}) AS members`,
  );
  return row?.members?.length ? row.members : [sectionId];
}

export type SetLeaveResult = { ok: true; value: Enrollment[] } | { ok: false; reason: UnenrollRefusal };

/**
 * Drops (or withdraws) every member of a set in one transaction: its sections are locked in id order first (the
 * order of docs/decisions/0011: sections, then the student's rows), then each seat is released.
 */
export async function leaveSet(
  studentId: number,
  sectionIds: readonly number[],
  mode: 'drop' | 'withdraw',
  database: Executor = db(),
  actorId: number | null = studentId,
): Promise<SetLeaveResult> {
  const ids = [...sectionIds].sort((a, b) => a - b);
  try {
    return await database.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1 FROM sections WHERE id = ANY(${intArray(ids)}) ORDER BY id FOR NO KEY UPDATE`);
      const left: Enrollment[] = [];
      for (const id of ids) {
        const result = mode === 'drop' ? await drop(studentId, id, tx, actorId) : await withdraw(studentId, id, tx, actorId);
        if (!result.ok) throw new SetRefused(result as never);
        left.push(result.value);
      }
      return { ok: true as const, value: left };
    });
  } catch (error) {
    if (error instanceof SetRefused) return error.result as unknown as SetLeaveResult;
    throw error;
  }
}

export interface SetMember {
  id: number;
  code: string;
  component: string;
  capacity: number;
  enrolledCount: number;
  credits: number;
  meetings: Meeting[];
}

/**
 * The set a section belongs to, for its page: the section others link to (the lecture) and the sections linked to
 * it, each with its seats; null for a section standing alone.
 */
export async function getSectionSet(sectionId: number, database: Executor = db()) {
  const rows = await database
    .select({
      id: sections.id,
      code: sections.code,
      component: sections.component,
      capacity: sections.capacity,
      enrolledCount: sections.enrolledCount,
      credits: sql<number>`coalesce(${sections.credits}, ${courses.credits})`.mapWith(Number),
      meetings: sectionMeetingsColumn,
      linkedSectionId: sections.linkedSectionId,
    })
    .from(sections)
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .where(
      sql`${sections.id} = coalesce((SELECT s.linked_section_id FROM sections s WHERE s.id = ${sectionId}), ${sectionId})
          OR ${sections.linkedSectionId} = coalesce((SELECT s.linked_section_id FROM sections s WHERE s.id = ${sectionId}), ${sectionId})`,
    )
    .orderBy(asc(sections.component), asc(sections.code));
  const lecture = rows.find((r) => !rows.some((o) => o.id === r.linkedSectionId) && rows.some((o) => o.linkedSectionId === r.id));
  if (!lecture) return null;
  const members: SetMember[] = rows.filter((r) => r.linkedSectionId === lecture.id);
  return { lecture: lecture as SetMember, members };
}

export type SectionSet = NonNullable<Awaited<ReturnType<typeof getSectionSet>>>;

/**
 * The sections a section may be linked to, for the registrar's form: of one term (and one course, when known), as
 * "CHEM 1211K-A (LEC)". The database still checks the link (sections_link_same_course).
 */
export async function listLinkOptions({ termId, courseId }: { termId: number; courseId?: number }, database: Executor = db()) {
  const rows = await database.execute<{ id: number; label: string } & Record<string, unknown>>(sql`
    SELECT s.id, section_label(s.id) || ' (' || s.component || ')' AS label
      FROM sections s JOIN courses c ON c.id = s.course_id
     WHERE s.term_id = ${termId} AND (${courseId ?? null}::int IS NULL OR s.course_id = ${courseId ?? null}::int)
       AND s.linked_section_id IS NULL
     ORDER BY c.subject, c.number, s.code
     LIMIT 500`);
  return rows.map((r) => ({ id: r.id, label: r.label }));
}
