/**
 * A registrar types a course's prerequisites as the contract's expression and reads them back in its canonical
 * form (docs/decisions/0023). The text is parsed by core/prerequisites (the CSV importer's parser too); every
 * course it names must be in the catalog (the form names the ones that are not), and a course cannot need itself.
 */
import 'server-only';
import { coursesNamed, parsePrerequisites, printPrerequisites, type PrerequisiteGroup } from '@/core/prerequisites';
import {
  findCoursesByCode,
  groupsOf,
  listCoursePrerequisites,
  findSectionCourse,
  replaceCoursePrerequisites,
} from '@/db/queries/prerequisites';

import type { Result } from '@/lib/outcomes';

export interface CoursePrerequisites {
  courseId: number;
  /** "CS 1331" */
  course: string;
  expression: string;
  groups: PrerequisiteGroup[];
}

export type PrerequisiteRefusal = {
  ok: false;
  reason: 'section_not_found' | 'invalid_input';
  message?: string;
  position?: number;
};

/** The expression of a section's course's prerequisites ("" for none). */
export async function sectionPrerequisites(sectionId: number): Promise<CoursePrerequisites | null> {
  const course = await findSectionCourse(sectionId);
  if (!course) return null;
  const groups = groupsOf(await listCoursePrerequisites(course.id));
  return { courseId: course.id, course: course.code, expression: printPrerequisites(groups), groups };
}

/** Replaces the prerequisites of the section's course with the expression's groups; "" removes them all. */
export async function setSectionPrerequisites(
  sectionId: number,
  expression: string,
): Promise<Result<CoursePrerequisites> | PrerequisiteRefusal> {
  const course = await findSectionCourse(sectionId);
  if (!course) return { ok: false, reason: 'section_not_found' };
  const parsed = parsePrerequisites(expression);
  if (!parsed.ok) return { ok: false, reason: 'invalid_input', message: parsed.error.message, position: parsed.error.position };
  const named = coursesNamed(parsed.groups);
  const ids = await findCoursesByCode(named);
  const unknown = named.map((c) => `${c.subject} ${c.number}`).filter((code) => !ids.has(code));
  if (unknown.length) {
    const list = unknown.join(', ');
    return {
      ok: false,
      reason: 'invalid_input',
      message: `${unknown.length === 1 ? 'This course is' : 'These courses are'} not in the catalog: ${list}.`,
    };
  }
  if (ids.get(course.code) !== undefined) {
    return { ok: false, reason: 'invalid_input', message: `${course.code} cannot be its own prerequisite.` };
  }
  await replaceCoursePrerequisites(
    course.id,
    parsed.groups.map((g) => g.map((c) => ({ courseId: ids.get(`${c.subject} ${c.number}`)!, minGrade: c.minGrade }))),
  );
  return { ok: true, value: { courseId: course.id, course: course.code, expression: parsed.expression, groups: parsed.groups } };
}
