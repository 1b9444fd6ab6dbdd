/** Test data factories, shared by the tests, the e2e fixtures, the bench and the faults: every caller makes the rows it needs, with unique names, so nothing shares state. */
import crypto from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Executor } from '../db/executor';
import { courses, enrollments, sectionMeetings, sections, terms, users, type UserRole } from '../db/schema';

export const TEST_PASSWORD = 'correct horse battery staple';
const DAY = 24 * 60 * 60 * 1000;

export const uniqueTag = () => crypto.randomBytes(5).toString('hex');

let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hash(TEST_PASSWORD));

export type TermWindow = 'open' | 'not_yet_open' | 'closed_before_drop_deadline' | 'withdraw_period' | 'past_withdraw';

/** Registration dates relative to now, for each phase of a term that the rules care about. */
export function termDates(phase: TermWindow, now = Date.now()) {
  const at = (days: number) => new Date(now + days * DAY);
  switch (phase) {
    case 'open':
      return { registrationOpensAt: at(-1), registrationClosesAt: at(10), dropDeadline: at(5), withdrawDeadline: at(20) };
    case 'not_yet_open':
      return { registrationOpensAt: at(2), registrationClosesAt: at(10), dropDeadline: at(12), withdrawDeadline: at(20) };
    case 'closed_before_drop_deadline':
      return { registrationOpensAt: at(-10), registrationClosesAt: at(-1), dropDeadline: at(3), withdrawDeadline: at(20) };
    case 'withdraw_period':
      return { registrationOpensAt: at(-10), registrationClosesAt: at(5), dropDeadline: at(-1), withdrawDeadline: at(20) };
    case 'past_withdraw':
      return { registrationOpensAt: at(-30), registrationClosesAt: at(-20), dropDeadline: at(-15), withdrawDeadline: at(-1) };
  }
}

/** Class dates around now (the meetings' default dates): started a week ago, ending in about fifteen weeks. */
export function classDates(now = Date.now()) {
  const on = (days: number) => new Date(now + days * DAY).toISOString().slice(0, 10);
  return { classesStartOn: on(-7), classesEndOn: on(100) };
}

export async function createTerm(db: Executor, phase: TermWindow = 'open') {
  const tag = uniqueTag();
  const [term] = await db
    .insert(terms)
    .values({ code: `T-${tag}`, name: `Test term ${tag}`, ...termDates(phase), ...classDates() })
    .returning();
  return term!;
}

export async function createCourse(db: Executor, fields: Partial<typeof courses.$inferInsert> = {}) {
  const tag = uniqueTag();
  const [course] = await db
    .insert(courses)
    .values({ subject: 'TEST', number: tag, title: `Test course ${tag}`, credits: 3, ...fields })
    .returning();
  return course!;
}

export async function createUsers(
  db: Executor,
  count: number,
  role: UserRole = 'student',
  name: (index: number, tag: string) => string = (i, tag) => `Test ${role} ${tag} ${i}`,
) {
  if (count === 0) return [];
  const tag = uniqueTag();
  const passwordHash = await testPasswordHash();
  return db
    .insert(users)
    .values(
      Array.from({ length: count }, (_, i) => ({
        email: `${role}-${tag}-${i}@test.curriculab.test`,
        name: name(i, tag),
        passwordHash,
        role,
      })),
    )
    .returning();
}

export async function createUser(db: Executor, role: UserRole = 'student', name?: string) {
  const [user] = await createUsers(db, 1, role, name ? () => name : undefined);
  return user!;
}

export interface SectionOptions {
  capacity?: number;
  termId?: number;
  courseId?: number;
  instructorId?: number | null;
  phase?: TermWindow;
  /** section_meetings rows (ISO day, 'HH:MM'); none by default, so only tests about time conflicts have any. */
  meetings?: { day: number; startsAt: string; endsAt: string; startsOn?: string; endsOn?: string }[];
  /** A set's member (docs/decisions/0022): its component (default LEC), the section it belongs to, its credits. */
  component?: string;
  linkedSectionId?: number;
  credits?: number;
  code?: string;
}

export async function createSection(db: Executor, options: SectionOptions = {}) {
  const termId = options.termId ?? (await createTerm(db, options.phase)).id;
  const courseId = options.courseId ?? (await createCourse(db)).id;
  const [section] = await db
    .insert(sections)
    .values({
      courseId,
      termId,
      code: options.code ?? uniqueTag().slice(0, 8).toUpperCase(),
      capacity: options.capacity ?? 10,
      component: options.component,
      linkedSectionId: options.linkedSectionId,
      credits: options.credits,
      instructorId: options.instructorId ?? null,
      location: 'Test Hall 101',
    })
    .returning();
  if (options.meetings?.length) {
    await db.insert(sectionMeetings).values(options.meetings.map((m) => ({ sectionId: section!.id, ...m })));
  }
  return section!;
}

/** Takes `count` seats in a section with new students, through the real INSERT (the trigger counts them). */
export async function fillSection(db: Executor, sectionId: number, count: number) {
  const students = await createUsers(db, count);
  if (students.length) {
    await db.insert(enrollments).values(students.map((s) => ({ studentId: s.id, sectionId })));
  }
  return students;
}

/** A lecture with `labs` linked sections of component LAB (A with A01, A02, …), in one course and term (new ones unless given). */
export async function createSectionSet(
  db: Executor,
  {
    labs = 2,
    capacity = 10,
    labCapacity = capacity,
    phase,
    termId,
    courseId,
    code = 'A',
  }: {
    labs?: number;
    capacity?: number;
    labCapacity?: number;
    phase?: TermWindow;
    termId?: number;
    courseId?: number;
    code?: string;
  } = {},
) {
  const lecture = await createSection(db, { capacity, phase, termId, courseId, code });
  const labSections = [];
  for (let i = 1; i <= labs; i++) {
    labSections.push(
      await createSection(db, {
        termId: lecture.termId,
        courseId: lecture.courseId,
        capacity: labCapacity,
        component: 'LAB',
        linkedSectionId: lecture.id,
        credits: 0,
        code: `${code}${String(i).padStart(2, '0')}`,
      }),
    );
  }
  return { lecture, labs: labSections };
}
