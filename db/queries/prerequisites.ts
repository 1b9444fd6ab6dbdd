import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '../index';
import type { Executor } from '../executor';

/** The prerequisite courses ("CS 101") the student has not completed in a term before the section's. */
export async function findMissingPrerequisites(studentId: number, sectionId: number, database: Executor = db()) {
  return database.execute<{ courseId: number; course: string } & Record<string, unknown>>(sql`
    SELECT c.id AS "courseId", c.subject || ' ' || c.number AS course
    FROM sections s
    JOIN terms t ON t.id = s.term_id
    JOIN course_prerequisites p ON p.course_id = s.course_id
    JOIN courses c ON c.id = p.prerequisite_course_id
    WHERE s.id = ${sectionId}
      AND NOT EXISTS (
        SELECT 1 FROM enrollments e
          JOIN sections ps ON ps.id = e.section_id
          JOIN terms pt ON pt.id = ps.term_id
         WHERE e.student_id = ${studentId} AND e.completion_status = 'completed'
           AND ps.course_id = p.prerequisite_course_id AND pt.registration_opens_at < t.registration_opens_at)
      AND NOT EXISTS (SELECT 1 FROM rule_overrides o
                       WHERE o.student_id = ${studentId} AND o.section_id = s.id AND o.rule = 'prerequisite_missing')
    ORDER BY c.subject, c.number`);
}

/** A section's course's prerequisites ("CS 101"), for its page: every student reads them before enrolling. */
export async function listSectionPrerequisites(sectionId: number, database: Executor = db()) {
  return database.execute<{ courseId: number; course: string; title: string } & Record<string, unknown>>(sql`
    SELECT c.id AS "courseId", c.subject || ' ' || c.number AS course, c.title
    FROM sections s
    JOIN course_prerequisites p ON p.course_id = s.course_id
    JOIN courses c ON c.id = p.prerequisite_course_id
    WHERE s.id = ${sectionId}
    ORDER BY c.subject, c.number`);
}
