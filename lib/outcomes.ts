/**
 * The one table from a failure code to what a person reads and what an HTTP client receives.
 * Server actions show `message`; route handlers respond `{ error: code, message }` with `status`.
 */
import type { Result as CoreResult } from '@/core/result';
import { RULE_OUTCOMES } from '@/core/rules';
import type { DbFailure } from '@/db/errors';

/** core/result's Result, whose failures are this table's unless a narrower set is named. */
export type Result<T, F extends string = Failure> = CoreResult<T, F>;

export type Failure =
  | DbFailure
  | 'not_enrolled'
  | 'not_waitlisted'
  | 'student_not_waitlisted'
  | 'swap_busy'
  | 'swap_to_same_section'
  | 'registration_closed'
  | 'registration_not_open'
  | 'withdraw_deadline_passed'
  | 'not_a_student'
  | 'not_an_instructor'
  | 'student_already_enrolled'
  | 'student_not_enrolled'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'sign_in_unavailable'
  | 'forbidden'
  | 'invalid_input'
  | 'invalid_section_id'
  | 'invalid_student_id'
  | 'hold_not_found'
  | 'override_not_found'
  | 'malformed_json'
  | 'cross_site_request'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'too_many_sign_ins'
  | 'too_many_streams'
  | 'not_found'
  | 'unknown_term'
  | 'sections_not_found'
  | 'mixed_sections'
  | 'grading_not_open'
  | 'transcript_line_not_found'
  | 'same_term'
  | 'file_too_large'
  | 'not_csv'
  | 'import_rejected'
  | 'unknown_priority_group'
  | 'unknown_students'
  | 'priority_group_not_found';

export interface Outcome {
  status: number;
  message: string;
}

const OUTCOMES: Record<Failure, Outcome> = {
  // Every rule's status and message is its registry module's (core/rules).
  ...RULE_OUTCOMES,
  already_enrolled: { status: 409, message: 'You are already enrolled' },
  not_enrolled: { status: 404, message: 'You are not enrolled in this section' },
  registration_closed: { status: 403, message: 'Registration is closed' },
  registration_not_open: { status: 403, message: 'Registration is not open yet' },
  withdraw_deadline_passed: { status: 403, message: 'The withdrawal deadline has passed' },
  section_not_found: { status: 404, message: 'Section not found' },
  student_not_found: { status: 404, message: 'Student not found' },
  not_a_student: { status: 400, message: 'That account is not a student' },
  not_an_instructor: { status: 400, message: 'That account is not an instructor' },
  student_already_enrolled: { status: 409, message: 'That student already holds a seat in this section' },
  student_not_enrolled: { status: 404, message: 'That student is not enrolled in this section' },
  instructor_not_found: { status: 400, message: 'That instructor does not exist' },
  course_not_found: { status: 400, message: 'That course does not exist' },
  term_not_found: { status: 400, message: 'That term does not exist' },
  not_found: { status: 404, message: 'Not found' },
  sections_not_found: { status: 404, message: 'One of those sections does not exist' },
  mixed_sections: { status: 400, message: 'The sections of one request must be of one course in one term' },
  capacity_below_enrolled: { status: 409, message: "Capacity can't be lower than the number of students already enrolled" },
  duplicate_section_code: { status: 409, message: 'That course already has a section with this code in this term' },
  duplicate_email: { status: 409, message: 'An account with this email already exists' },
  section_has_enrollments: { status: 409, message: 'This section has enrollments and cannot be deleted' },
  enrolled_count_is_derived: { status: 400, message: 'Seats taken are counted from enrollments and cannot be set' },
  invalid_value: { status: 400, message: 'One of the values is not allowed' },
  schedule_change_conflict: {
    status: 409,
    message: 'That meeting time would overlap another class of a student enrolled in this section',
  },
  section_in_use: {
    status: 409,
    message: "Students hold seats here, so the course, term, component or credits can't change",
  },
  invalid_link: {
    status: 400,
    message: 'A section can only be linked to a section of the same course and term with another component',
  },
  credit_max_below_load: { status: 409, message: "The maximum can't be lower than the credits the student already holds" },
  waitlist_full: { status: 409, message: 'The waitlist for this section is full' },
  reservation_exceeds_free_seats: { status: 409, message: 'There are not that many free seats left to reserve' },
  cross_list_over_capacity: { status: 409, message: 'The cross-list capacity is lower than the seats its sections hold' },
  cross_list_other_term: { status: 400, message: 'Sections of a cross-list must be in its term' },
  already_waitlisted: { status: 409, message: 'You are already on the waitlist for this section' },
  seats_available: { status: 409, message: 'This section has a free seat: enroll instead' },
  not_waitlisted: { status: 404, message: 'You are not on the waitlist for this section' },
  student_not_waitlisted: { status: 404, message: 'That student is not on the waitlist for this section' },
  swap_source_not_held: { status: 409, message: 'You do not hold a seat in the section you asked to swap from' },
  swap_to_same_section: { status: 409, message: 'A swap gives up one section for another: choose a section other than this one' },
  swap_busy: { status: 409, message: 'Your current section was busy at that moment; you keep your place' },
  invalid_input: { status: 400, message: 'Please correct the highlighted fields' },
  invalid_section_id: { status: 400, message: 'The section id must be a positive whole number' },
  invalid_student_id: { status: 400, message: 'The student id must be a positive whole number' },
  hold_not_found: { status: 404, message: 'That hold was already lifted' },
  override_not_found: { status: 404, message: 'That override was already revoked' },
  malformed_json: { status: 400, message: 'The request body is not valid JSON' },
  invalid_text: { status: 400, message: 'The text contains a character that is not allowed' },
  cross_site_request: { status: 403, message: 'This request must come from a page of this site' },
  unsupported_media_type: { status: 415, message: 'A request body must be JSON (Content-Type: application/json)' },
  body_too_large: { status: 413, message: 'The request body is too large' },
  too_many_sign_ins: { status: 429, message: 'Too many failed sign-ins. Try again later.' },
  too_many_streams: { status: 429, message: 'Too many live views are open in this session. Close a tab and try again.' },
  unauthenticated: { status: 401, message: 'Please sign in' },
  invalid_credentials: { status: 401, message: 'Invalid email or password' },
  sign_in_unavailable: { status: 503, message: 'Sign-in is temporarily unavailable. Please try again in a moment.' },
  forbidden: { status: 403, message: 'You do not have access to this' },
  unknown_term: { status: 404, message: 'No term has that code' },
  grading_not_open: { status: 409, message: 'Final grades can be recorded once the term’s classes have ended' },
  transcript_line_not_found: { status: 404, message: 'That transcript line was already removed' },
  duplicate_transcript_line: { status: 409, message: 'The transcript already has this course for that term' },
  duplicate_term_code: { status: 409, message: 'Another term already has this code' },
  term_dates_out_of_order: { status: 400, message: 'The dates are out of order' },
  term_dates_conflict: { status: 409, message: 'Those class dates would make two classes of an enrolled student overlap' },
  term_dates_cut_meeting: { status: 409, message: 'Those class dates leave a half-term meeting no day to meet' },
  same_term: { status: 400, message: 'Choose another term to copy into' },
  file_too_large: { status: 413, message: 'The file is larger than 20 MB: split it, or import it with npm run import' },
  not_csv: { status: 415, message: 'Send a UTF-8 CSV file (Content-Type: text/csv)' },
  unknown_priority_group: { status: 400, message: 'No priority group has that name' },
  unknown_students: { status: 400, message: 'Some of those addresses are not students’ accounts' },
  priority_group_not_found: { status: 404, message: 'That priority group was already removed' },
  import_rejected: { status: 422, message: 'The file has bad rows: nothing was written' },
  unavailable: { status: 503, message: 'Registration is temporarily unavailable. Please try again in a moment.' },
  unexpected: { status: 500, message: 'Something went wrong on our side. Please try again.' },
};

export function outcomeFor(failure: Failure): Outcome {
  return OUTCOMES[failure];
}

/** The capacity refusal with the count read after it (db/queries/sections.ts), when there is one. */
export function capacityBelowEnrolledMessage(enrolledCount?: number): string {
  if (enrolledCount === undefined) return outcomeFor('capacity_below_enrolled').message;
  const students = enrolledCount === 1 ? 'the 1 student' : `the ${enrolledCount} students`;
  return `Capacity can't be lower than ${students} already enrolled`;
}
