/**
 * What students do, for the server actions and the HTTP API alike (one code path). An enrollment is one statement
 * (docs/decisions/0014); leaving reads the term's calendar first. The seat itself is decided by the INSERT and the
 * CHECK (docs/decisions/0004).
 */
import 'server-only';
import { drop, enroll, withdraw, type WaitlistFill } from '@/db/queries/enrollments';
import { leaveSet, setMembersHeld } from '@/db/queries/sets';
import type { RuleRefusal } from '@/core/rules';
import { listActiveHolds } from '@/db/queries/holds';
import { findTimeConflict } from '@/db/queries/meetings';
import { findMissingPrerequisites } from '@/db/queries/prerequisites';
import { getSectionClock } from '@/db/queries/sections';
import type { Enrollment } from '@/db/schema';
import type { Failure, Result } from '@/lib/outcomes';
import { describeRefusal, type Reader } from '@/core/rules';
import { describeTimeConflict } from './refusals';
import { sectionLabel } from '@/lib/format';
import { onceMoreOnDeadlock } from './deadlocks';

/** A student's enrollment; a full section's refusal carries its waitlist's fill when the statement read it. */
export type StudentEnrollResult =
  Result<Enrollment> | { ok: false; reason: 'section_full'; message?: string; waitlist?: WaitlistFill };

/**
 * The window, the seat and every rule are decided by one statement, one round trip (docs/decisions/0014); given the
 * session's version, so is whether the session still holds (docs/decisions/0016).
 */
export async function enrollStudent(studentId: number, sectionId: number, sessionVersion?: number): Promise<StudentEnrollResult> {
  const options = { duringRegistration: true, withWaitlist: true, sessionVersion };
  const result = await onceMoreOnDeadlock(() => enroll(studentId, sectionId, undefined, options));
  if (!result.ok && result.reason === 'section_full') {
    const message = result.refusal && describeRefusal(result.refusal);
    return { ok: false, reason: 'section_full', message, waitlist: result.waitlist };
  }
  return explainRefusal(result, studentId, sectionId);
}

/**
 * A rule's refusal worded from what it names. A time conflict refused by the EXCLUDE constraint itself carries no
 * detail: the other section is read after the refusal, to word the message only (the database already decided).
 */
export async function explainRefusal<T>(
  result: { ok: true; value: T } | { ok: false; reason: Failure; refusal?: RuleRefusal },
  studentId: number,
  sectionId: number,
  reader: Reader = 'student',
): Promise<Result<T>> {
  if (result.ok) return result;
  const message = result.refusal ? describeRefusal(result.refusal, reader) : undefined;
  if (message || result.reason !== 'time_conflict') return { ok: false, reason: result.reason, message };
  const conflict = await findTimeConflict(studentId, sectionId);
  return { ok: false, reason: result.reason, message: conflict ? describeTimeConflict(conflict, reader) : undefined };
}

/**
 * `label` names the section left ("CS 101-001"), for a confirmation shown where its row has gone; `released` is
 * every enrollment left with it (the whole set, docs/decisions/0022).
 */
export type LeaveOutcome = { enrollment: Enrollment; mode: 'drop' | 'withdraw'; label: string; released: Enrollment[] };

/**
 * Drop before the drop deadline, withdraw until the withdrawal deadline, nothing after. A member of a set releases
 * the whole set in one transaction (a set the student changes meanwhile is judged by the database at commit).
 */
export async function leaveSection(studentId: number, sectionId: number, again = true): Promise<Result<LeaveOutcome, Failure>> {
  const [clock, members] = await Promise.all([getSectionClock(sectionId), setMembersHeld(studentId, sectionId)]);
  if (!clock) return { ok: false, reason: 'section_not_found' };
  const mode = clock.leaveMode;
  if (mode === 'none') return { ok: false, reason: 'withdraw_deadline_passed' };
  const label = sectionLabel(clock, clock.code);
  if (members.length > 1) {
    const left = await onceMoreOnDeadlock(() => leaveSet(studentId, members, mode));
    if (!left.ok) return left;
    const enrollment = left.value.find((e) => e.sectionId === sectionId) ?? left.value[0]!;
    return { ok: true, value: { enrollment, mode, label, released: left.value } };
  }
  const result = await onceMoreOnDeadlock(() => (mode === 'drop' ? drop(studentId, sectionId) : withdraw(studentId, sectionId)));
  // The student's own set request committed after the members were read: the section is now in a held set, which
  // the drop releases whole (asked once more; seen as a 500 in e2e/race-sets-http.spec.ts before).
  if (!result.ok && result.reason === 'incomplete_set' && again) return leaveSection(studentId, sectionId, false);
  return result.ok ? { ok: true, value: { enrollment: result.value, mode, label, released: [result.value] } } : result;
}

/**
 * What the section page tells a student before the click, and whether the student can work round it: a time
 * conflict with a section they hold can be swapped away (`swappable`: that section); a missing prerequisite or an
 * active hold cannot. Advisory only, read without locks: the database still decides at the click.
 */
export interface Advice {
  text: string;
  /** The held section a swap would give up to clear it; absent when no swap can. */
  swappable?: number;
}

export async function enrollmentAdvice(studentId: number, sectionId: number): Promise<Advice[]> {
  const [conflict, missing, holds] = await Promise.all([
    findTimeConflict(studentId, sectionId),
    findMissingPrerequisites(studentId, sectionId),
    listActiveHolds(studentId),
  ]);
  const advice: Advice[] = [];
  if (conflict) advice.push({ text: describeTimeConflict(conflict), swappable: conflict.conflictingSectionId });
  if (missing) {
    advice.push({ text: describeRefusal({ rule: 'prerequisite_missing', detail: { sectionId, ...missing } })! });
  }
  const [hold] = holds;
  if (hold) {
    const detail = { sectionId, holdId: hold.id, reason: hold.reason, placedAt: hold.placedAt.toISOString() };
    advice.push({ text: describeRefusal({ rule: 'registration_hold', detail })! });
  }
  return advice;
}
