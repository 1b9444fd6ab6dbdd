import 'server-only';
import { and, asc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Result } from '@/core/result';
import { db } from '../index';
import { refusalOrThrow, ruleRefusalOf } from '../errors';
import { actorSetting } from '../actor';
import type { Executor } from '../executor';
import type { Meeting } from '@/core/meetings';
import type { RuleRefusal } from '@/core/rules';
import { courses, sectionMeetings, sections, terms, users, type Section } from '../schema';
import { listSectionMeetings, sectionMeetingsColumn } from './meetings';
import { termClock } from './terms';

export const CATALOG_PAGE_SIZE = 25;

/** The columns a list of sections shows: shared by the catalog, the registrar's list and the instructor's. */
export const sectionColumns = {
  id: sections.id,
  code: sections.code,
  capacity: sections.capacity,
  enrolledCount: sections.enrolledCount,
  meetings: sectionMeetingsColumn,
  location: sections.location,
  /** A set's member (docs/decisions/0022): LEC, LAB, …, and the section it belongs to. */
  component: sections.component,
  linkedSectionId: sections.linkedSectionId,
  /** The section's own credits, else its course's. */
  credits: sql<number>`coalesce(${sections.credits}, ${courses.credits})`.mapWith(Number),
  course: {
    id: courses.id,
    subject: courses.subject,
    number: courses.number,
    title: courses.title,
    credits: courses.credits,
  },
  instructor: { id: users.id, name: users.name, email: users.email },
};

/** A row of the catalog: the list columns plus the waitlist's size. */
export interface SectionSummary extends TermSection {
  waitlist: { capacity: number; length: number };
  /** The other sections of its cross-list (docs/decisions/0025), or null. */
  sharedWith: string[] | null;
}

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

export interface CatalogPage<Row> {
  rows: Row[];
  /** Sections matching the search and filter, over all pages. */
  total: number;
  page: number;
  pages: number;
}

const catalogWhere = ({ termId, search = '', openOnly = false }: CatalogQuery) =>
  and(eq(sections.termId, termId), searchCondition(search), openOnly ? lt(sections.enrolledCount, sections.capacity) : undefined);

/** How many sections match: its own statement, so the page's query can stop at its LIMIT (docs/decisions/0015). */
async function countCatalog(query: CatalogQuery): Promise<number> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(sections)
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .where(catalogWhere(query));
  return row?.n ?? 0;
}

/**
 * One page of a term's sections, filtered, ordered and counted in SQL: the catalog, its JSON twin and the
 * registrar's list. Ordered by (subject, number, code), unique within a term (courses_subject_number_key,
 * sections_course_term_code_key), so OFFSET pages never repeat or skip a row. Counted apart, not with a window
 * function over the whole match (docs/decisions/0015 has the before and after).
 */
export async function listCatalog(query: CatalogQuery): Promise<CatalogPage<SectionSummary>> {
  const page = Math.max(1, query.page ?? 1);
  // A lecture, then the sections linked to it (docs/decisions/0022), then the course's next section.
  const setCode = sql`coalesce((SELECT p.code FROM sections p WHERE p.id = ${sections.linkedSectionId}), ${sections.code})`;
  const order = [
    asc(courses.subject),
    asc(courses.number),
    asc(setCode),
    asc(sql`${sections.linkedSectionId} IS NOT NULL`),
    asc(sections.code),
  ];
  // The page's ids first, from narrow rows: an OFFSET still projects every row it skips, so the meetings and the
  // waitlist length are computed only in the outer query, for the 25 rows kept.
  const pageIds = db()
    .select({ id: sections.id })
    .from(sections)
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .where(catalogWhere(query))
    .orderBy(...order)
    .limit(CATALOG_PAGE_SIZE)
    .offset((page - 1) * CATALOG_PAGE_SIZE)
    .as('page_ids');
  const [rows, total] = await Promise.all([
    db()
      .select({
        ...sectionColumns,
        waitlist: {
          capacity: sections.waitlistCapacity,
          length: sql<number>`(SELECT count(*)::int FROM waitlist_entries w WHERE w.section_id = ${sections.id})`,
        },
        sharedWith: sql<string[] | null>`(SELECT array_agg(section_label(o.id) ORDER BY section_label(o.id)) FROM sections o
          WHERE o.cross_list_id = ${sections.crossListId} AND o.id <> ${sections.id})`,
      })
      .from(pageIds)
      .innerJoin(sections, eq(sections.id, pageIds.id))
      .innerJoin(courses, eq(courses.id, sections.courseId))
      .leftJoin(users, eq(users.id, sections.instructorId))
      .orderBy(...order),
    countCatalog(query),
  ]);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / CATALOG_PAGE_SIZE)) };
}

/** A term's size at a glance for the registrar: all its sections and the full ones, one aggregate. */
export async function countTermSections(termId: number) {
  const [row] = await db()
    .select({
      total: sql<number>`count(*)`.mapWith(Number),
      full: sql<number>`count(*) FILTER (WHERE ${sections.enrolledCount} >= ${sections.capacity})`.mapWith(Number),
    })
    .from(sections)
    .where(eq(sections.termId, termId));
  return { total: row?.total ?? 0, full: row?.full ?? 0 };
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
        ...termClock,
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

/** Where a section's term stands now, by the database's clock; undefined for an unknown section. */
export async function getSectionClock(sectionId: number) {
  const [row] = await db()
    .select({
      ...termClock,
      // What a confirmation names ("You dropped CS 101-001."), read in the same lookup.
      subject: courses.subject,
      number: courses.number,
      code: sections.code,
    })
    .from(sections)
    .innerJoin(terms, eq(terms.id, sections.termId))
    .innerJoin(courses, eq(courses.id, sections.courseId))
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
      meetings: sectionMeetingsColumn,
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
  location: string;
  /** Weekly meetings; none for an online or arranged section. */
  meetings: readonly Meeting[];
  /** How many may wait (docs/decisions/0011); left out, it is not changed. */
  waitlistCapacity?: number | undefined;
  /** A set's member (docs/decisions/0022): its component, the section it is taken with, its own credits. */
  component?: string;
  linkedSectionId?: number | null;
  credits?: number | null;
  /** A part of the term for every meeting (half-term sections); null = the term's class dates. */
  startsOn?: string | null;
  endsOn?: string | null;
}

/** The section's columns and its meetings, each carrying the section's part of the term. */
function splitSettings<S extends SectionSettings>({ meetings, startsOn = null, endsOn = null, ...columns }: S) {
  return { columns, meetings: meetings.map((m) => ({ ...m, startsOn, endsOn })) };
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
  'invalid_link',
  'incomplete_set',
] as const;
const UPDATE_REFUSALS = [
  'capacity_below_enrolled',
  'instructor_not_found',
  'invalid_value',
  'schedule_change_conflict',
  'invalid_link',
  'section_in_use',
  'incomplete_set',
] as const;

export type CreateSectionRefusal = (typeof CREATE_REFUSALS)[number];
export type UpdateSectionRefusal = (typeof UPDATE_REFUSALS)[number] | 'section_not_found';

/**
 * The section and its meetings in one transaction. The named unique constraint refuses a duplicate code; the
 * foreign keys an unknown course, term or instructor; section_meetings' own constraints a bad or overlapping meeting.
 */
export async function insertSection(
  section: NewSection,
  database: Executor = db(),
): Promise<Result<Section, CreateSectionRefusal>> {
  const { columns: values, meetings } = splitSettings(section);
  try {
    const section = await database.transaction(async (tx) => {
      const [row] = await tx.insert(sections).values(values).returning();
      if (meetings.length) await tx.insert(sectionMeetings).values(meetings.map((m) => ({ sectionId: row!.id, ...m })));
      return row!;
    });
    return { ok: true, value: section };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'create_section', CREATE_REFUSALS) };
  }
}

/** An overlap a registrar's move makes (or made) for one student: the other class and when (docs/decisions/0018). */
export interface AcceptedConflict extends Meeting {
  conflictingSectionId: number;
  conflictingSection: string;
}

/** A student a meeting move would put in conflict, as the preview lists them. */
export interface MoveConflict {
  studentId: number;
  name: string;
  email: string;
  conflicts: AcceptedConflict[];
}

export type UpdateSectionResult =
  | { ok: true; value: Section & { acceptedConflicts: number } }
  | {
      ok: false;
      reason: UpdateSectionRefusal;
      enrolledCount?: number;
      refusal?: RuleRefusal;
      /** schedule_change_conflict: every student the move would put in conflict, from a rolled-back trial. */
      conflicts?: MoveConflict[];
    };

const sameMeetings = (a: readonly Meeting[], b: readonly Meeting[]) =>
  a.length === b.length &&
  a.every(
    (m, i) =>
      m.day === b[i]!.day &&
      m.startsAt === b[i]!.startsAt &&
      m.endsAt === b[i]!.endsAt &&
      (m.startsOn ?? null) === (b[i]!.startsOn ?? null) &&
      (m.endsOn ?? null) === (b[i]!.endsOn ?? null),
  );

/** The students of a section whose meetings the registrar's move flagged as an accepted conflict. */
const flaggedStudents = (sectionId: number, database: Executor) =>
  database.execute<MoveConflict & Record<string, unknown>>(sql`
    SELECT u.id AS "studentId", u.name, u.email, enrollment_accepted_conflicts(ss.enrollment_id) AS conflicts
      FROM student_seats ss JOIN users u ON u.id = ss.student_id
     WHERE ss.section_id = ${sectionId}
       AND EXISTS (SELECT 1 FROM student_meetings sm WHERE sm.enrollment_id = ss.enrollment_id AND sm.accepted_conflict)
     ORDER BY u.name, u.id`);

/** Thrown to roll back the preview's trial, carrying what it found. */
class PreviewRollback extends Error {
  constructor(readonly conflicts: MoveConflict[]) {
    super('preview rolled back');
  }
}

/**
 * The write itself, in the caller's transaction. `accepting` is curriculab.accept_conflicts (drizzle/0008): '' to
 * refuse any overlap, 'all' for the preview, '{ids}' for the students the registrar accepted.
 */
async function writeSection(
  tx: Executor,
  sectionId: number,
  settings: SectionSettings,
  actorId: number | null,
  accepting: string,
): Promise<Section | undefined> {
  const { columns: changes, meetings } = splitSettings(settings);
  // The lock also sets the actor for the promotions a raised capacity makes (docs/decisions/0012).
  const [locked] = await tx.execute<{ id: number }>(
    sql`SELECT id, ${actorSetting(actorId)}, set_config('curriculab.accept_conflicts', ${accepting}, true)
          FROM sections WHERE id = ${sectionId} FOR UPDATE`,
  );
  if (!locked) return undefined;
  const [row] = await tx.update(sections).set(changes).where(eq(sections.id, sectionId)).returning();
  const current = (await listSectionMeetings([sectionId], tx)).get(sectionId) ?? [];
  const sorted = [...meetings].sort((a, b) => a.day - b.day || a.startsAt.localeCompare(b.startsAt));
  if (!sameMeetings(current, sorted)) {
    await tx.delete(sectionMeetings).where(eq(sectionMeetings.sectionId, sectionId));
    if (sorted.length) await tx.insert(sectionMeetings).values(sorted.map((m) => ({ sectionId, ...m })));
  }
  return row;
}

/**
 * Who a change of the section's meetings would put in conflict: the change itself, tried with every conflict
 * accepted and rolled back, so the list is the database's own answer (docs/decisions/0018). Empty when none.
 */
export async function previewMoveConflicts(
  sectionId: number,
  settings: SectionSettings,
  database: Executor = db(),
): Promise<MoveConflict[]> {
  try {
    await database.transaction(async (tx) => {
      await writeSection(tx, sectionId, settings, null, 'all');
      throw new PreviewRollback([...(await flaggedStudents(sectionId, tx))]);
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.conflicts;
    throw error;
  }
  return [];
}

/**
 * One transaction. The section row is locked FOR UPDATE first (docs/decisions/0008: taking a weaker lock and then
 * the meetings' stronger one could deadlock with an enrollment in flight). The CHECK sections_enrolled_count_within_capacity
 * refuses a capacity below the seats taken; new meetings reach every enrolled student. One that would overlap a
 * student's other class is refused (schedule_change_conflict, with every such student from a rolled-back trial),
 * unless `acceptConflictsOf` lists that student: the registrar saw them and keeps their seats, flagged as
 * conflicting (docs/decisions/0018; the database re-checks under the students' locks, so a conflict that appeared
 * since the preview refuses again). Unchanged meetings are not rewritten.
 */
export async function updateSection(
  sectionId: number,
  settings: SectionSettings,
  database: Executor = db(),
  actorId: number | null = null,
  acceptConflictsOf: readonly number[] | null = null,
): Promise<UpdateSectionResult> {
  const accepting = acceptConflictsOf ? `{${acceptConflictsOf.map((id) => Math.trunc(id)).join(',')}}` : '';
  try {
    const section = await database.transaction(async (tx) => {
      const row = await writeSection(tx, sectionId, settings, actorId, accepting);
      if (!row || !acceptConflictsOf) return row && { row, accepted: 0 };
      return { row, accepted: (await flaggedStudents(sectionId, tx)).length };
    });
    return section
      ? { ok: true, value: { ...section.row, acceptedConflicts: section.accepted } }
      : { ok: false, reason: 'section_not_found' };
  } catch (error) {
    const reason = refusalOrThrow(error, 'update_section', UPDATE_REFUSALS);
    if (reason === 'schedule_change_conflict') {
      const refusal = ruleRefusalOf(error);
      const conflicts = await previewMoveConflicts(sectionId, settings, database);
      return refusal ? { ok: false, reason, refusal, conflicts } : { ok: false, reason, conflicts };
    }
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
