import 'server-only';
import { and, asc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Result } from '@/lib/outcomes';
import { db } from '../index';
import { refusalOrThrow } from '../errors';
import type { Executor } from '../executor';
import { courses, sections, terms, users, type Section } from '../schema';

export const CATALOG_PAGE_SIZE = 25;

/** The columns a list of sections shows: shared by the catalog, the registrar's list and the instructor's. */
export const sectionColumns = {
  id: sections.id,
  code: sections.code,
  capacity: sections.capacity,
  enrolledCount: sections.enrolledCount,
  meetingDays: sections.meetingDays,
  startTime: sections.startTime,
  endTime: sections.endTime,
  location: sections.location,
  course: {
    id: courses.id,
    subject: courses.subject,
    number: courses.number,
    title: courses.title,
    credits: courses.credits,
  },
  instructor: { id: users.id, name: users.name, email: users.email },
};

export type SectionSummary = Awaited<ReturnType<typeof listCatalog>>['rows'][number];

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * "cs101", "CS 101" and "cs 1" search by subject and number. A bare subject ("CS") means that department only,
 * not every title containing the letters; any other text searches titles (trigram index) and numbers.
 */
function searchCondition(query: string): SQL | undefined {
  const q = query.trim().slice(0, 100);
  if (!q) return undefined;
  const byTitle = ilike(courses.title, `%${escapeLike(q)}%`);
  const code = /^([A-Za-z]{2,6})\s*(\d\w*)?$/.exec(q);
  if (!code) return or(byTitle, ilike(courses.number, `${escapeLike(q)}%`));
  const subject = code[1]!.toUpperCase();
  if (code[2]) return or(and(eq(courses.subject, subject), ilike(courses.number, `${escapeLike(code[2])}%`)), byTitle);
  const isSubject = sql`EXISTS (SELECT 1 FROM ${courses} AS c WHERE c.subject = ${subject})`;
  return or(eq(courses.subject, subject), and(sql`NOT ${isSubject}`, byTitle));
}

export interface CatalogQuery {
  termId: number;
  search?: string;
  openOnly?: boolean;
  page?: number;
}

/** One page of a term's catalog, filtered and counted in SQL. */
export async function listCatalog({ termId, search = '', openOnly = false, page = 1 }: CatalogQuery) {
  const where = and(
    eq(sections.termId, termId),
    searchCondition(search),
    openOnly ? lt(sections.enrolledCount, sections.capacity) : undefined,
  );
  const rows = await db()
    .select({ ...sectionColumns, total: sql<number>`count(*) OVER ()`.mapWith(Number) })
    .from(sections)
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .leftJoin(users, eq(users.id, sections.instructorId))
    .where(where)
    .orderBy(asc(courses.subject), asc(courses.number), asc(sections.code))
    .limit(CATALOG_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * CATALOG_PAGE_SIZE);
  let total = rows[0]?.total ?? 0;
  if (!rows.length && page > 1) {
    // Past the last page: the window count had no row to ride on.
    const [count] = await db()
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(sections)
      .innerJoin(courses, eq(courses.id, sections.courseId))
      .where(where);
    total = count?.n ?? 0;
  }
  return { rows: rows.map(({ total: _total, ...row }) => row), total };
}

export async function getSectionDetail(sectionId: number) {
  const [row] = await db()
    .select({
      ...sectionColumns,
      course: { ...sectionColumns.course, description: courses.description },
      term: {
        id: terms.id,
        code: terms.code,
        name: terms.name,
        registrationOpensAt: terms.registrationOpensAt,
        registrationClosesAt: terms.registrationClosesAt,
        dropDeadline: terms.dropDeadline,
        withdrawDeadline: terms.withdrawDeadline,
      },
    })
    .from(sections)
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .innerJoin(terms, eq(terms.id, sections.termId))
    .leftJoin(users, eq(users.id, sections.instructorId))
    .where(eq(sections.id, sectionId));
  return row;
}

export type SectionDetail = NonNullable<Awaited<ReturnType<typeof getSectionDetail>>>;

export async function getSectionSeats(sectionId: number) {
  const [row] = await db()
    .select({ id: sections.id, capacity: sections.capacity, enrolledCount: sections.enrolledCount })
    .from(sections)
    .where(eq(sections.id, sectionId));
  return row;
}

/** Only what the registration calendar needs: the hot enroll path reads this one indexed row. */
export async function getSectionCalendar(sectionId: number) {
  const [row] = await db()
    .select({
      registrationOpensAt: terms.registrationOpensAt,
      registrationClosesAt: terms.registrationClosesAt,
      dropDeadline: terms.dropDeadline,
      withdrawDeadline: terms.withdrawDeadline,
    })
    .from(sections)
    .innerJoin(terms, eq(terms.id, sections.termId))
    .where(eq(sections.id, sectionId));
  return row;
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

/** What a registrar sets on a section besides its identity (course, term, code). */
export interface SectionSettings {
  capacity: number;
  instructorId: number | null;
  meetingDays: string;
  startTime: string | null;
  endTime: string | null;
  location: string;
  /** How many may wait (docs/decisions/0011); left out, it is not changed. */
  waitlistCapacity?: number | undefined;
}

export interface NewSection extends SectionSettings {
  courseId: number;
  termId: number;
  code: string;
}

const CREATE_REFUSALS = [
  'duplicate_section_code',
  'course_not_found',
  'term_not_found',
  'instructor_not_found',
  'invalid_value',
] as const;
const UPDATE_REFUSALS = ['capacity_below_enrolled', 'instructor_not_found', 'invalid_value'] as const;

export type CreateSectionRefusal = (typeof CREATE_REFUSALS)[number];
export type UpdateSectionRefusal = (typeof UPDATE_REFUSALS)[number] | 'section_not_found';

/** The named unique constraint refuses a duplicate code; the foreign keys refuse an unknown course, term, instructor. */
export async function insertSection(
  values: NewSection,
  database: Executor = db(),
): Promise<Result<Section, CreateSectionRefusal>> {
  try {
    const [row] = await database.insert(sections).values(values).returning();
    return { ok: true, value: row! };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'create_section', CREATE_REFUSALS) };
  }
}

export type UpdateSectionResult =
  { ok: true; value: Section } | { ok: false; reason: UpdateSectionRefusal; enrolledCount?: number };

/**
 * One plain UPDATE: the CHECK sections_enrolled_count_within_capacity refuses a capacity below the seats
 * taken, against the row as it is when the UPDATE gets its lock (an enrollment in flight waits or wins).
 * Only after a refusal is the count read, to word the message.
 */
export async function updateSection(
  sectionId: number,
  changes: SectionSettings,
  database: Executor = db(),
): Promise<UpdateSectionResult> {
  try {
    const [row] = await database.update(sections).set(changes).where(eq(sections.id, sectionId)).returning();
    return row ? { ok: true, value: row } : { ok: false, reason: 'section_not_found' };
  } catch (error) {
    const reason = refusalOrThrow(error, 'update_section', UPDATE_REFUSALS);
    if (reason !== 'capacity_below_enrolled') return { ok: false, reason };
    const [section] = await database.select({ n: sections.enrolledCount }).from(sections).where(eq(sections.id, sectionId));
    return { ok: false, reason, ...(section ? { enrolledCount: section.n } : {}) };
  }
}

/** RESTRICT on enrollments_section_id_fkey refuses a section that has any enrollment, withdrawn ones included. */
export async function deleteSection(
  sectionId: number,
  database: Executor = db(),
): Promise<Result<Section, 'section_has_enrollments' | 'section_not_found'>> {
  try {
    const [row] = await database.delete(sections).where(eq(sections.id, sectionId)).returning();
    return row ? { ok: true, value: row } : { ok: false, reason: 'section_not_found' };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'delete_section', ['section_has_enrollments'] as const) };
  }
}
