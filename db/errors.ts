import { ALL_RULES, isRuleFailure, parseRuleDetail, ruleByConstraint, type RuleFailure, type RuleRefusal } from '@/core/rules';

/**
 * The one translator from a PostgreSQL error to an outcome (docs/decisions/0004): SQLSTATE *and* constraint name.
 * The convention (docs/decisions/0007): queries throw; a write returns the refusals its statement is built to
 * produce (`refusalOrThrow`); the request pipeline turns anything else into 503 or a logged 500 (`failureFromThrown`).
 */
export type DbFailure =
  | 'section_full'
  | 'capacity_below_enrolled'
  | 'already_enrolled'
  | 'section_not_found'
  | 'student_not_found'
  | 'instructor_not_found'
  | 'course_not_found'
  | 'term_not_found'
  | 'duplicate_section_code'
  | 'duplicate_email'
  | 'duplicate_term_code'
  | 'term_dates_out_of_order'
  | 'term_dates_conflict'
  | 'term_dates_cut_meeting'
  | 'section_has_enrollments'
  | 'enrolled_count_is_derived'
  | 'invalid_value'
  | 'time_conflict'
  | 'already_in_course'
  | 'credit_limit'
  | 'incomplete_set'
  | 'prerequisite_missing'
  | 'registration_hold'
  | 'appointment_not_reached'
  | 'seats_reserved'
  | 'reservation_exceeds_free_seats'
  | 'cross_list_over_capacity'
  | 'cross_list_other_term'
  | 'schedule_change_conflict'
  | 'section_in_use'
  | 'invalid_link'
  | 'credit_max_below_load'
  | 'invalid_text'
  | 'waitlist_full'
  | 'already_waitlisted'
  | 'seats_available'
  | 'swap_source_not_held'
  | 'not_waitlisted'
  | 'duplicate_transcript_line'
  | 'unavailable'
  | 'unexpected';

/**
 * The statement that failed: one constraint means different things on different statements (the capacity CHECK
 * is a seat that does not exist on `enroll`, a capacity set too low on `update_section`).
 */
export type DbOperation =
  | 'enroll'
  | 'unenroll'
  | 'create_section'
  | 'update_section'
  | 'delete_section'
  | 'set_credit_max'
  | 'place_hold'
  | 'grant_override'
  | 'replace_meetings'
  | 'write_term'
  | 'join_waitlist'
  | 'manage_reservations'
  | 'assign_appointments'
  | 'manage_cross_lists'
  | 'edit_transcript'
  | 'read';

export { RULE_FAILURES, type RuleFailure, type RuleRefusal } from '@/core/rules';

interface PgErrorFields {
  code?: string;
  constraint_name?: string;
  /** The rules' SQL functions put their facts here as JSON (core/rules). */
  detail?: string;
  errno?: string;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  // Our own deadlines (db/connection-gate.ts, db/response-deadline.ts).
  'POOL_TIMEOUT',
  'RESPONSE_DEADLINE',
]);

/**
 * SQLSTATEs that mean "the database could not answer in time or at all", not "your request is wrong":
 * query_canceled (statement_timeout, a cancel), lock_not_available (lock_timeout), the idle-in-transaction
 * timeout, operator intervention (admin/crash shutdown, cannot connect now), too many connections.
 */
// 40P01: a deadlock PostgreSQL broke that persisted through the one retry (lib/domain/deadlocks.ts): try again.
// 25006 (read_only_sql_transaction): a write reached a standby, i.e. the pooler still points at a demoted primary
// during a failover (docs/decisions/0021): nothing was written, try again.
const UNAVAILABLE_SQLSTATES = new Set(['57014', '55P03', '25P03', '25006', '57P01', '57P02', '57P03', '53300', '40P01']);

/** Drizzle wraps the driver's error in DrizzleQueryError; the PostgreSQL fields are on `.cause`. */
export function unwrapPgError(error: unknown): PgErrorFields {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const fields = current as PgErrorFields & { cause?: unknown };
    if (typeof fields.code === 'string') return fields;
    current = fields.cause;
  }
  return {};
}

const CONSTRAINTS: Record<string, Record<string, DbFailure>> = {
  '23505': {
    enrollments_student_section_key: 'already_enrolled',
    sections_course_term_code_key: 'duplicate_section_code',
    users_email_key: 'duplicate_email',
    terms_code_key: 'duplicate_term_code',
    waitlist_entries_section_student_key: 'already_waitlisted',
    transcript_courses_student_course_term_key: 'duplicate_transcript_line',
  },
  '23P01': {
    section_meetings_no_overlap: 'invalid_value',
  },
  '23503': {
    enrollments_section_id_fkey: 'section_not_found',
    enrollments_student_id_fkey: 'student_not_found',
    sections_instructor_id_fkey: 'instructor_not_found',
    sections_course_id_fkey: 'course_not_found',
    sections_term_id_fkey: 'term_not_found',
    section_meetings_section_id_fkey: 'section_not_found',
    registration_holds_student_id_fkey: 'student_not_found',
    rule_overrides_student_id_fkey: 'student_not_found',
    rule_overrides_section_id_fkey: 'section_not_found',
    student_term_credits_student_id_fkey: 'student_not_found',
    student_term_credits_term_id_fkey: 'term_not_found',
    course_prerequisites_course_id_fkey: 'course_not_found',
    course_prerequisites_prerequisite_course_id_fkey: 'course_not_found',
    waitlist_entries_section_id_fkey: 'section_not_found',
    waitlist_entries_student_id_fkey: 'student_not_found',
    waitlist_entries_swap_from_section_id_fkey: 'section_not_found',
    registration_appointments_term_id_fkey: 'term_not_found',
    registration_appointments_student_id_fkey: 'student_not_found',
    section_reservations_section_id_fkey: 'section_not_found',
    cross_lists_term_id_fkey: 'term_not_found',
    sections_cross_list_id_fkey: 'invalid_value',
    transcript_courses_student_id_fkey: 'student_not_found',
    transcript_courses_course_id_fkey: 'course_not_found',
    student_profiles_student_id_fkey: 'student_not_found',
  },
  '23514': {
    terms_registration_window_ordered: 'term_dates_out_of_order',
    terms_deadlines_ordered: 'term_dates_out_of_order',
    terms_class_dates_ordered: 'term_dates_out_of_order',
    // db/sql/functions/terms_resolve_meeting_dates.sql: class dates that leave a half-term meeting no day.
    terms_class_dates_hold_meetings: 'term_dates_cut_meeting',
    sections_enrolled_count_derived: 'enrolled_count_is_derived',
    sections_capacity_nonnegative: 'invalid_value',
    sections_course_term_fixed_while_held: 'section_in_use',
    courses_credits_fixed_while_held: 'section_in_use',
    sections_structure_fixed_while_held: 'section_in_use',
    sections_link_same_course: 'invalid_link',
    section_meetings_day_iso: 'invalid_value',
    section_meetings_time_ordered: 'invalid_value',
    registration_holds_reason_present: 'invalid_value',
    student_term_credits_nonnegative: 'invalid_value',
    course_prerequisites_not_self: 'invalid_value',
    student_seats_derived: 'invalid_value',
    student_meetings_derived: 'invalid_value',
    student_term_credits_derived: 'invalid_value',
    sections_waitlist_capacity_nonnegative: 'invalid_value',
    // drizzle/0005_waitlists.sql (docs/decisions/0011): a walk-in while eligible students wait is refused as full.
    waitlist_entries_first_in_line: 'section_full',
    waitlist_entries_seats_available: 'seats_available',
    waitlist_entries_within_capacity: 'waitlist_full',
    waitlist_entries_swap_from_held: 'swap_source_not_held',
    // drizzle/0008 (docs/decisions/0018): changing the release choice of a place the student does not hold.
    waitlist_entries_entry_present: 'not_waitlisted',
    // docs/decisions/0025: derived counters of reserved seats and cross-lists.
    sections_reserved_open_derived: 'enrolled_count_is_derived',
    cross_lists_held_derived: 'enrolled_count_is_derived',
    sections_cross_list_same_term: 'cross_list_other_term',
    section_reservations_section_fixed: 'invalid_value',
    section_reservations_seats_positive: 'invalid_value',
    section_reservations_group_named: 'invalid_value',
    transcript_courses_grade_scale: 'invalid_value',
    student_profiles_earned_credits_nonnegative: 'invalid_value',
    student_profiles_major_present: 'invalid_value',
  },
};

/** The constraints of the tables, and every registration rule's from its registry module. */
const BY_CONSTRAINT: Record<string, Record<string, DbFailure>> = structuredClone(CONSTRAINTS);
for (const rule of ALL_RULES) (BY_CONSTRAINT[rule.sqlstate] ??= {})[rule.constraint] = rule.code;

/** Pure: what a database error means on `operation`. It logs nothing; `refusalOrThrow` and `failureFromThrown` decide that. */
export function classifyDbError(error: unknown, operation: DbOperation = 'read'): DbFailure {
  const { code, constraint_name: constraint } = unwrapPgError(error);
  if (code && constraint) {
    if (code === '23514' && constraint === 'sections_enrolled_count_within_capacity') {
      return operation === 'update_section' ? 'capacity_below_enrolled' : 'section_full';
    }
    // docs/decisions/0025: on a seat, the seats left are reserved or the shared capacity is full; on the registrar's
    // form, a capacity or reservation that the seats held (and reserved) no longer fit in.
    if (code === '23514' && constraint === 'sections_reserved_seats_within_capacity') {
      if (operation === 'update_section') return 'capacity_below_enrolled';
      return operation === 'manage_reservations' ? 'reservation_exceeds_free_seats' : 'seats_reserved';
    }
    if (code === '23514' && constraint === 'cross_lists_held_within_capacity') {
      return operation === 'update_section' || operation === 'manage_cross_lists' ? 'cross_list_over_capacity' : 'section_full';
    }
    // Deleting a section still referenced by enrollments: ON DELETE RESTRICT raises 23001 (restrict_violation),
    // NO ACTION would raise 23503.
    if (
      (code === '23001' || code === '23503') &&
      constraint === 'enrollments_section_id_fkey' &&
      operation === 'delete_section'
    ) {
      return 'section_has_enrollments';
    }
    // A registrar's meeting change that would overlap an enrolled student's other class, and a maximum lowered
    // below the credits held, use the students' own constraints.
    if (
      code === '23P01' &&
      constraint === 'student_meetings_no_overlap' &&
      (operation === 'update_section' || operation === 'replace_meetings')
    ) {
      return 'schedule_change_conflict';
    }
    // Class dates edited later re-resolve the students' meetings (db/sql/functions/terms_resolve_meeting_dates.sql).
    if (code === '23P01' && constraint === 'student_meetings_no_overlap' && operation === 'write_term') {
      return 'term_dates_conflict';
    }
    if (code === '23514' && constraint === 'student_term_credits_within_max' && operation === 'set_credit_max') {
      return 'credit_max_below_load';
    }
    const known = BY_CONSTRAINT[code]?.[constraint];
    if (known) return known;
  }
  // Text PostgreSQL cannot store (U+0000, or a byte sequence invalid in the encoding): bad input, not our fault.
  if (code === '22021' || code === '22P05') return 'invalid_text';
  if (code && (CONNECTION_CODES.has(code) || code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code))) {
    return 'unavailable';
  }
  return 'unexpected';
}

/**
 * For a write: the refusals its statement is built to produce are returned (they are business outcomes);
 * anything else, a known failure that should not happen here included, is thrown on to the request pipeline.
 */
export function refusalOrThrow<F extends DbFailure>(error: unknown, operation: DbOperation, expected: readonly F[]): F {
  const failure = classifyDbError(error, operation);
  if ((expected as readonly DbFailure[]).includes(failure)) return failure as F;
  throw error;
}

/**
 * What the request pipeline answers for anything thrown: 'unavailable' when the database cannot be reached,
 * 'invalid_text' for text it cannot store, else 'unexpected', logged with the classification (a known failure on
 * the wrong path is a bug worth reading).
 */
export function failureFromThrown(error: unknown): 'unavailable' | 'invalid_text' | 'unexpected' {
  const failure = classifyDbError(error);
  if (failure === 'unavailable' || failure === 'invalid_text') return failure;
  const { code, constraint_name: constraint } = unwrapPgError(error);
  console.error(`[app] unexpected failure (${failure})`, code ?? '', constraint ?? '', error);
  return 'unexpected';
}

/** The rule a refusal names, without logging anything; null for any other error. */
export function ruleFailureOf(error: unknown): RuleFailure | null {
  const { code, constraint_name: constraint } = unwrapPgError(error);
  return (code && constraint && ruleByConstraint(code, constraint)?.code) || null;
}

/**
 * The refusal a database error carries with the facts its DETAIL names, or null when it is not a rule's. A
 * refusal from the constraint itself (no JSON) has `detail: null`. A full section is one too: the count trigger and
 * the waitlist's first-in-line check name it (db/sql/functions/enrollments_*.sql). Never logs.
 */
export function ruleRefusalOf(error: unknown): RuleRefusal | null {
  const { detail } = unwrapPgError(error);
  if (classifyDbError(error, 'enroll') === 'section_full') return parseRuleDetail('section_full', detail);
  if (classifyDbError(error, 'enroll') === 'seats_reserved') return parseRuleDetail('seats_reserved', detail);
  const rule = ruleFailureOf(error);
  return rule ? parseRuleDetail(rule, detail) : null;
}

/** A refusal stored as its code and detail text (a waitlist entry passed over at promotion), or null when not a rule's. */
export function storedRuleRefusal(reason: string, detail: string | null): RuleRefusal | null {
  if (reason === 'seats_reserved') return parseRuleDetail(reason, detail);
  return isRuleFailure(reason) ? parseRuleDetail(reason, detail) : null;
}
