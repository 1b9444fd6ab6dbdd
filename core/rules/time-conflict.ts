import { formatMeetings, type Meeting } from '../meetings';
import { defineRule, type OverrideSpec, you } from './rule';

export interface TimeConflictDetail extends Meeting {
  sectionId: number;
  conflictingSectionId: number;
  /** "CS 101-002" */
  conflictingSection: string;
  /** All meetings of the conflicting section, for "MWF 10:00–10:50". The overlapping one is day/startsAt/endsAt. */
  conflictingMeetings: Meeting[];
  /** Set when a registrar's meeting change was refused: the enrolled student it would have hurt. */
  studentId?: number;
}

/** db/sql/functions/rule_time_conflict.sql; the EXCLUDE constraint student_meetings_no_overlap decides the race. */
export const timeConflict = defineRule<'time_conflict', TimeConflictDetail, OverrideSpec>({
  code: 'time_conflict',
  sqlstate: '23P01',
  constraint: 'student_meetings_no_overlap',
  status: 409,
  message: 'This section meets at the same time as one of your classes',
  override: { label: 'Time conflict', inHistory: 'time conflict' },
  describe: (detail, reader) =>
    `This section meets at the same time as ${detail.conflictingSection} (${formatMeetings(detail.conflictingMeetings)}), which ${you(reader, 'you are', 'the student is')} enrolled in.`,
});
