import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  time,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['student', 'instructor', 'registrar']);
export const completionStatus = pgEnum('completion_status', ['enrolled', 'withdrawn', 'completed']);

/** Statuses that occupy a seat; the triggers in drizzle/0001 use the same list (enrollment_holds_seat). */
export const SEAT_HOLDING_STATUSES = ['enrolled', 'completed'] as const;

export function holdsSeat(status: (typeof completionStatus.enumValues)[number]): boolean {
  return (SEAT_HOLDING_STATUSES as readonly string[]).includes(status);
}

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull(),
    /**
     * In every session token; a token with another number is no session (docs/decisions/0010). Sign-out adds 1,
     * and so does the trigger users_end_sessions_on_credential_change when the role or the password changes.
     */
    sessionVersion: integer('session_version').notNull().default(1),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    unique('users_email_key').on(t.email),
    check('users_email_lowercase', sql`${t.email} = lower(${t.email})`),
    index('users_role_name_idx').on(t.role, t.name),
  ],
);

export const terms = pgTable(
  'terms',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    registrationOpensAt: timestamp('registration_opens_at', { withTimezone: true }).notNull(),
    registrationClosesAt: timestamp('registration_closes_at', { withTimezone: true }).notNull(),
    dropDeadline: timestamp('drop_deadline', { withTimezone: true }).notNull(),
    withdrawDeadline: timestamp('withdraw_deadline', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('terms_code_key').on(t.code),
    check('terms_registration_window_ordered', sql`${t.registrationOpensAt} < ${t.registrationClosesAt}`),
    check('terms_deadlines_ordered', sql`${t.dropDeadline} <= ${t.withdrawDeadline}`),
  ],
);

export const courses = pgTable(
  'courses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    subject: text('subject').notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    credits: integer('credits').notNull(),
    description: text('description').notNull().default(''),
  },
  (t) => [
    unique('courses_subject_number_key').on(t.subject, t.number),
    check('courses_subject_format', sql`${t.subject} ~ '^[A-Z]{2,6}$'`),
    check('courses_credits_range', sql`${t.credits} BETWEEN 0 AND 20`),
  ],
);

export const sections = pgTable(
  'sections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    courseId: integer('course_id').notNull(),
    termId: integer('term_id').notNull(),
    code: text('code').notNull(),
    instructorId: integer('instructor_id'),
    capacity: integer('capacity').notNull(),
    /** Derived: only the enrollment triggers may change it (drizzle/0001_enrollment_triggers.sql). */
    enrolledCount: integer('enrolled_count').notNull().default(0),
    meetingDays: text('meeting_days').notNull().default(''),
    startTime: time('start_time'),
    endTime: time('end_time'),
    location: text('location').notNull().default(''),
    ...timestamps,
  },
  (t) => [
    unique('sections_course_term_code_key').on(t.courseId, t.termId, t.code),
    foreignKey({ name: 'sections_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('restrict'),
    foreignKey({ name: 'sections_term_id_fkey', columns: [t.termId], foreignColumns: [terms.id] }).onDelete('restrict'),
    foreignKey({ name: 'sections_instructor_id_fkey', columns: [t.instructorId], foreignColumns: [users.id] }).onDelete(
      'set null',
    ),
    check('sections_capacity_nonnegative', sql`${t.capacity} >= 0`),
    check('sections_enrolled_count_within_capacity', sql`${t.enrolledCount} >= 0 AND ${t.enrolledCount} <= ${t.capacity}`),
    check('sections_meeting_days_format', sql`${t.meetingDays} ~ '^[MTWRFSU]*$'`),
    check('sections_meeting_time_ordered', sql`${t.startTime} IS NULL OR ${t.endTime} IS NULL OR ${t.startTime} < ${t.endTime}`),
    index('sections_term_course_idx').on(t.termId, t.courseId),
    index('sections_instructor_idx').on(t.instructorId),
  ],
);

export const enrollments = pgTable(
  'enrollments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    studentId: integer('student_id').notNull(),
    sectionId: integer('section_id').notNull(),
    completionStatus: completionStatus('completion_status').notNull().default('enrolled'),
    ...timestamps,
  },
  (t) => [
    unique('enrollments_student_section_key').on(t.studentId, t.sectionId),
    foreignKey({ name: 'enrollments_student_id_fkey', columns: [t.studentId], foreignColumns: [users.id] }).onDelete('restrict'),
    // RESTRICT: a section with enrollment history cannot be deleted (the registrar sees a clear message).
    foreignKey({ name: 'enrollments_section_id_fkey', columns: [t.sectionId], foreignColumns: [sections.id] }).onDelete(
      'restrict',
    ),
    index('enrollments_section_status_idx').on(t.sectionId, t.completionStatus),
  ],
);

export const signInScope = pgEnum('sign_in_scope', ['account', 'address']);

/**
 * Failed sign-ins per account (the submitted email, existing or not) and per client address, in fixed windows:
 * kept in PostgreSQL so that every app server counts the same failures (docs/decisions/0010).
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    scope: signInScope('scope').notNull(),
    key: text('key').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
    failures: integer('failures').notNull().default(1),
  },
  (t) => [
    primaryKey({ name: 'sign_in_failures_pkey', columns: [t.scope, t.key] }),
    check('sign_in_failures_failures_positive', sql`${t.failures} > 0`),
    index('sign_in_failures_window_idx').on(t.windowStartedAt),
  ],
);

export type User = typeof users.$inferSelect;
export type Term = typeof terms.$inferSelect;
export type Course = typeof courses.$inferSelect;
export type Section = typeof sections.$inferSelect;
export type Enrollment = typeof enrollments.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
export type CompletionStatus = (typeof completionStatus.enumValues)[number];
