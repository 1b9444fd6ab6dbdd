import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '../index';
import type { Executor } from '../executor';

/** A student's appointment in a term, and whether it has been reached by the database's clock; undefined: none. */
export async function getAppointment(studentId: number, termId: number, database: Executor = db()) {
  const [row] = await database.execute<{ opens_at: string; reached: boolean }>(sql`
    SELECT opens_at::text, opens_at <= now() AS reached FROM registration_appointments
     WHERE student_id = ${studentId} AND term_id = ${termId}`);
  return row ? { opensAt: new Date(row.opens_at), reached: row.reached } : undefined;
}

export interface SectionReservationView {
  id: number;
  group: string;
  classStanding: string | null;
  major: string | null;
  seats: number;
  /** Seats of the reservation not yet taken by its group. */
  open: number;
  releasedAt: Date;
  released: boolean;
}

/** The reservations of a section, earliest release first (the section page and the registrar's form). */
export async function listSectionReservations(sectionId: number, database: Executor = db()): Promise<SectionReservationView[]> {
  const rows = await database.execute<{
    id: number;
    group: string;
    class_standing: string | null;
    major: string | null;
    seats: number;
    open: number;
    released_at: string;
    released: boolean;
  }>(sql`
    SELECT r.id, section_reservation_group(r.class_standing, r.major) AS "group", r.class_standing::text, r.major,
           r.seats, section_reservation_open(r.id) AS open, r.released_at::text, r.released
      FROM section_reservations r WHERE r.section_id = ${sectionId} ORDER BY r.released_at, r.id`);
  return rows.map((r) => ({
    id: r.id,
    group: r.group,
    classStanding: r.class_standing,
    major: r.major,
    seats: r.seats,
    open: r.open,
    releasedAt: new Date(r.released_at),
    released: r.released,
  }));
}

export interface CrossListView {
  id: number;
  code: string;
  capacity: number;
  held: number;
  /** The other member sections' labels ("MATH 4803-A"). */
  sharedWith: string[];
}

/** The cross-list a section belongs to, with the other members; undefined: none. */
export async function getSectionCrossList(sectionId: number, database: Executor = db()): Promise<CrossListView | undefined> {
  const [row] = await database.execute<{ id: number; code: string; capacity: number; held: number; shared_with: string[] }>(sql`
    SELECT c.id, c.code, c.capacity, c.held,
           coalesce((SELECT array_agg(section_label(o.id) ORDER BY section_label(o.id)) FROM sections o
                      WHERE o.cross_list_id = c.id AND o.id <> s.id), '{}') AS shared_with
      FROM sections s JOIN cross_lists c ON c.id = s.cross_list_id WHERE s.id = ${sectionId}`);
  return row ? { id: row.id, code: row.code, capacity: row.capacity, held: row.held, sharedWith: row.shared_with } : undefined;
}

/** Applies every release whose time has passed (the sweep, docs/decisions/0025); returns how many. */
export async function releaseDueReservations(database: Executor = db()): Promise<number> {
  const [row] = await database.execute<{ n: number }>(sql`SELECT section_reservations_release_due() AS n`);
  return row?.n ?? 0;
}
