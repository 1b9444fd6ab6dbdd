import 'server-only';
import { sql } from 'drizzle-orm';
import type { MissingPrerequisiteGroup } from '@/core/rules';
import type { MinimumGrade, PrerequisiteGroup } from '@/core/prerequisites';
import { db } from '../index';
import type { Executor } from '../executor';

/**
 * The prerequisite groups the student has not met for the section's course, read as the rule reads them
 * (prerequisite_groups_missing); an override of the rule for this section clears them. Advisory: the rule decides.
 */
export async function findMissingPrerequisites(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
): Promise<{ course: string; missing: MissingPrerequisiteGroup[] } | null> {
  const [row] = await database.execute<
    { course: string; missing: MissingPrerequisiteGroup[] | null } & Record<string, unknown>
  >(sql`
    SELECT c.subject || ' ' || c.number AS course, prerequisite_groups_missing(${studentId}, s.course_id, s.term_id) AS missing
    FROM sections s JOIN courses c ON c.id = s.course_id
    WHERE s.id = ${sectionId}
      AND NOT EXISTS (SELECT 1 FROM rule_overrides o
                       WHERE o.student_id = ${studentId} AND o.section_id = s.id AND o.rule = 'prerequisite_missing')`);
  return row?.missing?.length ? { course: row.course, missing: row.missing } : null;
}

export interface StoredPrerequisite {
  groupNo: number;
  courseId: number;
  subject: string;
  number: string;
  title: string;
  minGrade: MinimumGrade | null;
}

/** A course's prerequisite rows, group by group, each group's courses by code. */
export async function listCoursePrerequisites(courseId: number, database: Executor = db()) {
  return database.execute<StoredPrerequisite & Record<string, unknown>>(sql`
    SELECT p.group_no AS "groupNo", c.id AS "courseId", c.subject, c.number, c.title, p.min_grade AS "minGrade"
    FROM course_prerequisites p JOIN courses c ON c.id = p.prerequisite_course_id
    WHERE p.course_id = ${courseId}
    ORDER BY p.group_no, c.subject, c.number`);
}

/** A section's course's prerequisite rows, for its page: every student reads them before enrolling. */
export async function listSectionPrerequisites(sectionId: number, database: Executor = db()) {
  return database.execute<StoredPrerequisite & Record<string, unknown>>(sql`
    SELECT p.group_no AS "groupNo", c.id AS "courseId", c.subject, c.number, c.title, p.min_grade AS "minGrade"
    FROM sections s
    JOIN course_prerequisites p ON p.course_id = s.course_id
    JOIN courses c ON c.id = p.prerequisite_course_id
    WHERE s.id = ${sectionId}
    ORDER BY p.group_no, c.subject, c.number`);
}

/** Stored rows → the groups core/prerequisites prints (group order kept). */
export function groupsOf(rows: readonly StoredPrerequisite[]): PrerequisiteGroup[] {
  const groups = new Map<number, PrerequisiteGroup>();
  for (const r of rows) {
    groups.set(r.groupNo, [...(groups.get(r.groupNo) ?? []), { subject: r.subject, number: r.number, minGrade: r.minGrade }]);
  }
  return [...groups.values()];
}

/** The courses of the catalog an expression names, by code; the ones it lacks are absent from the map. */
export async function findCoursesByCode(codes: readonly { subject: string; number: string }[], database: Executor = db()) {
  if (!codes.length) return new Map<string, number>();
  const rows = await database.execute<{ id: number; code: string } & Record<string, unknown>>(sql`
    SELECT c.id, c.subject || ' ' || c.number AS code
    FROM courses c
    JOIN jsonb_to_recordset(${JSON.stringify(codes)}::jsonb) AS wanted(subject text, number text)
      ON c.subject = wanted.subject AND c.number = wanted.number`);
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * Replaces a course's prerequisites with these groups in one transaction (numbered 1… in order, so the page prints
 * them back as typed). Rules already decided stand: a student holding a seat keeps it.
 */
export async function replaceCoursePrerequisites(
  courseId: number,
  groups: readonly { courseId: number; minGrade: MinimumGrade | null }[][],
  database: Executor = db(),
) {
  await database.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM course_prerequisites WHERE course_id = ${courseId}`);
    const rows = groups.flatMap((g, i) => g.map((c) => ({ groupNo: i + 1, ...c })));
    if (!rows.length) return;
    await tx.execute(sql`
      INSERT INTO course_prerequisites (course_id, group_no, prerequisite_course_id, min_grade)
      SELECT ${courseId}, x."groupNo", x."courseId", x."minGrade"
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x("groupNo" int, "courseId" int, "minGrade" text)`);
  });
}

/** The course a section is of, by id and code ("CS 1331"). */
export async function findSectionCourse(sectionId: number, database: Executor = db()) {
  const [row] = await database.execute<{ id: number; code: string } & Record<string, unknown>>(sql`
    SELECT c.id, c.subject || ' ' || c.number AS code FROM sections s JOIN courses c ON c.id = s.course_id WHERE s.id = ${sectionId}`);
  return row;
}
