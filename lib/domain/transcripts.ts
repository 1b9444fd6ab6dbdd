/**
 * What a registrar keeps about a student beyond this system's enrollments (docs/decisions/0023): transcript lines
 * (transfer, exam and earlier work, which meet prerequisites like a completion) and the profile (earned credits,
 * class standing, major) that appointments and reserved seats read.
 */
import 'server-only';
import {
  deleteTranscriptLine,
  findCourseByCode,
  insertTranscriptLine,
  upsertStudentProfile,
  type TranscriptSource,
} from '@/db/queries/transcripts';
import { findStudent } from '@/db/queries/users';
import type { Grade, StudentProfile } from '@/db/schema';
import type { Result } from '@/lib/outcomes';

export async function addTranscriptLineFor(input: {
  studentId: number;
  course: string;
  grade: Grade;
  termCode: string | null;
  source: TranscriptSource;
}): Promise<Result<{ course: string }>> {
  if (!(await findStudent(input.studentId))) return { ok: false, reason: 'student_not_found' };
  const course = await findCourseByCode(input.course);
  const code = input.course.trim().replace(/^([A-Za-z]+)\s*/, (_, s: string) => `${s.toUpperCase()} `);
  if (!course) return { ok: false, reason: 'course_not_found', message: `${code} is not in the catalog.` };
  const added = await insertTranscriptLine({ ...input, courseId: course.id });
  return added.ok ? { ok: true, value: { course: code } } : added;
}

export async function removeTranscriptLineFor(studentId: number, lineId: number): Promise<Result<true>> {
  return (await deleteTranscriptLine(studentId, lineId))
    ? { ok: true, value: true }
    : { ok: false, reason: 'transcript_line_not_found' };
}

export async function saveStudentProfile(
  profile: Pick<StudentProfile, 'studentId' | 'earnedCredits' | 'classStanding' | 'major'>,
): Promise<Result<StudentProfile>> {
  if (!(await findStudent(profile.studentId))) return { ok: false, reason: 'student_not_found' };
  return upsertStudentProfile(profile);
}
