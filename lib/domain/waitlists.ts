/**
 * Waitlists and swaps, for the server actions and the HTTP API alike (docs/decisions/0011). The term's calendar is
 * read first; everything about seats and places is decided by the database under the section's lock.
 */
import 'server-only';
import { swap } from '@/db/queries/enrollments';
import { getSectionClock } from '@/db/queries/sections';
import { findUserByEmail } from '@/db/queries/users';
import { badSetInput } from '@/db/queries/sets';
import { joinWaitlist, leaveWaitlist, setWaitlistSwapFrom, type WaitlistPlace } from '@/db/queries/waitlists';
import type { Enrollment } from '@/db/schema';
import type { Failure, Result } from '@/lib/outcomes';
import { sectionLabel } from '@/lib/format';
import { onceMoreOnDeadlock } from './deadlocks';
import { explainRefusal } from './students';

async function windowRefusal(sectionId: number): Promise<Failure | null> {
  const clock = await getSectionClock(sectionId);
  if (!clock) return 'section_not_found';
  const window = clock.registration;
  if (window === 'open') return null;
  return window === 'closed' ? 'registration_closed' : 'registration_not_open';
}

export async function joinSectionWaitlist(
  studentId: number,
  sectionId: number,
  swapFrom: number | null = null,
  withSections: readonly number[] = [],
): Promise<Result<WaitlistPlace>> {
  const refusal = await windowRefusal(sectionId);
  if (refusal) return { ok: false, reason: refusal };
  const others = withSections.filter((id) => id !== sectionId);
  const bad = others.length ? await badSetInput([sectionId, ...others]) : null;
  if (bad)
    return bad.reason === 'sections_not_found'
      ? { ok: false, reason: bad.reason, message: `No section has the id ${bad.missing.join(', ')}.` }
      : bad;
  return explainRefusal(
    await onceMoreOnDeadlock(() => joinWaitlist(studentId, sectionId, swapFrom, undefined, studentId, others)),
    studentId,
    sectionId,
  );
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

/** Leaves the waitlist; the value names the section ("CS 101-001"), read beside the leave, not after it. */
export async function leaveSectionWaitlist(studentId: number, sectionId: number): Promise<Result<{ label: string }>> {
  const [result, section] = await Promise.all([
    onceMoreOnDeadlock(() => leaveWaitlist(studentId, sectionId)),
    getSectionClock(sectionId),
  ]);
  if (!section) return { ok: false, reason: 'section_not_found' };
  return result.ok ? { ok: true, value: { label: sectionLabel(section, section.code) } } : result;
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
  // Giving up a seat to take it again would only re-create it (a new id, two history events): refused, nothing written.
  if (swapFrom === sectionId) return { ok: false, reason: 'swap_to_same_section' };
  const refusal = await windowRefusal(sectionId);
  if (refusal) return { ok: false, reason: refusal };
  const from = await getSectionClock(swapFrom);
  if (!from) return { ok: false, reason: 'swap_source_not_held' };
  const mode = from.leaveMode;
  if (mode === 'none') return { ok: false, reason: 'withdraw_deadline_passed' };
  return explainRefusal(await onceMoreOnDeadlock(() => swap(studentId, swapFrom, sectionId, mode)), studentId, sectionId);
}
