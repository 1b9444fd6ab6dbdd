/** Arranging prerequisite groups, graded completions and transcript lines (docs/decisions/0023) for tests and e2e. */
import { coursePrerequisites, enrollments, transcriptCourses, type Grade } from '../db/schema';
import type { Executor } from '../db/executor';
import { createSection } from './factories';

/** The course needs every group; each group is [prerequisite course id, minimum grade or null][]. */
export async function setPrerequisiteGroups(
  db: Executor,
  courseId: number,
  groups: readonly (readonly (readonly [prerequisiteCourseId: number, minGrade: string | null])[])[],
) {
  const rows = groups.flatMap((group, i) =>
    group.map(([prerequisiteCourseId, minGrade]) => ({ courseId, groupNo: i + 1, prerequisiteCourseId, minGrade })),
  );
  if (rows.length) await db.insert(coursePrerequisites).values(rows);
}

/** The student completed the course in that (earlier) term with this grade (null: recorded without one). */
export async function completeWithGrade(db: Executor, courseId: number, studentId: number, termId: number, grade: Grade | null) {
  const section = await createSection(db, { courseId, termId, capacity: 1 });
  const [row] = await db
    .insert(enrollments)
    .values({ studentId, sectionId: section.id, completionStatus: 'completed', grade })
    .returning();
  return row!;
}

export async function addTranscriptLine(
  db: Executor,
  studentId: number,
  courseId: number,
  grade: Grade,
  source: 'transfer' | 'exam' | 'earlier' = 'transfer',
  termCode: string | null = null,
) {
  const [row] = await db.insert(transcriptCourses).values({ studentId, courseId, grade, source, termCode }).returning();
  return row!;
}
