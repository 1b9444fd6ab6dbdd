import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['student', 'instructor', 'registrar']);
export const completionStatus = pgEnum('completion_status', ['enrolled', 'withdrawn', 'completed']);
export const classStanding = pgEnum('class_standing', ['freshman', 'sophomore', 'junior', 'senior', 'graduate']);
export const transcriptSource = pgEnum('transcript_source', ['transfer', 'exam', 'earlier']);

/** The letter grades a completed enrollment or a transcript line may carry, best first; P and S pass without a letter. */
export const LETTER_GRADES = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'] as const;
export const PASS_GRADES = ['P', 'S'] as const;
const gradeList = [...LETTER_GRADES, ...PASS_GRADES].map((g) => `'${g}'`).join(', ');
const minimumGradeList = LETTER_GRADES.filter((g) => g !== 'F')
  .map((g) => `'${g}'`)
  .join(', ');
/** The rules a registrar may let one student past for one section; capacity and a duplicate seat are not among them. */
export const overridableRule = pgEnum('overridable_rule', ['time_conflict', 'prerequisite_missing', 'credit_limit']);

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
    /** The default dates of every meeting (a meeting's own starts_on/ends_on narrow them); NULL for terms made before. */
    classesStartOn: date('classes_start_on', { mode: 'string' }),
    classesEndOn: date('classes_end_on', { mode: 'string' }),
  },
  (t) => [
    unique('terms_code_key').on(t.code),
    check('terms_registration_window_ordered', sql`${t.registrationOpensAt} < ${t.registrationClosesAt}`),
    check('terms_deadlines_ordered', sql`${t.dropDeadline} <= ${t.withdrawDeadline}`),
    check(
      'terms_class_dates_ordered',
      sql`(${t.classesStartOn} IS NULL) = (${t.classesEndOn} IS NULL) AND ${t.classesStartOn} <= ${t.classesEndOn}`,
    ),
  ],
);

export const courses = pgTable(
  'courses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    subject: text('subject').notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    /** Decimals (1.5); a section may carry its own (sections.credits). */
    credits: numeric('credits', { precision: 4, scale: 1, mode: 'number' }).notNull(),
    description: text('description').notNull().default(''),
  },
  (t) => [
    unique('courses_subject_number_key').on(t.subject, t.number),
    check('courses_subject_format', sql`${t.subject} ~ '^[A-Z]{2,6}$'`),
    check('courses_credits_range', sql`${t.credits} BETWEEN 0 AND 40`),
  ],
);

/** Sections of one term sharing one capacity (a course listed under two subjects). */
export const crossLists = pgTable(
  'cross_lists',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    termId: integer('term_id').notNull(),
    code: text('code').notNull(),
    capacity: integer('capacity').notNull(),
    /** Derived: seats held in all member sections together, kept by the enrollment triggers (docs/decisions/0025). */
    held: integer('held').notNull().default(0),
  },
  (t) => [
    unique('cross_lists_term_code_key').on(t.termId, t.code),
    check('cross_lists_held_within_capacity', sql`${t.held} >= 0 AND ${t.held} <= ${t.capacity}`),
    foreignKey({ name: 'cross_lists_term_id_fkey', columns: [t.termId], foreignColumns: [terms.id] }).onDelete('restrict'),
    check('cross_lists_capacity_nonnegative', sql`${t.capacity} >= 0`),
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
    location: text('location').notNull().default(''),
    /** How many students may wait for a seat; 0 = no waitlist (drizzle/0005_waitlists.sql, docs/decisions/0011). */
    waitlistCapacity: integer('waitlist_capacity').notNull().default(0),
    /** The last waitlist position handed out: bumped under the section's row lock, so positions are never reused. */
    waitlistLastPosition: integer('waitlist_last_position').notNull().default(0),
    /** LEC, LAB, REC, …: a set holds one section of each component its links ask for (docs/decisions/0022). */
    component: text('component').notNull().default('LEC'),
    /** "This lab belongs to that lecture": a section of the same course and term with another component. */
    linkedSectionId: integer('linked_section_id'),
    /** The section's own credits; NULL = the course's. */
    credits: numeric('credits', { precision: 4, scale: 1, mode: 'number' }),
    /** Sections sharing one capacity (a course listed under two subjects). */
    crossListId: integer('cross_list_id'),
    /** Derived: reserved seats not yet taken by their group nor released (docs/decisions/0025). */
    reservedOpen: integer('reserved_open').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    unique('sections_course_term_code_key').on(t.courseId, t.termId, t.code),
    foreignKey({
      name: 'sections_linked_section_id_fkey',
      columns: [t.linkedSectionId],
      foreignColumns: [t.id],
    }).onDelete('restrict'),
    foreignKey({
      name: 'sections_cross_list_id_fkey',
      columns: [t.crossListId],
      foreignColumns: [crossLists.id],
    }).onDelete('set null'),
    check('sections_component_format', sql`${t.component} ~ '^[A-Z]{2,4}$'`),
    check('sections_linked_not_self', sql`${t.linkedSectionId} IS DISTINCT FROM ${t.id}`),
    check('sections_credits_range', sql`${t.credits} BETWEEN 0 AND 40`),
    index('sections_linked_section_idx')
      .on(t.linkedSectionId)
      .where(sql`${t.linkedSectionId} IS NOT NULL`),
    index('sections_cross_list_idx')
      .on(t.crossListId)
      .where(sql`${t.crossListId} IS NOT NULL`),
    foreignKey({ name: 'sections_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('restrict'),
    foreignKey({ name: 'sections_term_id_fkey', columns: [t.termId], foreignColumns: [terms.id] }).onDelete('restrict'),
    foreignKey({ name: 'sections_instructor_id_fkey', columns: [t.instructorId], foreignColumns: [users.id] }).onDelete(
      'set null',
    ),
    check('sections_capacity_nonnegative', sql`${t.capacity} >= 0`),
    check('sections_waitlist_capacity_nonnegative', sql`${t.waitlistCapacity} >= 0`),
    check('sections_enrolled_count_within_capacity', sql`${t.enrolledCount} >= 0 AND ${t.enrolledCount} <= ${t.capacity}`),
    check(
      'sections_reserved_seats_within_capacity',
      sql`${t.reservedOpen} >= 0 AND ${t.enrolledCount} + ${t.reservedOpen} <= ${t.capacity}`,
    ),
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
    /** The final grade, on completed enrollments only. */
    grade: text('grade'),
    ...timestamps,
  },
  (t) => [
    unique('enrollments_student_section_key').on(t.studentId, t.sectionId),
    check('enrollments_grade_scale', sql.raw(`grade IS NULL OR grade IN (${gradeList})`)),
    check('enrollments_grade_on_completed', sql`${t.grade} IS NULL OR ${t.completionStatus} = 'completed'`),
    foreignKey({ name: 'enrollments_student_id_fkey', columns: [t.studentId], foreignColumns: [users.id] }).onDelete('restrict'),
    // RESTRICT: a section with enrollment history cannot be deleted (the registrar sees a clear message).
    foreignKey({ name: 'enrollments_section_id_fkey', columns: [t.sectionId], foreignColumns: [sections.id] }).onDelete(
      'restrict',
    ),
    index('enrollments_section_status_idx').on(t.sectionId, t.completionStatus),
  ],
);

// Registration rules (drizzle/0002_registration_rules.sql, docs/decisions/0008). The EXCLUDE constraints and the
// triggers that decide the rules are hand-written there; drizzle-kit cannot express them.

/** When a section meets: zero rows = online/arranged, never in conflict. `day` is ISO (1 = Monday). */
export const sectionMeetings = pgTable(
  'section_meetings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    sectionId: integer('section_id').notNull(),
    day: smallint('day').notNull(),
    startsAt: time('starts_at').notNull(),
    endsAt: time('ends_at').notNull(),
    /** A part of the term (half-term sections); NULL = the term's class dates. */
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
  },
  (t) => [
    check('section_meetings_dates_ordered', sql`${t.startsOn} <= ${t.endsOn}`),
    foreignKey({ name: 'section_meetings_section_id_fkey', columns: [t.sectionId], foreignColumns: [sections.id] }).onDelete(
      'cascade',
    ),
    check('section_meetings_day_iso', sql`${t.day} BETWEEN 1 AND 7`),
    check('section_meetings_time_ordered', sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

/**
 * A course needs every group; a group is met by any one of its courses completed (in an earlier term, or on the
 * transcript) with at least `minGrade`. `groupNo` defaults to a fresh number, so a row inserted without one is its
 * own group (as every stage-two row was).
 */
export const coursePrerequisites = pgTable(
  'course_prerequisites',
  {
    courseId: integer('course_id').notNull(),
    groupNo: integer('group_no').notNull().generatedByDefaultAsIdentity(),
    prerequisiteCourseId: integer('prerequisite_course_id').notNull(),
    minGrade: text('min_grade'),
  },
  (t) => [
    primaryKey({ name: 'course_prerequisites_pkey', columns: [t.courseId, t.groupNo, t.prerequisiteCourseId] }),
    check('course_prerequisites_min_grade_scale', sql.raw(`min_grade IS NULL OR min_grade IN (${minimumGradeList})`)),
    foreignKey({ name: 'course_prerequisites_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'course_prerequisites_prerequisite_course_id_fkey',
      columns: [t.prerequisiteCourseId],
      foreignColumns: [courses.id],
    }).onDelete('cascade'),
    check('course_prerequisites_not_self', sql`${t.courseId} <> ${t.prerequisiteCourseId}`),
  ],
);

/** A hold without `lifted_at` blocks every new seat of that student (dropping stays allowed). */
export const registrationHolds = pgTable(
  'registration_holds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    studentId: integer('student_id').notNull(),
    reason: text('reason').notNull(),
    placedBy: integer('placed_by'),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull().defaultNow(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedBy: integer('lifted_by'),
  },
  (t) => [
    foreignKey({ name: 'registration_holds_student_id_fkey', columns: [t.studentId], foreignColumns: [users.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'registration_holds_placed_by_fkey', columns: [t.placedBy], foreignColumns: [users.id] }).onDelete(
      'set null',
    ),
    foreignKey({ name: 'registration_holds_lifted_by_fkey', columns: [t.liftedBy], foreignColumns: [users.id] }).onDelete(
      'set null',
    ),
    check('registration_holds_reason_present', sql`btrim(${t.reason}) <> ''`),
    check('registration_holds_lifted_after_placed', sql`${t.liftedAt} IS NULL OR ${t.liftedAt} >= ${t.placedAt}`),
    index('registration_holds_active_idx')
      .on(t.studentId)
      .where(sql`${t.liftedAt} IS NULL`),
  ],
);

/** A registrar lets one student past one rule for one section; who and when are recorded. */
export const ruleOverrides = pgTable(
  'rule_overrides',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    studentId: integer('student_id').notNull(),
    sectionId: integer('section_id').notNull(),
    rule: overridableRule('rule').notNull(),
    grantedBy: integer('granted_by').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    note: text('note').notNull().default(''),
  },
  (t) => [
    unique('rule_overrides_student_section_rule_key').on(t.studentId, t.sectionId, t.rule),
    foreignKey({ name: 'rule_overrides_student_id_fkey', columns: [t.studentId], foreignColumns: [users.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'rule_overrides_section_id_fkey', columns: [t.sectionId], foreignColumns: [sections.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'rule_overrides_granted_by_fkey', columns: [t.grantedBy], foreignColumns: [users.id] }).onDelete(
      'restrict',
    ),
  ],
);

/**
 * Per student and term: the credits of their seats (derived, kept by the enrollment triggers) under a maximum a
 * registrar may raise. `exemptCredits` are seats let past the maximum by a `credit_limit` override.
 */
export const studentTermCredits = pgTable(
  'student_term_credits',
  {
    studentId: integer('student_id').notNull(),
    termId: integer('term_id').notNull(),
    credits: numeric('credits', { precision: 5, scale: 1, mode: 'number' }).notNull().default(0),
    exemptCredits: numeric('exempt_credits', { precision: 5, scale: 1, mode: 'number' }).notNull().default(0),
    maxCredits: integer('max_credits').notNull().default(18),
  },
  (t) => [
    primaryKey({ name: 'student_term_credits_pkey', columns: [t.studentId, t.termId] }),
    foreignKey({ name: 'student_term_credits_student_id_fkey', columns: [t.studentId], foreignColumns: [users.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'student_term_credits_term_id_fkey', columns: [t.termId], foreignColumns: [terms.id] }).onDelete(
      'cascade',
    ),
    check('student_term_credits_within_max', sql`${t.credits} - ${t.exemptCredits} <= ${t.maxCredits}`),
    check(
      'student_term_credits_nonnegative',
      sql`${t.exemptCredits} >= 0 AND ${t.exemptCredits} <= ${t.credits} AND ${t.maxCredits} >= 0`,
    ),
  ],
);

/**
 * Derived: one row per seat-holding enrollment, seen from the student (term, course, credits, which rules it was
 * let past). Only the enrollment triggers write it.
 */
export const studentSeats = pgTable(
  'student_seats',
  {
    enrollmentId: integer('enrollment_id').primaryKey(),
    studentId: integer('student_id').notNull(),
    termId: integer('term_id').notNull(),
    courseId: integer('course_id').notNull(),
    sectionId: integer('section_id').notNull(),
    /** The section's component: one seat per component of a course (docs/decisions/0022). */
    component: text('component').notNull(),
    credits: numeric('credits', { precision: 4, scale: 1, mode: 'number' }).notNull(),
    timeExempt: boolean('time_exempt').notNull(),
    creditsExempt: boolean('credits_exempt').notNull(),
    /** Seats held before the rules existed (migration 0002): kept, exempt from the rules they broke. */
    grandfathered: boolean('grandfathered').notNull().default(false),
  },
  (t) => [
    uniqueIndex('student_seats_one_per_course')
      .on(t.studentId, t.termId, t.courseId, t.component)
      .where(sql`NOT ${t.grandfathered}`),
    index('student_seats_student_term_idx').on(t.studentId, t.termId),
    index('student_seats_section_idx').on(t.sectionId),
  ],
);

/** Derived: the meetings of every seat, per student, under the EXCLUDE constraint student_meetings_no_overlap. */
export const studentMeetings = pgTable(
  'student_meetings',
  {
    enrollmentId: integer('enrollment_id').notNull(),
    meetingId: integer('meeting_id').notNull(),
    studentId: integer('student_id').notNull(),
    termId: integer('term_id').notNull(),
    sectionId: integer('section_id').notNull(),
    day: smallint('day').notNull(),
    startsAt: time('starts_at').notNull(),
    endsAt: time('ends_at').notNull(),
    /** The meeting's dates, resolved (its own, else the term's class dates; NULL = unbounded) for the EXCLUDE. */
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    exempt: boolean('exempt').notNull(),
    /** A registrar moved this seat's section onto another of the student's classes, knowingly (docs/decisions/0018). */
    acceptedConflict: boolean('accepted_conflict').notNull().default(false),
  },
  (t) => [
    primaryKey({ name: 'student_meetings_pkey', columns: [t.enrollmentId, t.meetingId] }),
    index('student_meetings_meeting_idx').on(t.meetingId),
  ],
);

/** Work done before or outside this system; it meets prerequisites like a completed enrollment. */
export const transcriptCourses = pgTable(
  'transcript_courses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    studentId: integer('student_id').notNull(),
    courseId: integer('course_id').notNull(),
    grade: text('grade').notNull(),
    termCode: text('term_code'),
    source: transcriptSource('source').notNull().default('transfer'),
  },
  (t) => [
    unique('transcript_courses_student_course_term_key').on(t.studentId, t.courseId, t.termCode).nullsNotDistinct(),
    foreignKey({ name: 'transcript_courses_student_id_fkey', columns: [t.studentId], foreignColumns: [users.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'transcript_courses_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete(
      'restrict',
    ),
    check('transcript_courses_grade_scale', sql.raw(`grade IN (${gradeList})`)),
  ],
);

/** One row per student: what priority registration and reserved seats read. */
export const studentProfiles = pgTable(
  'student_profiles',
  {
    studentId: integer('student_id').primaryKey(),
    earnedCredits: numeric('earned_credits', { precision: 6, scale: 1, mode: 'number' }).notNull().default(0),
    classStanding: classStanding('class_standing').notNull().default('freshman'),
    major: text('major'),
  },
  (t) => [
    foreignKey({ name: 'student_profiles_student_id_fkey', columns: [t.studentId], foreignColumns: [users.id] }).onDelete(
      'cascade',
    ),
    check('student_profiles_earned_credits_nonnegative', sql`${t.earnedCredits} >= 0`),
    check('student_profiles_major_present', sql`${t.major} IS NULL OR btrim(${t.major}) <> ''`),
  ],
);

/** When a student may start adding seats in a term (a time ticket); without one, the term's window. */
export const registrationAppointments = pgTable(
  'registration_appointments',
  {
    studentId: integer('student_id').notNull(),
    termId: integer('term_id').notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'registration_appointments_pkey', columns: [t.studentId, t.termId] }),
    foreignKey({
      name: 'registration_appointments_student_id_fkey',
      columns: [t.studentId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({ name: 'registration_appointments_term_id_fkey', columns: [t.termId], foreignColumns: [terms.id] }).onDelete(
      'cascade',
    ),
    index('registration_appointments_term_opens_idx').on(t.termId, t.opensAt),
  ],
);

/**
 * A named group registered first (athletes, honors, veterans, disability services): the appointment rule puts the
 * groups a registrar lists first, in that order, then its own order (docs/decisions/0025).
 */
export const priorityGroups = pgTable(
  'priority_groups',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
  },
  (t) => [
    // One group per name whatever its case: the appointment rule names groups as a registrar types them.
    uniqueIndex('priority_groups_name_key').on(sql`lower(${t.name})`),
    check('priority_groups_name_present', sql`length(btrim(${t.name})) BETWEEN 1 AND 80`),
  ],
);

export const priorityGroupMembers = pgTable(
  'priority_group_members',
  {
    groupId: integer('group_id').notNull(),
    studentId: integer('student_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'priority_group_members_pkey', columns: [t.groupId, t.studentId] }),
    foreignKey({
      name: 'priority_group_members_group_id_fkey',
      columns: [t.groupId],
      foreignColumns: [priorityGroups.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'priority_group_members_student_id_fkey',
      columns: [t.studentId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    index('priority_group_members_student_idx').on(t.studentId),
  ],
);

/** Seats of a section held for a group (a class standing, a major, or both) until `releasedAt`. */
export const sectionReservations = pgTable(
  'section_reservations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    sectionId: integer('section_id').notNull(),
    classStanding: classStanding('class_standing'),
    major: text('major'),
    seats: integer('seats').notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true }).notNull(),
    /** Derived: the release has been applied (its open seats became ordinary ones and the waitlist was promoted). */
    released: boolean('released').notNull().default(false),
  },
  (t) => [
    foreignKey({ name: 'section_reservations_section_id_fkey', columns: [t.sectionId], foreignColumns: [sections.id] }).onDelete(
      'cascade',
    ),
    check('section_reservations_seats_positive', sql`${t.seats} > 0`),
    check('section_reservations_group_named', sql`${t.classStanding} IS NOT NULL OR ${t.major} IS NOT NULL`),
    index('section_reservations_section_idx').on(t.sectionId),
  ],
);

/** Derived: which members hold a reserved seat, so a seat given back returns to its group (docs/decisions/0025). */
export const sectionReservationSeats = pgTable(
  'section_reservation_seats',
  {
    reservationId: integer('reservation_id').notNull(),
    studentId: integer('student_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'section_reservation_seats_pkey', columns: [t.reservationId, t.studentId] }),
    foreignKey({
      name: 'section_reservation_seats_reservation_id_fkey',
      columns: [t.reservationId],
      foreignColumns: [sectionReservations.id],
    }).onDelete('cascade'),
    index('section_reservation_seats_student_idx').on(t.studentId),
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

/**
 * Students waiting for a seat (drizzle/0005_waitlists.sql, docs/decisions/0011). `position` comes from the section's
 * counter, so the order is commit order; an entry leaves the table when its student gets the seat or leaves. A
 * student the rules refused at a promotion keeps their place, with the refusal in `passedOver*`.
 */
export const waitlistEntries = pgTable(
  'waitlist_entries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    sectionId: integer('section_id').notNull(),
    studentId: integer('student_id').notNull(),
    position: integer('position').notNull(),
    /** Swap: the section whose seat is released in the transaction that gives this one. */
    swapFromSectionId: integer('swap_from_section_id'),
    /** The rest of the set taken with this section at promotion (its lecture, say): docs/decisions/0022. */
    withSectionIds: integer('with_section_ids')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    /** The failure code of the last promotion that passed this student over (a rule, or `swap_busy`). */
    passedOverReason: text('passed_over_reason'),
    passedOverDetail: text('passed_over_detail'),
    passedOverAt: timestamp('passed_over_at', { withTimezone: true }),
  },
  (t) => [
    unique('waitlist_entries_section_student_key').on(t.sectionId, t.studentId),
    unique('waitlist_entries_section_position_key').on(t.sectionId, t.position),
    foreignKey({ name: 'waitlist_entries_section_id_fkey', columns: [t.sectionId], foreignColumns: [sections.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'waitlist_entries_student_id_fkey', columns: [t.studentId], foreignColumns: [users.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'waitlist_entries_swap_from_section_id_fkey',
      columns: [t.swapFromSectionId],
      foreignColumns: [sections.id],
    }).onDelete('set null'),
    check('waitlist_entries_position_positive', sql`${t.position} > 0`),
    check('waitlist_entries_swap_from_other', sql`${t.swapFromSectionId} IS DISTINCT FROM ${t.sectionId}`),
    index('waitlist_entries_student_idx').on(t.studentId),
  ],
);

/** What an enrollment event records (docs/decisions/0012). */
export const enrollmentEventKind = pgEnum('enrollment_event_kind', [
  'enrolled',
  'dropped',
  'withdrawn',
  'completed',
  'waitlisted',
  'waitlist_left',
  'promoted',
  'swapped',
  'override_granted',
  'override_revoked',
  'passed_over',
  'waitlist_changed',
  'conflict_accepted',
]);

/**
 * Append-only history of seats and waitlist places, written only by the triggers of drizzle/0006 in the
 * transaction of the change (docs/decisions/0012). No foreign keys: the history outlives the rows it names.
 */
export const enrollmentEvents = pgTable(
  'enrollment_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    studentId: integer('student_id').notNull(),
    sectionId: integer('section_id').notNull(),
    kind: enrollmentEventKind('kind').notNull(),
    actorId: integer('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** swapped, or promoted with a swap: the seat released, and how (dropped or withdrawn). */
    fromSectionId: integer('from_section_id'),
    releasedAs: text('released_as'),
    /** waitlisted: the place taken in line (the section's ticket number). */
    position: integer('position'),
    /** promoted: the event that freed the seat (null when a capacity raise did) and why it came free. */
    freedByEventId: bigint('freed_by_event_id', { mode: 'number' }),
    cause: text('cause'),
    /** passed_over: the refusal and what freed the seat; conflict_accepted: the overlaps the registrar accepted. */
    detail: jsonb('detail'),
  },
  (t) => [
    index('enrollment_events_student_idx').on(t.studentId, t.id),
    index('enrollment_events_section_idx').on(t.sectionId, t.id),
  ],
);

/** What a notice tells a student (docs/decisions/0026). */
export const notificationKind = pgEnum('notification_kind', [
  'promoted',
  'passed_over',
  'reserved_released',
  'section_changed',
  'dropped_by_registrar',
  'hold_lifted',
]);

/** Always mailed: a student cannot opt out of hearing that they got a seat or were passed over for one. */
export const ESSENTIAL_NOTIFICATION_KINDS = ['promoted', 'passed_over'] as const;

/**
 * The transactional outbox: written only by `notification_write` in the transaction that causes the notice, read
 * by the delivery worker (lib/notifications) and the student's notice page (docs/decisions/0026).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    studentId: integer('student_id').notNull(),
    kind: notificationKind('kind').notNull(),
    sectionId: integer('section_id'),
    /** The history event the notice tells of (promoted, passed_over, dropped_by_registrar). */
    eventId: bigint('event_id', { mode: 'number' }),
    detail: jsonb('detail'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** False when the student opted out of this kind's e-mail when it was written: the notice is in the app only. */
    mail: boolean('mail').notNull().default(true),
    /** The mail's Message-ID: a resend after a crash carries the same one, so the mailbox keeps one copy. */
    idempotencyKey: uuid('idempotency_key').notNull().defaultRandom(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** Set when the worker gave up (a registrar sees it and may retry). */
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({ name: 'notifications_student_id_fkey', columns: [t.studentId], foreignColumns: [users.id] }).onDelete('cascade'),
    unique('notifications_idempotency_key_key').on(t.idempotencyKey),
    check('notifications_attempts_nonnegative', sql`${t.attempts} >= 0`),
    index('notifications_student_idx').on(t.studentId, t.id),
    index('notifications_unread_idx')
      .on(t.studentId)
      .where(sql`${t.readAt} IS NULL`),
    index('notifications_outbox_idx')
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.mail} AND ${t.sentAt} IS NULL AND ${t.failedAt} IS NULL`),
  ],
);

/** The non-essential kinds a student does not want e-mailed. */
export const notificationOptOuts = pgTable(
  'notification_opt_outs',
  {
    studentId: integer('student_id').notNull(),
    kind: notificationKind('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'notification_opt_outs_pkey', columns: [t.studentId, t.kind] }),
    foreignKey({ name: 'notification_opt_outs_student_id_fkey', columns: [t.studentId], foreignColumns: [users.id] }).onDelete(
      'cascade',
    ),
    check('notification_opt_outs_non_essential', sql`${t.kind} NOT IN ('promoted', 'passed_over')`),
  ],
);

export type User = typeof users.$inferSelect;
export type Term = typeof terms.$inferSelect;
export type Course = typeof courses.$inferSelect;
export type Section = typeof sections.$inferSelect;
export type Enrollment = typeof enrollments.$inferSelect;
export type SectionMeeting = typeof sectionMeetings.$inferSelect;
export type RegistrationHold = typeof registrationHolds.$inferSelect;
export type RuleOverride = typeof ruleOverrides.$inferSelect;
export type WaitlistEntry = typeof waitlistEntries.$inferSelect;
export type EnrollmentEvent = typeof enrollmentEvents.$inferSelect;
export type TranscriptCourse = typeof transcriptCourses.$inferSelect;
export type StudentProfile = typeof studentProfiles.$inferSelect;
export type RegistrationAppointment = typeof registrationAppointments.$inferSelect;
export type SectionReservation = typeof sectionReservations.$inferSelect;
export type CrossList = typeof crossLists.$inferSelect;
export type ClassStanding = (typeof classStanding.enumValues)[number];
export type Grade = (typeof LETTER_GRADES)[number] | (typeof PASS_GRADES)[number];
export type EnrollmentEventKind = (typeof enrollmentEventKind.enumValues)[number];
export type Notification = typeof notifications.$inferSelect;
export type NotificationKind = (typeof notificationKind.enumValues)[number];
export type OverridableRule = (typeof overridableRule.enumValues)[number];
export type UserRole = (typeof userRole.enumValues)[number];
export type CompletionStatus = (typeof completionStatus.enumValues)[number];
