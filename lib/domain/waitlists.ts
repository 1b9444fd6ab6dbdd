/**
 * Waitlists and swaps, for the server actions and the HTTP API alike (docs/decisions/0011). The term's calendar is
 * read first; everything about seats and places is decided by the database under the section's lock.
 */
import 'server-only';
import { swap } from '@/db/queries/enrollments';
import { getSectionCalendar } from '@/db/queries/sections';
import { findUserByEmail } from '@/db/queries/users';
import { joinWaitlist, leaveWaitlist, setWaitlistSwapFrom, type WaitlistPlace } from '@/db/queries/waitlists';
import type { Enrollment } from '@/db/schema';
import type { Failure, Result } from '@/lib/outcomes';
import { leaveMode, registrationWindow } from './calendar';
import { onceMoreOnDeadlock } from './deadlocks';
import { explainRefusal } from './students';

async function windowRefusal(sectionId: number): Promise<Failure | null> {
  const calendar = await getSectionCalendar(sectionId);
  if (!calendar) return 'section_not_found';
  const window = registrationWindow(calendar);
  if (window === 'open') return null;
  return window === 'closed' ? 'registration_closed' : 'registration_not_open';
}

export async function joinSectionWaitlist(
  studentId: number,
  sectionId: number,
  swapFrom: number | null = null,
): Promise<Result<WaitlistPlace>> {
  const refusal = await windowRefusal(sectionId);
  if (refusal) return { ok: false, reason: refusal };
  return explainRefusal(await onceMoreOnDeadlock(() => joinWaitlist(studentId, sectionId, swapFrom)), studentId, sectionId);
}

/**
 * Changes or clears (`null`) the seat released when the student's turn comes, keeping their place
 * (docs/decisions/0018). The database checks the rules as at joining; a freed seat may be given at once.
 */
export async function changeWaitlistSwapFrom(
  studentId: number,
  sectionId: number,
  swapFrom: number | null,
): Promise<Result<WaitlistPlace & { promoted: boolean }>> {
  const refusal = await windowRefusal(sectionId);
  if (refusal) return { ok: false, reason: refusal };
  return explainRefusal(
    await onceMoreOnDeadlock(() => setWaitlistSwapFrom(studentId, sectionId, swapFrom)),
    studentId,
    sectionId,
  );
}

export async function leaveSectionWaitlist(studentId: number, sectionId: number): Promise<Result<true>> {
  const result = await onceMoreOnDeadlock(() => leaveWaitlist(studentId, sectionId));
  if (result.ok) return result;
  return (await getSectionCalendar(sectionId)) ? result : { ok: false, reason: 'section_not_found' };
}

/** A registrar takes a student off a waitlist (the registration window does not bind a registrar). */
export async function removeFromWaitlist(studentEmail: string, sectionId: number, registrarId: number): Promise<Result<true>> {
  const student = await findUserByEmail(studentEmail);
  if (!student) return { ok: false, reason: 'student_not_found' };
  if (student.role !== 'student') return { ok: false, reason: 'not_a_student' };
  const result = await onceMoreOnDeadlock(() => leaveWaitlist(student.id, sectionId, undefined, registrarId));
  return result.ok ? result : { ok: false, reason: 'student_not_waitlisted' };
}

/** Section `sectionId` in place of `swapFrom`: the old seat is released as leaving it would be today. */
export async function swapSection(studentId: number, sectionId: number, swapFrom: number): Promise<Result<Enrollment>> {
  const refusal = await windowRefusal(sectionId);
  if (refusal) return { ok: false, reason: refusal };
  const from = await getSectionCalendar(swapFrom);
  if (!from) return { ok: false, reason: 'swap_source_not_held' };
  const mode = leaveMode(from);
  if (mode === 'none') return { ok: false, reason: 'withdraw_deadline_passed' };
  return explainRefusal(await onceMoreOnDeadlock(() => swap(studentId, swapFrom, sectionId, mode)), studentId, sectionId);
}
