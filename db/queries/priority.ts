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

export interface NewReservation {
  classStanding: string | null;
  major: string | null;
  seats: number;
  /** Campus wall-clock time, 'YYYY-MM-DDTHH:MM'. */
  releasedAt: string;
}

/** Holds seats of a section for a group; more than the seats left is refused by the section's CHECK. */
export async function addReservation(sectionId: number, r: NewReservation, timeZone: string, database: Executor = db()) {
  const [row] = await database.execute<{ id: number }>(sql`
    INSERT INTO section_reservations (section_id, class_standing, major, seats, released_at)
    VALUES (${sectionId}, ${r.classStanding}::class_standing, ${r.major}, ${r.seats},
            ${r.releasedAt}::timestamp AT TIME ZONE ${timeZone})
    RETURNING id`);
  return row!.id;
}

/** Releases a reservation now (its waitlist is promoted in this statement); false when it is not this section's or already released. */
export async function releaseReservation(sectionId: number, reservationId: number, database: Executor = db()) {
  const rows = await database.execute(sql`
    UPDATE section_reservations SET released_at = now()
     WHERE id = ${reservationId} AND section_id = ${sectionId} AND NOT released RETURNING id`);
  return rows.length > 0;
}

export async function removeReservation(sectionId: number, reservationId: number, database: Executor = db()) {
  const rows = await database.execute(sql`
    DELETE FROM section_reservations WHERE id = ${reservationId} AND section_id = ${sectionId} RETURNING id`);
  return rows.length > 0;
}

/**
 * Puts a section in the cross-list `code` of its term, created with `capacity` when new; a capacity given for an
 * existing one changes it. One transaction: the triggers move the section's seats into the shared count.
 */
export async function joinCrossList(sectionId: number, code: string, capacity: number | null, database: Executor = db()) {
  return database.transaction(async (tx) => {
    const [section] = await tx.execute<{ term_id: number }>(sql`SELECT term_id FROM sections WHERE id = ${sectionId}`);
    if (!section) return 'section_not_found' as const;
    const [found] = await tx.execute<{ id: number }>(sql`
      SELECT id FROM cross_lists WHERE term_id = ${section.term_id} AND code = ${code} FOR NO KEY UPDATE`);
    let listId = found?.id;
    if (listId === undefined) {
      if (capacity === null) return 'capacity_required' as const;
      const [created] = await tx.execute<{ id: number }>(sql`
        INSERT INTO cross_lists (term_id, code, capacity) VALUES (${section.term_id}, ${code}, ${capacity}) RETURNING id`);
      listId = created!.id;
    } else if (capacity !== null) {
      await tx.execute(sql`UPDATE cross_lists SET capacity = ${capacity} WHERE id = ${listId}`);
    }
    await tx.execute(sql`UPDATE sections SET cross_list_id = ${listId} WHERE id = ${sectionId}`);
    return 'joined' as const;
  });
}

export async function leaveCrossList(sectionId: number, database: Executor = db()) {
  const rows = await database.execute(sql`
    UPDATE sections SET cross_list_id = NULL WHERE id = ${sectionId} AND cross_list_id IS NOT NULL RETURNING id`);
  return rows.length > 0;
}
