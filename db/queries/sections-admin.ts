import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { db } from '../index';
import { classifyDbError, narrowFailure, type DbOperation } from '../errors';
import type { Executor, Result } from '../executor';
import { sectionColumns } from './sections';
import { courses, sections, terms, users, type Section } from '../schema';

/** What a registrar sets on a section besides its identity (course, term, code). */
export interface SectionSchedule {
  instructorId: number | null;
  meetingDays: string;
  startTime: string | null;
  endTime: string | null;
  location: string;
}

export interface NewSection extends SectionSchedule {
  courseId: number;
  termId: number;
  code: string;
  capacity: number;
}

export interface SectionChanges extends SectionSchedule {
  capacity: number;
}

/** A term's sections with their fill, for the registrar (all) and an instructor (their own). */
export async function listTermSections(termId: number, { instructorId }: { instructorId?: number } = {}) {
  return db()
    .select(sectionColumns)
    .from(sections)
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .leftJoin(users, eq(users.id, sections.instructorId))
    .where(and(eq(sections.termId, termId), instructorId === undefined ? undefined : eq(sections.instructorId, instructorId)))
    .orderBy(asc(courses.subject), asc(courses.number), asc(sections.code));
}

export type TermSection = Awaited<ReturnType<typeof listTermSections>>[number];

export async function listInstructors() {
  return db()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.role, 'instructor'))
    .orderBy(asc(users.name));
}

export async function listCourseOptions() {
  return db()
    .select({ id: courses.id, subject: courses.subject, number: courses.number, title: courses.title })
    .from(courses)
    .orderBy(asc(courses.subject), asc(courses.number));
}

export async function findUserRole(userId: number) {
  const [user] = await db().select({ id: users.id, role: users.role }).from(users).where(eq(users.id, userId));
  return user;
}

export async function getSectionForEdit(sectionId: number) {
  const [row] = await db()
    .select({
      section: sections,
      course: { subject: courses.subject, number: courses.number, title: courses.title },
      term: { code: terms.code, name: terms.name },
    })
    .from(sections)
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .innerJoin(terms, eq(terms.id, sections.termId))
    .where(eq(sections.id, sectionId));
  return row;
}

export type SectionForEdit = NonNullable<Awaited<ReturnType<typeof getSectionForEdit>>>;

const WRITE_FAILURES = ['instructor_not_found', 'invalid_value', 'unavailable'] as const;
const CREATE_FAILURES = [...WRITE_FAILURES, 'duplicate_section_code', 'course_not_found', 'term_not_found'] as const;
const UPDATE_FAILURES = [...WRITE_FAILURES, 'capacity_below_enrolled'] as const;

export type CreateSectionFailure = (typeof CREATE_FAILURES)[number] | 'unexpected';
export type UpdateSectionFailure = (typeof UPDATE_FAILURES)[number] | 'section_not_found' | 'unexpected';
export type DeleteSectionFailure = 'section_has_enrollments' | 'section_not_found' | 'unavailable' | 'unexpected';

/** The named unique constraint answers a duplicate code; the foreign keys answer unknown course, term, instructor. */
export async function insertSection(
  values: NewSection,
  database: Executor = db(),
): Promise<Result<Section, CreateSectionFailure>> {
  try {
    const [row] = await database.insert(sections).values(values).returning();
    return { ok: true, value: row! };
  } catch (error) {
    return { ok: false, reason: narrowFailure(classifyDbError(error), CREATE_FAILURES) };
  }
}

export type UpdateSectionResult =
  { ok: true; value: Section } | { ok: false; reason: UpdateSectionFailure; enrolledCount?: number };

/**
 * One plain UPDATE: the CHECK sections_enrolled_count_within_capacity refuses a capacity below the seats
 * taken, against the row as it is when the UPDATE gets its lock (an enrollment in flight waits or wins).
 * Only after a refusal is the count read, to word the message.
 */
export async function updateSection(
  sectionId: number,
  changes: SectionChanges,
  database: Executor = db(),
): Promise<UpdateSectionResult> {
  try {
    const [row] = await database.update(sections).set(changes).where(eq(sections.id, sectionId)).returning();
    return row ? { ok: true, value: row } : { ok: false, reason: 'section_not_found' };
  } catch (error) {
    const reason = narrowFailure(classifyDbError(error, 'update_section'), UPDATE_FAILURES);
    if (reason !== 'capacity_below_enrolled') return { ok: false, reason };
    const enrolledCount = await readEnrolledCount(sectionId, database);
    return { ok: false, reason, ...(enrolledCount === undefined ? {} : { enrolledCount }) };
  }
}

async function readEnrolledCount(sectionId: number, database: Executor): Promise<number | undefined> {
  try {
    const [row] = await database.select({ n: sections.enrolledCount }).from(sections).where(eq(sections.id, sectionId));
    return row?.n;
  } catch {
    return undefined;
  }
}

/** RESTRICT on enrollments_section_id_fkey refuses a section that has any enrollment, withdrawn ones included. */
export async function deleteSection(
  sectionId: number,
  database: Executor = db(),
): Promise<Result<Section, DeleteSectionFailure>> {
  const operation: DbOperation = 'update_section';
  try {
    const [row] = await database.delete(sections).where(eq(sections.id, sectionId)).returning();
    return row ? { ok: true, value: row } : { ok: false, reason: 'section_not_found' };
  } catch (error) {
    return {
      ok: false,
      reason: narrowFailure(classifyDbError(error, operation), ['section_has_enrollments', 'unavailable'] as const),
    };
  }
}
