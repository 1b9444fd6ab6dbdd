import { defineRule, type OverrideSpec, listInWords, you } from './rule';

export interface PrerequisiteMissingDetail {
  sectionId: number;
  /** "CS 101" */
  missing: { courseId: number; course: string }[];
}

/** db/sql/functions/rule_prerequisite_missing.sql: every prerequisite completed in an earlier term. */
export const prerequisiteMissing = defineRule<'prerequisite_missing', PrerequisiteMissingDetail, OverrideSpec>({
  code: 'prerequisite_missing',
  sqlstate: '23514',
  constraint: 'enrollments_prerequisites_completed',
  status: 403,
  message: 'You have not completed the prerequisites for this course',
  override: { label: 'Missing prerequisite', inHistory: 'missing prerequisite' },
  describe: (detail, reader) =>
    detail.missing.length
      ? `${you(reader, 'You need', 'The student needs')} to complete ${listInWords(detail.missing.map((m) => m.course))} first.`
      : undefined,
});
