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
  | 'section_has_enrollments'
  | 'enrolled_count_is_derived'
  | 'invalid_value'
  | 'invalid_text'
  | 'unavailable'
  | 'unexpected';

/**
 * The statement that failed: one constraint means different things on different statements (the capacity CHECK
 * is a seat that does not exist on `enroll`, a capacity set too low on `update_section`).
 */
export type DbOperation = 'enroll' | 'unenroll' | 'create_section' | 'update_section' | 'delete_section' | 'read';

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
]);

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

/** Pure: what a database error means on `operation`. It logs nothing; `refusalOrThrow` and `failureFromThrown` decide that. */
export function classifyDbError(error: unknown, operation: DbOperation = 'read'): DbFailure {
  const { code, constraint_name: constraint } = unwrapPgError(error);
  if (code && constraint) {
    if (code === '23514' && constraint === 'sections_enrolled_count_within_capacity') {
      return operation === 'update_section' ? 'capacity_below_enrolled' : 'section_full';
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
    const known = BY_CONSTRAINT[code]?.[constraint];
    if (known) return known;
  }
  // Text PostgreSQL cannot store (U+0000, or a byte sequence invalid in the encoding): bad input, not our fault.
  if (code === '22021' || code === '22P05') return 'invalid_text';
  if (code && (CONNECTION_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P03' || code === '53300')) {
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
