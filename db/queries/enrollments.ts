import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '../index';
import { RULE_FAILURES, classifyDbError, narrowFailure, type DbFailure, type RuleFailure } from '../errors';
import type { Executor, Result } from '../executor';
import { enrollments, sections, type CompletionStatus, type Enrollment } from '../schema';

export type EnrollFailure = Extract<
  DbFailure,
  'section_full' | 'already_enrolled' | 'section_not_found' | 'student_not_found' | 'unavailable' | 'unexpected' | RuleFailure
>;
export type UnenrollFailure = Extract<DbFailure, 'section_not_found' | 'unavailable' | 'unexpected'> | 'not_enrolled';

const ENROLL_FAILURES = [
  'section_full',
  'already_enrolled',
  'section_not_found',
  'student_not_found',
  'unavailable',
  ...RULE_FAILURES,
] as const;

/** The statement's columns as postgres.js returns them through Drizzle's raw execute (timestamps as text). */
interface EnrollRow extends Record<string, unknown> {
  is_full: boolean | null;
  held: boolean | null;
  id: number | null;
  student_id: number;
  section_id: number;
  completion_status: CompletionStatus;
  created_at: string;
  updated_at: string;
}

/**
 * One statement (ADR-004, docs/decisions/0002 and 0004). `state` reads the section and the student's own row
 * in one snapshot, without locks: a section that is clearly full gets no INSERT, so the refusal does not queue
 * for the section's row lock (the common answer in a rush), and a student who holds a seat there still hears
 * "already enrolled". Otherwise the INSERT runs: the trigger takes the seat and the CHECK refuses the seat that
 * does not exist, so the CHECK alone admits. A withdrawn student re-enrolls through the conflict clause, which
 * the trigger counts like a new row; a seat-holding row is left alone and no row comes back.
 */
export async function enroll(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
): Promise<Result<Enrollment, EnrollFailure>> {
  try {
    const [row] = await database.execute<EnrollRow>(sql`
      WITH state AS (
        SELECT s.enrolled_count >= s.capacity AS is_full,
               EXISTS (SELECT 1 FROM enrollments e
                        WHERE e.student_id = ${studentId} AND e.section_id = s.id
                          AND enrollment_holds_seat(e.completion_status)) AS held
        FROM sections s WHERE s.id = ${sectionId}),
      taken AS (
        INSERT INTO enrollments (student_id, section_id)
        SELECT ${studentId}, ${sectionId} WHERE NOT coalesce((SELECT is_full FROM state), false)
        ON CONFLICT ON CONSTRAINT enrollments_student_section_key
          DO UPDATE SET completion_status = 'enrolled' WHERE enrollments.completion_status = 'withdrawn'
        RETURNING *)
      SELECT state.is_full, state.held, taken.*
      FROM (SELECT 1) AS one LEFT JOIN state ON true LEFT JOIN taken ON true`);
    if (row?.id != null) {
      return {
        ok: true,
        value: {
          id: row.id,
          studentId: row.student_id,
          sectionId: row.section_id,
          completionStatus: row.completion_status,
          createdAt: new Date(row.created_at),
          updatedAt: new Date(row.updated_at),
        },
      };
    }
    if (row?.is_full) return { ok: false, reason: row.held ? 'already_enrolled' : 'section_full' };
    return { ok: false, reason: 'already_enrolled' };
  } catch (error) {
    return { ok: false, reason: narrowFailure(classifyDbError(error, 'enroll'), ENROLL_FAILURES) };
  }
}

/** Before the drop deadline: the enrollment disappears and the trigger gives the seat back. */
export async function drop(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
): Promise<Result<Enrollment, UnenrollFailure>> {
  return unenroll(studentId, sectionId, database, (where) => database.delete(enrollments).where(where).returning());
}

/** After the drop deadline: the record stays as 'withdrawn', which holds no seat. */
export async function withdraw(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
): Promise<Result<Enrollment, UnenrollFailure>> {
  return unenroll(studentId, sectionId, database, (where) =>
    database.update(enrollments).set({ completionStatus: 'withdrawn' }).where(where).returning(),
  );
}

async function unenroll(
  studentId: number,
  sectionId: number,
  database: Executor,
  change: (where: ReturnType<typeof and>) => Promise<Enrollment[]>,
): Promise<Result<Enrollment, UnenrollFailure>> {
  try {
    const [row] = await change(
      and(
        eq(enrollments.studentId, studentId),
        eq(enrollments.sectionId, sectionId),
        eq(enrollments.completionStatus, 'enrolled'),
      ),
    );
    if (row) return { ok: true, value: row };
    // Nothing changed: say why. This read decides only the wording of a refusal.
    const [section] = await database.select({ id: sections.id }).from(sections).where(eq(sections.id, sectionId));
    return { ok: false, reason: section ? 'not_enrolled' : 'section_not_found' };
  } catch (error) {
    return { ok: false, reason: narrowFailure(classifyDbError(error), ['section_not_found', 'unavailable'] as const) };
  }
}
