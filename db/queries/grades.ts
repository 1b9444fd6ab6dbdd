import 'server-only';
import { sql } from 'drizzle-orm';
import type { Grade } from '@/db/schema';
import { asActor } from '../actor';
import { db } from '../index';
import type { Executor } from '../executor';

export type RecordGradesResult =
  | { ok: true; value: { completed: number } }
  | { ok: false; reason: 'section_not_found' | 'grading_not_open' }
  | { ok: false; reason: 'student_not_enrolled'; studentIds: number[] };

/**
 * A roster's final grades, saved in one transaction (docs/decisions/0023): each student holding a seat in the
 * section becomes `completed` with the grade (the history records `completed`, the actor the grader). One UPDATE
 * decides, by the database clock, that the term's classes have ended (term_grading_open) and which students hold
 * a seat; a student named who holds none (withdrawn, or never on the roster) refuses the whole save.
 */
export async function recordGrades(
  sectionId: number,
  grades: readonly { studentId: number; grade: Grade }[],
  actorId: number | null,
  database: Executor = db(),
): Promise<RecordGradesResult> {
  const NOT_SAVED = Symbol('rolled back');
  let refusal: RecordGradesResult | null = null;
  try {
    return await asActor(actorId, database, async (tx) => {
      const [section] = await tx.execute<{ open: boolean | null } & Record<string, unknown>>(
        sql`SELECT term_grading_open(s.term_id) AS open FROM sections s WHERE s.id = ${sectionId}`,
      );
      if (!section) return { ok: false, reason: 'section_not_found' } as const;
      const updated = await tx.execute<{ student_id: number } & Record<string, unknown>>(sql`
        UPDATE enrollments e
           SET completion_status = 'completed', grade = w.grade
          FROM jsonb_to_recordset(${JSON.stringify(grades)}::jsonb) AS w("studentId" integer, grade text),
               sections s
         WHERE s.id = ${sectionId} AND term_grading_open(s.term_id)
           AND e.section_id = s.id AND e.student_id = w."studentId" AND enrollment_holds_seat(e.completion_status)
        RETURNING e.student_id`);
      if (!section.open) return { ok: false, reason: 'grading_not_open' } as const;
      const done = new Set(updated.map((r) => r.student_id));
      const missing = grades.map((g) => g.studentId).filter((id) => !done.has(id));
      if (missing.length) {
        refusal = { ok: false, reason: 'student_not_enrolled', studentIds: missing };
        throw NOT_SAVED;
      }
      return { ok: true, value: { completed: done.size } } as const;
    });
  } catch (error) {
    if (error === NOT_SAVED && refusal) return refusal;
    throw error;
  }
}

export interface RosterGrade {
  studentId: number;
  status: 'enrolled' | 'withdrawn' | 'completed';
  grade: Grade | null;
}

/** The grades recorded on a section's roster, and whether they can be recorded now. */
export async function getSectionGrading(sectionId: number, database: Executor = db()) {
  const [row] = await database.execute<
    { open: boolean; classesEndOn: string | null; instructorId: number | null; grades: RosterGrade[] } & Record<string, unknown>
  >(sql`
    SELECT term_grading_open(s.term_id) AS open, t.classes_end_on::text AS "classesEndOn", s.instructor_id AS "instructorId",
           coalesce((SELECT jsonb_agg(jsonb_build_object('studentId', e.student_id, 'status', e.completion_status,
                                                        'grade', e.grade))
                       FROM enrollments e WHERE e.section_id = s.id), '[]'::jsonb) AS grades
      FROM sections s JOIN terms t ON t.id = s.term_id WHERE s.id = ${sectionId}`);
  return row;
}
