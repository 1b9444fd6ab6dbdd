import { defineRule, type OverrideSpec, listInWords, you } from './rule';

export interface MissingPrerequisiteCourse {
  courseId: number;
  /** "CS 1301" */
  course: string;
  /** The letter it must be completed with at least; null: any passing grade. */
  minGrade: string | null;
}

/** One group the student has not met: any one of its courses would meet it. */
export interface MissingPrerequisiteGroup {
  group: number;
  courses: MissingPrerequisiteCourse[];
}

export interface PrerequisiteMissingDetail {
  sectionId: number;
  /** The course whose prerequisites these are: "CS 1331". */
  course: string;
  missing: MissingPrerequisiteGroup[];
}

/** A group as stored now, or a stage-two DETAIL's one course ({courseId, course}) as a group of one. */
function asGroup(entry: MissingPrerequisiteGroup | Omit<MissingPrerequisiteCourse, 'minGrade'>): MissingPrerequisiteGroup {
  return 'courses' in entry && Array.isArray(entry.courses)
    ? entry
    : { group: 0, courses: [{ ...(entry as MissingPrerequisiteCourse), minGrade: null }] };
}

const orBetter = (grade: string | null) => (grade ? ` with ${grade} or better` : '');

/** "CS 1301 with C or better", "one of CS 1301, CS 1315 with C or better", "one of CS 1301 (C or better), CS 1315". */
export function describeMissingGroup(group: MissingPrerequisiteGroup): string {
  const [first, ...rest] = group.courses;
  if (!first) return '';
  if (!rest.length) return `${first.course}${orBetter(first.minGrade)}`;
  const sameMinimum = rest.every((c) => c.minGrade === first.minGrade);
  return sameMinimum
    ? `one of ${group.courses.map((c) => c.course).join(', ')}${orBetter(first.minGrade)}`
    : `one of ${group.courses.map((c) => (c.minGrade ? `${c.course} (${c.minGrade} or better)` : c.course)).join(', ')}`;
}

/** "CS 1331 needs one of CS 1301, CS 1315, CS 1321, CS 1371 with C or better" (every missing group, joined by "and"). */
export function describeMissingPrerequisites(detail: Pick<PrerequisiteMissingDetail, 'course' | 'missing'>): string {
  return `${detail.course} needs ${listInWords(detail.missing.map(describeMissingGroup))}`;
}

/**
 * db/sql/functions/rule_prerequisite_missing.sql: every group met, each by any one of its courses completed in an
 * earlier term or on the transcript with at least its minimum grade (docs/decisions/0023).
 */
export const prerequisiteMissing = defineRule<'prerequisite_missing', PrerequisiteMissingDetail, OverrideSpec>({
  code: 'prerequisite_missing',
  sqlstate: '23514',
  constraint: 'enrollments_prerequisites_completed',
  status: 403,
  message: 'You have not completed the prerequisites for this course',
  override: { label: 'Missing prerequisite', inHistory: 'missing prerequisite' },
  describe: (detail, reader) => {
    if (!Array.isArray(detail.missing) || !detail.missing.length) return undefined;
    const missing = detail.missing.map(asGroup);
    // A DETAIL stored before groups (a waitlist entry passed over then) names courses only, not the course.
    return detail.course
      ? `${describeMissingPrerequisites({ course: detail.course, missing })}.`
      : `${you(reader, 'You need', 'The student needs')} ${listInWords(missing.map(describeMissingGroup))} first.`;
  },
});
