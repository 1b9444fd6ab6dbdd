/**
 * Final grades (docs/decisions/0023): a registrar, or the instructor of the section, records them on the roster at
 * the end of the term; one save is one transaction that completes every graded enrollment.
 */
import 'server-only';
import { getSectionGrading, recordGrades } from '@/db/queries/grades';
import type { Grade, UserRole } from '@/db/schema';
import type { Result } from '@/lib/outcomes';
import { mayReadRoster } from './rosters';

/** A campus date ("2026-05-08") as "May 8, 2026". */
const formatDate = (isoDate: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));

export type GradesRefusal = {
  ok: false;
  reason: 'section_not_found' | 'forbidden' | 'grading_not_open' | 'student_not_enrolled';
  message?: string;
};

export async function recordSectionGrades(
  user: { id: number; role: UserRole },
  sectionId: number,
  grades: readonly { studentId: number; grade: Grade }[],
): Promise<Result<{ completed: number }> | GradesRefusal> {
  const grading = await getSectionGrading(sectionId);
  if (!grading) return { ok: false, reason: 'section_not_found' };
  if (!mayReadRoster(user, grading)) return { ok: false, reason: 'forbidden' };
  const result = await recordGrades(sectionId, grades, user.id);
  if (result.ok) return result;
  if (result.reason === 'grading_not_open' && grading.classesEndOn) {
    return {
      ok: false,
      reason: 'grading_not_open',
      message: `Final grades can be recorded once classes end on ${formatDate(grading.classesEndOn)}.`,
    };
  }
  if (result.reason === 'student_not_enrolled') {
    const n = result.studentIds.length;
    return {
      ok: false,
      reason: 'student_not_enrolled',
      message: `${n === 1 ? 'One student does' : `${n} students do`} not hold a seat in this section (withdrawn, or not on the roster): nothing was saved.`,
    };
  }
  return { ok: false, reason: result.reason };
}
