/**
 * What registrars do. The registration window and deadlines do not bind a registrar, but capacity does: the
 * same single statements as the students' (docs/decisions/0004), and every section write is one statement
 * whose constraints refuse what must not be (docs/decisions/0005).
 */
import 'server-only';
import { leaveSet, setMembersHeld } from '@/db/queries/sets';
import { drop, enroll, withdraw } from '@/db/queries/enrollments';
import {
  deleteSection,
  getSectionClock,
  insertSection,
  updateSection,
  type NewSection,
  type SectionSettings,
  type UpdateSectionResult,
} from '@/db/queries/sections';
import { setCreditMaximum } from '@/db/queries/credits';
import { liftHold, placeHold } from '@/db/queries/holds';
import { grantOverride, revokeOverride } from '@/db/queries/overrides';
import { findUserByEmail, findUserRole } from '@/db/queries/users';
import type { Enrollment, OverridableRule, Section, User } from '@/db/schema';
import { formatMeetings } from '@/core/meetings';
import type { Result } from '@/lib/outcomes';
import { registrarLeaveMode } from '@/core/calendar';
import { explainRefusal } from './students';
import { onceMoreOnDeadlock } from './deadlocks';

export type OnBehalfOutcome = {
  student: Pick<User, 'id' | 'name' | 'email'>;
  enrollment: Enrollment;
  mode: 'enroll' | 'drop' | 'withdraw';
};

async function studentByEmail(email: string): Promise<Result<User>> {
  const user = await findUserByEmail(email);
  if (!user) return { ok: false, reason: 'student_not_found' };
  return user.role === 'student' ? { ok: true, value: user } : { ok: false, reason: 'not_a_student' };
}

const brief = (u: User) => ({ id: u.id, name: u.name, email: u.email });

export async function enrollOnBehalf(
  studentEmail: string,
  sectionId: number,
  registrarId: number,
): Promise<Result<OnBehalfOutcome>> {
  const student = await studentByEmail(studentEmail);
  if (!student.ok) return student;
  const result = await explainRefusal(
    await onceMoreOnDeadlock(() => enroll(student.value.id, sectionId, undefined, { actorId: registrarId })),
    student.value.id,
    sectionId,
    'registrar',
  );
  if (!result.ok) {
    return result.reason === 'already_enrolled' ? { ok: false, reason: 'student_already_enrolled' } : result;
  }
  return { ok: true, value: { student: brief(student.value), enrollment: result.value, mode: 'enroll' } };
}

/** Before the term's drop deadline the enrollment is deleted; after it, it stays on record as withdrawn. */
export async function dropOnBehalf(
  studentEmail: string,
  sectionId: number,
  registrarId: number,
): Promise<Result<OnBehalfOutcome>> {
  const student = await studentByEmail(studentEmail);
  if (!student.ok) return student;
  const clock = await getSectionClock(sectionId);
  if (!clock) return { ok: false, reason: 'section_not_found' };
  const mode = registrarLeaveMode(clock.leaveMode);
  // A member of a set takes the whole set with it, in one transaction (docs/decisions/0022).
  const members = await setMembersHeld(student.value.id, sectionId);
  const result = await onceMoreOnDeadlock(async () => {
    if (members.length > 1) {
      const left = await leaveSet(student.value.id, members, mode, undefined, registrarId);
      return left.ok ? { ok: true as const, value: left.value.find((e) => e.sectionId === sectionId)! } : left;
    }
    return mode === 'drop'
      ? drop(student.value.id, sectionId, undefined, registrarId)
      : withdraw(student.value.id, sectionId, undefined, registrarId);
  });
  if (!result.ok) return { ok: false, reason: result.reason === 'not_enrolled' ? 'student_not_enrolled' : result.reason };
  return { ok: true, value: { student: brief(student.value), enrollment: result.value, mode } };
}

type InstructorProblem = 'instructor_not_found' | 'not_an_instructor';

/** An instructor id must name an instructor account (the foreign key only knows "a user"). */
async function instructorProblem(instructorId: number | null): Promise<InstructorProblem | null> {
  if (instructorId === null) return null;
  const user = await findUserRole(instructorId);
  if (!user) return 'instructor_not_found';
  return user.role === 'instructor' ? null : 'not_an_instructor';
}

export async function createSection(values: NewSection): Promise<Result<Section>> {
  const problem = await instructorProblem(values.instructorId);
  if (problem) return { ok: false, reason: problem };
  return insertSection(values);
}

/** A capacity below the seats taken is refused by the CHECK, with the count read after the refusal. */
export async function changeSection(
  sectionId: number,
  settings: SectionSettings,
  registrarId: number,
  /** Students the registrar accepts in conflict after the preview (docs/decisions/0018). */
  acceptConflicts: readonly number[] | null = null,
): Promise<(UpdateSectionResult & { message?: string }) | { ok: false; reason: InstructorProblem; enrolledCount?: never }> {
  const problem = await instructorProblem(settings.instructorId);
  if (problem) return { ok: false, reason: problem };
  const result = await updateSection(sectionId, settings, undefined, registrarId, acceptConflicts);
  if (!result.ok && result.reason === 'schedule_change_conflict' && result.conflicts?.length) {
    const n = result.conflicts.length;
    const message = `This move puts ${n === 1 ? '1 enrolled student' : `${n} enrolled students`} in a time conflict${
      acceptConflicts ? ' (the list changed since you reviewed it)' : ''
    }. Review them below: apply anyway to keep their seats, marked as conflicting, or cancel.`;
    return { ...result, message };
  }
  if (
    result.ok ||
    result.reason !== 'schedule_change_conflict' ||
    result.refusal?.rule !== 'time_conflict' ||
    !result.refusal.detail
  ) {
    return result;
  }
  const { conflictingSection, conflictingMeetings } = result.refusal.detail;
  const message = `A student enrolled here also has ${conflictingSection} (${formatMeetings(conflictingMeetings)}) at that time. Choose other times, or move the student first.`;
  return { ...result, message };
}

/** Only a section nobody ever enrolled in can be deleted (the foreign key from enrollments restricts). */
export async function removeSection(sectionId: number): Promise<Result<Section>> {
  return deleteSection(sectionId);
}

/** A hold blocks new seats (never drops) from the moment it commits; the placing registrar is recorded. */
export function placeHoldFor(studentId: number, reason: string, registrarId: number) {
  return placeHold(studentId, reason, registrarId);
}

export async function liftHoldFor(studentId: number, holdId: number, registrarId: number): Promise<Result<true>> {
  return (await liftHold(holdId, studentId, registrarId)) ? { ok: true, value: true } : { ok: false, reason: 'hold_not_found' };
}

/** Lowering it below the credits held is refused by the database (credit_max_below_load). */
export function setCreditMaximumFor(studentId: number, termId: number, maxCredits: number) {
  return setCreditMaximum(studentId, termId, maxCredits);
}

/** Past a time conflict, a prerequisite or the credit maximum for one section: never past capacity. */
export function grantOverrideFor(
  input: { studentId: number; sectionId: number; rule: OverridableRule; note: string },
  registrarId: number,
) {
  return grantOverride({ ...input, grantedBy: registrarId });
}

/** A seat already taken with the override stays; only later attempts are refused again. */
export async function revokeOverrideFor(
  studentId: number,
  sectionId: number,
  rule: OverridableRule,
  registrarId: number,
): Promise<Result<true>> {
  return (await revokeOverride(studentId, sectionId, rule, undefined, registrarId))
    ? { ok: true, value: true }
    : { ok: false, reason: 'override_not_found' };
}
