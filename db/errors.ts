/**
 * The one place that turns a PostgreSQL error into a business outcome (ADR-004).
 * Matches SQLSTATE *and* constraint name; anything else is logged and becomes 'unexpected'.
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
  | 'section_has_enrollments'
  | 'enrolled_count_is_derived'
  | 'invalid_value'
  | 'unavailable'
  | 'unexpected';

/** Where the error happened changes what one CHECK means: a seat taken, or a capacity lowered. */
export type DbOperation = 'enroll' | 'update_section' | 'other';

interface PgErrorFields {
  code?: string;
  constraint_name?: string;
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
const UNAVAILABLE_SQLSTATES = new Set(['57014', '55P03', '25P03', '57P01', '57P02', '57P03', '53300']);

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

const BY_CONSTRAINT: Record<string, Record<string, DbFailure>> = {
  '23505': {
    enrollments_student_section_key: 'already_enrolled',
    sections_course_term_code_key: 'duplicate_section_code',
    users_email_key: 'duplicate_email',
  },
  '23503': {
    enrollments_section_id_fkey: 'section_not_found',
    enrollments_student_id_fkey: 'student_not_found',
    sections_instructor_id_fkey: 'instructor_not_found',
    sections_course_id_fkey: 'course_not_found',
    sections_term_id_fkey: 'term_not_found',
  },
  '23514': {
    sections_enrolled_count_derived: 'enrolled_count_is_derived',
    sections_capacity_nonnegative: 'invalid_value',
    sections_meeting_days_format: 'invalid_value',
    sections_meeting_time_ordered: 'invalid_value',
  },
};

export function classifyDbError(error: unknown, operation: DbOperation = 'other'): DbFailure {
  const { code, constraint_name: constraint } = unwrapPgError(error);
  if (code && constraint) {
    if (code === '23514' && constraint === 'sections_enrolled_count_within_capacity') {
      return operation === 'update_section' ? 'capacity_below_enrolled' : 'section_full';
    }
    // Deleting a section still referenced by enrollments: ON DELETE RESTRICT raises 23001 (restrict_violation),
    // NO ACTION would raise 23503.
    if ((code === '23001' || code === '23503') && constraint === 'enrollments_section_id_fkey' && operation === 'update_section') {
      return 'section_has_enrollments';
    }
    const known = BY_CONSTRAINT[code]?.[constraint];
    if (known) return known;
  }
  if (code && (CONNECTION_CODES.has(code) || code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code))) {
    return 'unavailable';
  }
  console.error('[db] unexpected database error', code ?? '', constraint ?? '', error);
  return 'unexpected';
}

/** Keeps a failure a caller expects; anything else is 'unexpected' (it was already logged or is a bug). */
export function narrowFailure<F extends string>(failure: DbFailure, allowed: readonly F[]): F | 'unexpected' {
  return (allowed as readonly string[]).includes(failure) ? (failure as F) : 'unexpected';
}
