import 'server-only';
import { drop, enroll, withdraw } from '@/db/queries/enrollments';
import { findUserByEmail } from '@/db/queries/users';
import { classifyDbError } from '@/db/errors';
import type { Result } from '@/db/executor';
import type { Enrollment, User } from '@/db/schema';
import type { AppFailure } from './answers';
import { sectionCalendar } from './registration';
import { leaveMode } from './registration-rules';

/**
 * A registrar enrolls or drops a student on their behalf. The registration window and deadlines do not
 * apply to a registrar, but capacity does: the same single statements as the students' (ADR-004).
 */
export type OverrideOutcome = {
  student: Pick<User, 'id' | 'name' | 'email'>;
  enrollment: Enrollment;
  mode: 'enroll' | 'drop' | 'withdraw';
};

async function studentByEmail(email: string): Promise<Result<User, AppFailure>> {
  try {
    const user = await findUserByEmail(email);
    if (!user) return { ok: false, reason: 'student_not_found' };
    return user.role === 'student' ? { ok: true, value: user } : { ok: false, reason: 'not_a_student' };
  } catch (error) {
    return { ok: false, reason: classifyDbError(error) };
  }
}

const brief = (u: User) => ({ id: u.id, name: u.name, email: u.email });

export async function enrollOnBehalf(studentEmail: string, sectionId: number): Promise<Result<OverrideOutcome, AppFailure>> {
  const student = await studentByEmail(studentEmail);
  if (!student.ok) return student;
  const result = await enroll(student.value.id, sectionId);
  if (!result.ok) return { ok: false, reason: result.reason === 'already_enrolled' ? 'student_already_enrolled' : result.reason };
  return { ok: true, value: { student: brief(student.value), enrollment: result.value, mode: 'enroll' } };
}

/** Before the term's drop deadline the enrollment is deleted; after it, it stays on record as withdrawn. */
export async function dropOnBehalf(studentEmail: string, sectionId: number): Promise<Result<OverrideOutcome, AppFailure>> {
  const student = await studentByEmail(studentEmail);
  if (!student.ok) return student;
  const calendar = await sectionCalendar(sectionId);
  if (!calendar.ok) return calendar;
  const mode = leaveMode(calendar.value) === 'drop' ? 'drop' : 'withdraw';
  const result = mode === 'drop' ? await drop(student.value.id, sectionId) : await withdraw(student.value.id, sectionId);
  if (!result.ok) return { ok: false, reason: result.reason === 'not_enrolled' ? 'student_not_enrolled' : result.reason };
  return { ok: true, value: { student: brief(student.value), enrollment: result.value, mode } };
}
