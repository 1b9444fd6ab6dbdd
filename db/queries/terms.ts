import 'server-only';
import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { LeaveMode, RegistrationWindow } from '@/core/calendar';
import type { Result } from '@/core/result';
import { db } from '../index';
import { refusalOrThrow, unwrapPgError } from '../errors';
import type { Executor } from '../executor';
import { terms, type Term } from '../schema';

/** A term's calendar by the database's clock (db/sql/functions/term_*.sql): select these beside `terms`. */
export const termClock = {
  registration: sql<RegistrationWindow>`term_registration_window(${terms.id})`,
  leaveMode: sql<LeaveMode>`term_leave_mode(${terms.id})`,
};

export type TermWithClock = Term & { registration: RegistrationWindow; leaveMode: LeaveMode };
const withClock = { ...getTableColumns(terms), ...termClock };

/**
 * The term a page shows without `?term=` (docs/shared product contract, "Terms"): the one whose registration is open
 * now (the longest-open if several), else the next to open, else the latest.
 */
export async function currentTerm(): Promise<TermWithClock | undefined> {
  const openNow = sql`(${terms.registrationOpensAt} <= now() AND now() < ${terms.registrationClosesAt})`;
  const upcoming = sql`(${terms.registrationOpensAt} > now())`;
  const [term] = await db()
    .select(withClock)
    .from(terms)
    .orderBy(
      desc(openNow),
      sql`CASE WHEN ${openNow} THEN ${terms.registrationOpensAt} END ASC`,
      desc(upcoming),
      sql`CASE WHEN ${upcoming} THEN ${terms.registrationOpensAt} END ASC`,
      desc(terms.registrationOpensAt),
    )
    .limit(1);
  return term;
}

export async function findTermByCode(code: string): Promise<TermWithClock | undefined> {
  const [term] = await db().select(withClock).from(terms).where(eq(terms.code, code));
  return term;
}

export async function listTerms(): Promise<Term[]> {
  return db().select().from(terms).orderBy(desc(terms.registrationOpensAt));
}

export type TermValues = Omit<typeof terms.$inferInsert, 'id'>;
const TERM_REFUSALS = ['duplicate_term_code', 'term_dates_out_of_order'] as const;
/** An edit's class dates re-resolve the students' meetings (db/sql/functions/terms_resolve_meeting_dates.sql). */
const EDIT_REFUSALS = [...TERM_REFUSALS, 'term_dates_conflict', 'term_dates_cut_meeting'] as const;
export type TermRefusal = (typeof EDIT_REFUSALS)[number] | 'term_not_found';

/** The sections a refused class-date edit names (the trigger's DETAIL), worded for the registrar's form. */
function classDatesMessage(reason: TermRefusal, error: unknown): string | undefined {
  let facts: { section?: string; conflictingSection?: string };
  try {
    facts = JSON.parse(unwrapPgError(error).detail ?? '{}') as typeof facts;
  } catch {
    return undefined;
  }
  if (reason === 'term_dates_conflict' && facts.section && facts.conflictingSection) {
    return `Those class dates would make ${facts.section} and ${facts.conflictingSection} overlap for a student who holds both`;
  }
  if (reason === 'term_dates_cut_meeting' && facts.section) {
    return `Those class dates leave a half-term meeting of ${facts.section} no day to meet: change its dates first`;
  }
  return undefined;
}

/** The terms_* constraints refuse a duplicate code and dates out of order (the form has said so in words first). */
export async function insertTerm(values: TermValues, database: Executor = db()): Promise<Result<Term, TermRefusal>> {
  try {
    const [row] = await database.insert(terms).values(values).returning();
    return { ok: true, value: row! };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'write_term', TERM_REFUSALS) };
  }
}

export async function updateTerm(id: number, values: TermValues, database: Executor = db()): Promise<Result<Term, TermRefusal>> {
  try {
    const [row] = await database.update(terms).set(values).where(eq(terms.id, id)).returning();
    return row ? { ok: true, value: row } : { ok: false, reason: 'term_not_found' };
  } catch (error) {
    const reason = refusalOrThrow(error, 'write_term', EDIT_REFUSALS);
    const message = classDatesMessage(reason, error);
    return message ? { ok: false, reason, message } : { ok: false, reason };
  }
}

export async function findTermById(id: number): Promise<Term | undefined> {
  const [term] = await db().select().from(terms).where(eq(terms.id, id));
  return term;
}

/** Each term with its number of sections, for the registrar's list. */
export async function listTermsWithCounts() {
  return db()
    .select({
      ...getTableColumns(terms),
      // Qualified by hand: Drizzle writes ${terms.id} as a bare "id" in a select list, which inside this subquery
      // would be the section's own id.
      sections: sql<number>`(SELECT count(*)::int FROM sections s WHERE s.term_id = "terms"."id")`,
    })
    .from(terms)
    .orderBy(desc(terms.registrationOpensAt));
}

export interface CopyCounts {
  sections: number;
  meetings: number;
}

/**
 * Roll-over (docs/decisions/0024): every section of `fromId` into `toId` in one transaction — components, links
 * (to the copies), credits, capacities, waitlist places, instructors, cross-lists and meetings, each meeting's own
 * dates shifted by the difference of the two terms' class starts. Nobody is enrolled; prerequisites are the
 * course's and so already hold. A section whose course and code the target term has already refuses the whole copy
 * (sections_course_term_code_key: duplicate_section_code).
 */
export async function copyTermSections(
  fromId: number,
  toId: number,
  database: Executor = db(),
): Promise<Result<CopyCounts, 'duplicate_section_code' | 'term_not_found'>> {
  try {
    return await database.transaction(async (tx) => {
      const [pair] = await tx.execute<{ shift: number | null; found: number }>(sql`
        SELECT (SELECT classes_start_on FROM terms WHERE id = ${toId}) - (SELECT classes_start_on FROM terms WHERE id = ${fromId}) AS shift,
               (SELECT count(*)::int FROM terms WHERE id IN (${fromId}, ${toId})) AS found`);
      if (pair!.found !== 2) return { ok: false as const, reason: 'term_not_found' as const };
      const shift = pair!.shift ?? 0;
      await tx.execute(sql`
        INSERT INTO cross_lists (term_id, code, capacity)
        SELECT ${toId}, code, capacity FROM cross_lists WHERE term_id = ${fromId}
        ON CONFLICT (term_id, code) DO NOTHING`);
      const copied = await tx.execute(sql`
        INSERT INTO sections (course_id, term_id, code, instructor_id, capacity, location, waitlist_capacity, component, credits, cross_list_id)
        SELECT s.course_id, ${toId}, s.code, s.instructor_id, s.capacity, s.location, s.waitlist_capacity, s.component, s.credits,
               (SELECT n.id FROM cross_lists o JOIN cross_lists n ON n.term_id = ${toId} AND n.code = o.code WHERE o.id = s.cross_list_id)
          FROM sections s WHERE s.term_id = ${fromId}
         ORDER BY s.id
        RETURNING id`);
      // Old and new of each section, matched by course and code (unique within a term).
      const pairs = sql`(SELECT o.id AS old_id, n.id AS new_id FROM sections o
                           JOIN sections n ON n.term_id = ${toId} AND n.course_id = o.course_id AND n.code = o.code
                          WHERE o.term_id = ${fromId})`;
      await tx.execute(sql`
        UPDATE sections n SET linked_section_id = target.new_id
          FROM ${pairs} p JOIN sections o ON o.id = p.old_id JOIN ${pairs} target ON target.old_id = o.linked_section_id
         WHERE n.id = p.new_id`);
      const meetings = await tx.execute(sql`
        INSERT INTO section_meetings (section_id, day, starts_at, ends_at, starts_on, ends_on)
        SELECT p.new_id, m.day, m.starts_at, m.ends_at, m.starts_on + ${shift}::int, m.ends_on + ${shift}::int
          FROM section_meetings m JOIN ${pairs} p ON p.old_id = m.section_id
         ORDER BY m.id
        RETURNING id`);
      return { ok: true as const, value: { sections: copied.length, meetings: meetings.length } };
    });
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'create_section', ['duplicate_section_code'] as const) };
  }
}
