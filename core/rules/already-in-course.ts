import { defineRule, you } from './rule';

export interface AlreadyInCourseDetail {
  sectionId: number;
  heldSectionId: number;
  /** "CS 101-002" */
  heldSection: string;
}

/** db/sql/functions/rule_already_in_course.sql: one seat per course per term (student_seats_one_per_course). */
export const alreadyInCourse = defineRule<'already_in_course', AlreadyInCourseDetail, null>({
  code: 'already_in_course',
  sqlstate: '23505',
  constraint: 'student_seats_one_per_course',
  status: 409,
  message: 'You already hold a seat in another section of this course',
  override: null,
  describe: (detail, reader) =>
    `${you(reader, 'You already hold', 'The student already holds')} a seat in ${detail.heldSection}, another section of this course.`,
});
