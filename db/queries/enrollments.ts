import 'server-only';
import { and, eq } from 'drizzle-orm';
import { db } from '../index';
import { classifyDbError, narrowFailure, type DbFailure } from '../errors';
import type { Executor, Result } from '../executor';
import { enrollments, sections, type Enrollment } from '../schema';

export type EnrollFailure = Extract<
  DbFailure,
  'section_full' | 'already_enrolled' | 'section_not_found' | 'student_not_found' | 'unavailable' | 'unexpected'
>;
export type UnenrollFailure = Extract<DbFailure, 'section_not_found' | 'unavailable' | 'unexpected'> | 'not_enrolled';


const ENROLL_FAILURES = ['section_full', 'already_enrolled', 'section_not_found', 'student_not_found', 'unavailable'] as const;

/**
 * One INSERT; the trigger takes the seat and the CHECK refuses a seat that does not exist (ADR-004).
 * A withdrawn student re-enrolls through the same statement: the conflict turns their row back to
 * 'enrolled', which the trigger counts (and the CHECK guards) exactly like a new row.
 * A row that already holds a seat is left alone and no row comes back: "already enrolled".
 */
export async function enroll(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
): Promise<Result<Enrollment, EnrollFailure>> {
  try {
    const [row] = await database
      .insert(enrollments)
      .values({ studentId, sectionId })
      .onConflictDoUpdate({
        target: [enrollments.studentId, enrollments.sectionId],
        set: { completionStatus: 'enrolled' },
        setWhere: eq(enrollments.completionStatus, 'withdrawn'),
      })
      .returning();
    return row ? { ok: true, value: row } : { ok: false, reason: 'already_enrolled' };
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
