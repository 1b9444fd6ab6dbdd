import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { db } from '../index';
import type { Executor } from '../executor';
import { refusalOrThrow } from '../errors';
import { courses, studentProfiles, transcriptCourses, type Grade, type StudentProfile, type TranscriptCourse } from '../schema';
import type { Result } from '@/core/result';

export type TranscriptSource = TranscriptCourse['source'];

/** A student's transcript lines (work done before or outside this system), by course code. */
export async function listTranscript(studentId: number, database: Executor = db()) {
  return database
    .select({
      id: transcriptCourses.id,
      courseId: courses.id,
      subject: courses.subject,
      number: courses.number,
      title: courses.title,
      grade: transcriptCourses.grade,
      termCode: transcriptCourses.termCode,
      source: transcriptCourses.source,
    })
    .from(transcriptCourses)
    .innerJoin(courses, eq(courses.id, transcriptCourses.courseId))
    .where(eq(transcriptCourses.studentId, studentId))
    .orderBy(asc(courses.subject), asc(courses.number), asc(transcriptCourses.termCode));
}

/** Adds a line; the constraints refuse an unknown student or course, a grade off the scale, a line twice. */
export async function insertTranscriptLine(
  line: { studentId: number; courseId: number; grade: Grade; termCode: string | null; source: TranscriptSource },
  database: Executor = db(),
): Promise<Result<TranscriptCourse, 'student_not_found' | 'course_not_found' | 'duplicate_transcript_line' | 'invalid_value'>> {
  try {
    const [row] = await database.insert(transcriptCourses).values(line).returning();
    return { ok: true, value: row! };
  } catch (error) {
    return {
      ok: false,
      reason: refusalOrThrow(error, 'edit_transcript', [
        'student_not_found',
        'course_not_found',
        'duplicate_transcript_line',
        'invalid_value',
      ] as const),
    };
  }
}

/** Removes one of the student's lines; false when it is not there (already removed, or another student's). */
export async function deleteTranscriptLine(studentId: number, lineId: number, database: Executor = db()) {
  const removed = await database
    .delete(transcriptCourses)
    .where(and(eq(transcriptCourses.id, lineId), eq(transcriptCourses.studentId, studentId)))
    .returning({ id: transcriptCourses.id });
  return removed.length > 0;
}

export async function getStudentProfile(studentId: number, database: Executor = db()): Promise<StudentProfile | undefined> {
  const [row] = await database.select().from(studentProfiles).where(eq(studentProfiles.studentId, studentId));
  return row;
}

/** One row per student (its key): written whole, created on first save. */
export async function upsertStudentProfile(
  profile: Pick<StudentProfile, 'studentId' | 'earnedCredits' | 'classStanding' | 'major'>,
  database: Executor = db(),
): Promise<Result<StudentProfile, 'student_not_found' | 'invalid_value'>> {
  try {
    const [row] = await database
      .insert(studentProfiles)
      .values(profile)
      .onConflictDoUpdate({
        target: studentProfiles.studentId,
        set: { earnedCredits: profile.earnedCredits, classStanding: profile.classStanding, major: profile.major },
      })
      .returning();
    return { ok: true, value: row! };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'edit_transcript', ['student_not_found', 'invalid_value'] as const) };
  }
}

/** A course by its code as typed ("CS 1301"; the subject in any case). */
export async function findCourseByCode(code: string, database: Executor = db()) {
  const match = /^\s*([A-Za-z]+)\s*([A-Za-z0-9]+)\s*$/.exec(code);
  if (!match) return undefined;
  const [row] = await database
    .select({ id: courses.id })
    .from(courses)
    .where(and(eq(courses.subject, match[1]!.toUpperCase()), sql`${courses.number} = ${match[2]!}`));
  return row;
}
