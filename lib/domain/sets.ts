/**
 * Sets of sections for students (docs/decisions/0022): the pages and the API take, drop and withdraw a lecture with
 * its lab through these, in one transaction; the database decides whether the set is complete.
 */
import 'server-only';
import { describeRefusal } from '@/core/rules';
import { enrollSet } from '@/db/queries/sets';
import type { Enrollment } from '@/db/schema';
import type { Failure } from '@/lib/outcomes';
import { onceMoreOnDeadlock } from './deadlocks';
import { explainRefusal } from './students';

export type SetEnrollOutcome =
  { ok: true; value: Enrollment[] } | { ok: false; reason: Failure; message?: string; sectionId?: number; missing?: number[] };

/** Every section or none, during the term's registration window, checked against the student's session. */
export async function enrollStudentInSet(
  studentId: number,
  sectionIds: readonly number[],
  sessionVersion?: number,
): Promise<SetEnrollOutcome> {
  const options = { duringRegistration: true, sessionVersion };
  const result = await onceMoreOnDeadlock(() => enrollSet(studentId, sectionIds, undefined, options));
  if (result.ok) return result;
  if (result.reason === 'sections_not_found') {
    const ids = result.missing.join(', ');
    return { ok: false, reason: 'sections_not_found', missing: result.missing, message: `No section has the id ${ids}.` };
  }
  if (result.reason === 'mixed_sections') return { ok: false, reason: 'mixed_sections' };
  const { sectionId } = result;
  if (result.reason === 'section_full') {
    const message = result.refusal && describeRefusal(result.refusal);
    return { ok: false, reason: 'section_full', message, sectionId };
  }
  const explained = await explainRefusal(result, studentId, sectionId);
  return explained.ok ? { ok: false, reason: 'unexpected' } : { ...explained, sectionId };
}
