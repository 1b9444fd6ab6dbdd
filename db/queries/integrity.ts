import 'server-only';
import { sql } from 'drizzle-orm';
import type { Executor } from '../executor';

export interface Drift {
  sectionId: number;
  capacity: number;
  enrolledCount: number;
  seatsHeld: number;
}

/**
 * Sections whose stored enrolled_count differs from the seat-holding enrollments, or that exceed capacity.
 * One statement, so the whole database is compared in one consistent snapshot.
 */
export async function findEnrollmentDrift(database: Executor): Promise<Drift[]> {
  return database.execute<Drift & Record<string, unknown>>(sql`
    SELECT s.id AS "sectionId", s.capacity, s.enrolled_count AS "enrolledCount", coalesce(e.held, 0)::int AS "seatsHeld"
    FROM sections s
    LEFT JOIN (
      SELECT section_id, count(*) AS held FROM enrollments
      WHERE enrollment_holds_seat(completion_status) GROUP BY section_id
    ) e ON e.section_id = s.id
    WHERE s.enrolled_count <> coalesce(e.held, 0) OR coalesce(e.held, 0) > s.capacity
    ORDER BY s.id`);
}

export interface RuleDrift {
  /**
   * seat: student_seats vs seat-holding enrollments; credits: student_term_credits vs its seats; meeting:
   * student_meetings vs seats × section_meetings; set: a set held incomplete (docs/decisions/0022).
   */
  kind: 'seat' | 'credits' | 'meeting' | 'set';
  studentId: number;
  termId: number | null;
  enrollmentId: number | null;
  /** What the derived row says, and what the enrollments say it should be (null: no row). */
  stored: string | null;
  expected: string | null;
}

/**
 * The registration rules' derived data (drizzle/0002) compared with the enrollments it comes from, in one
 * REPEATABLE READ snapshot: per-seat rows, per-student per-term credit totals, and the per-student meetings under
 * the no-overlap constraint. Empty when everything matches.
 */
export async function findRuleDrift(database: Executor): Promise<RuleDrift[]> {
  return database.transaction(
    async (tx) => {
      const seats = await tx.execute<RuleDrift & Record<string, unknown>>(sql`
        WITH expected AS (
          SELECT e.id AS enrollment_id, e.student_id, s.term_id, s.course_id, s.id AS section_id, s.component,
                 coalesce(s.credits, c.credits) AS credits
          FROM enrollments e JOIN sections s ON s.id = e.section_id JOIN courses c ON c.id = s.course_id
          WHERE enrollment_holds_seat(e.completion_status)),
        stored AS (SELECT enrollment_id, student_id, term_id, course_id, section_id, component, credits FROM student_seats)
        SELECT 'seat' AS kind, coalesce(x.student_id, y.student_id) AS "studentId", coalesce(x.term_id, y.term_id) AS "termId",
               coalesce(x.enrollment_id, y.enrollment_id) AS "enrollmentId",
               CASE WHEN y.enrollment_id IS NULL THEN NULL ELSE concat_ws(' ', 'section', y.section_id, 'course', y.course_id, y.component, 'credits', y.credits) END AS stored,
               CASE WHEN x.enrollment_id IS NULL THEN NULL ELSE concat_ws(' ', 'section', x.section_id, 'course', x.course_id, x.component, 'credits', x.credits) END AS expected
        FROM expected x FULL JOIN stored y ON y.enrollment_id = x.enrollment_id
        WHERE (x.enrollment_id, x.student_id, x.term_id, x.course_id, x.section_id, x.component, x.credits)
              IS DISTINCT FROM (y.enrollment_id, y.student_id, y.term_id, y.course_id, y.section_id, y.component, y.credits)
        ORDER BY 4`);
      const credits = await tx.execute<RuleDrift & Record<string, unknown>>(sql`
        WITH expected AS (
          SELECT student_id, term_id, sum(credits) AS credits,
                 sum(CASE WHEN credits_exempt THEN credits ELSE 0 END) AS exempt_credits
          FROM student_seats GROUP BY student_id, term_id)
        SELECT 'credits' AS kind, coalesce(t.student_id, x.student_id) AS "studentId", coalesce(t.term_id, x.term_id) AS "termId",
               NULL::int AS "enrollmentId",
               CASE WHEN t.student_id IS NULL THEN NULL ELSE t.credits || ' credits, ' || t.exempt_credits || ' exempt, max ' || t.max_credits END AS stored,
               CASE WHEN x.student_id IS NULL THEN NULL ELSE x.credits || ' credits, ' || x.exempt_credits || ' exempt' END AS expected
        FROM student_term_credits t FULL JOIN expected x ON x.student_id = t.student_id AND x.term_id = t.term_id
        WHERE coalesce(t.credits, 0) <> coalesce(x.credits, 0) OR coalesce(t.exempt_credits, 0) <> coalesce(x.exempt_credits, 0)
           OR t.credits - t.exempt_credits > t.max_credits
        ORDER BY 2, 3`);
      const meetings = await tx.execute<RuleDrift & Record<string, unknown>>(sql`
        WITH expected AS (
          SELECT ss.enrollment_id, m.id AS meeting_id, ss.student_id, ss.term_id, ss.section_id, m.day, m.starts_at, m.ends_at,
                 coalesce(m.starts_on, t.classes_start_on) AS starts_on, coalesce(m.ends_on, t.classes_end_on) AS ends_on,
                 ss.time_exempt AS exempt
          FROM student_seats ss JOIN section_meetings m ON m.section_id = ss.section_id JOIN terms t ON t.id = ss.term_id)
        SELECT 'meeting' AS kind, coalesce(x.student_id, y.student_id) AS "studentId", coalesce(x.term_id, y.term_id) AS "termId",
               coalesce(x.enrollment_id, y.enrollment_id) AS "enrollmentId",
               CASE WHEN y.enrollment_id IS NULL THEN NULL ELSE concat_ws(' ', 'meeting', y.meeting_id, 'day', y.day, y.starts_at, y.ends_at, y.starts_on, y.ends_on, 'exempt', y.exempt) END AS stored,
               CASE WHEN x.enrollment_id IS NULL THEN NULL ELSE concat_ws(' ', 'meeting', x.meeting_id, 'day', x.day, x.starts_at, x.ends_at, x.starts_on, x.ends_on, 'exempt', x.exempt) END AS expected
        FROM expected x FULL JOIN student_meetings y ON y.enrollment_id = x.enrollment_id AND y.meeting_id = x.meeting_id
        WHERE (x.enrollment_id, x.student_id, x.term_id, x.section_id, x.day, x.starts_at, x.ends_at, x.starts_on, x.ends_on, x.exempt)
              IS DISTINCT FROM (y.enrollment_id, y.student_id, y.term_id, y.section_id, y.day, y.starts_at, y.ends_at, y.starts_on, y.ends_on, y.exempt)
        ORDER BY 4`);
      const sets = await tx.execute<RuleDrift & Record<string, unknown>>(sql`
        SELECT 'set' AS kind, held.student_id AS "studentId", held.term_id AS "termId", NULL::int AS "enrollmentId",
               gap::text AS stored, NULL AS expected
          FROM (SELECT DISTINCT e.student_id, s.course_id, s.term_id
                  FROM enrollments e JOIN sections s ON s.id = e.section_id
                 WHERE enrollment_holds_seat(e.completion_status) AND section_in_set(s.id)) held,
               student_set_gap(held.student_id, held.course_id, held.term_id) gap
         WHERE gap IS NOT NULL
         ORDER BY 2, 3`);
      return [...seats, ...credits, ...meetings, ...sets];
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export interface WaitlistDrift {
  /**
   * free_seat_while_waiting: a free seat and a waiting student no promotion passed over; waiting_with_seat: a student
   * waits for a seat they hold; position_not_issued: a position above the section's counter; duplicate_position.
   */
  kind: 'free_seat_while_waiting' | 'waiting_with_seat' | 'position_not_issued' | 'duplicate_position';
  sectionId: number;
  studentId: number | null;
}

/** The waitlists (drizzle/0004, docs/decisions/0011) checked against the seats, in one statement's snapshot. */
export async function findWaitlistDrift(database: Executor): Promise<WaitlistDrift[]> {
  return database.execute<WaitlistDrift & Record<string, unknown>>(sql`
    SELECT 'free_seat_while_waiting' AS kind, s.id AS "sectionId", w.student_id AS "studentId"
      FROM sections s JOIN waitlist_entries w ON w.section_id = s.id
     WHERE section_seats_free_for(s.id, w.student_id) > 0 AND w.passed_over_at IS NULL
    UNION ALL
    SELECT 'waiting_with_seat', w.section_id, w.student_id
      FROM waitlist_entries w JOIN enrollments e ON e.section_id = w.section_id AND e.student_id = w.student_id
     WHERE enrollment_holds_seat(e.completion_status)
    UNION ALL
    SELECT 'position_not_issued', w.section_id, w.student_id
      FROM waitlist_entries w JOIN sections s ON s.id = w.section_id WHERE w.position > s.waitlist_last_position
    UNION ALL
    SELECT 'duplicate_position', w.section_id, NULL
      FROM waitlist_entries w GROUP BY w.section_id, w.position HAVING count(*) > 1
    ORDER BY 2, 1, 3`);
}

export interface HistoryDrift {
  /** seat: an enrollment's status; waitlist: a place in line (its position). */
  kind: 'seat' | 'waitlist';
  studentId: number;
  sectionId: number;
  /** What replaying enrollment_events gives, and what the tables hold (null: no row). */
  replayed: string | null;
  stored: string | null;
}

/**
 * Replays the history (drizzle/0006, docs/decisions/0012) and compares it with the seats and waitlists, in one
 * statement's snapshot. Per student and section, the last event touching the pair decides: a seat's status (a
 * swap or a promoted swap also releases its old seat as it says), a place in line (a seat gained ends the wait).
 * Events of one pair are written under that pair's row lock, so their id order is their commit order.
 */
export async function findHistoryDrift(database: Executor): Promise<HistoryDrift[]> {
  return database.execute<HistoryDrift & Record<string, unknown>>(sql`
    WITH seat_events AS (
      SELECT e.student_id, e.section_id, e.id,
             CASE e.kind WHEN 'dropped' THEN NULL WHEN 'withdrawn' THEN 'withdrawn' WHEN 'completed' THEN 'completed'
                         ELSE 'enrolled' END AS status
        FROM enrollment_events e WHERE e.kind IN ('enrolled', 'dropped', 'withdrawn', 'completed', 'promoted', 'swapped')
      UNION ALL
      SELECT e.student_id, e.from_section_id, e.id, CASE e.released_as WHEN 'withdrawn' THEN 'withdrawn' END
        FROM enrollment_events e
       WHERE e.kind IN ('promoted', 'swapped', 'withdrawn', 'completed') AND e.from_section_id IS NOT NULL),
    seats AS (
      SELECT * FROM (SELECT DISTINCT ON (student_id, section_id) student_id, section_id, status
                       FROM seat_events ORDER BY student_id, section_id, id DESC) last
       WHERE status IS NOT NULL),
    places AS (
      SELECT * FROM (SELECT DISTINCT ON (student_id, section_id) student_id, section_id,
                            CASE WHEN kind = 'waitlisted' THEN position END AS position
                       FROM enrollment_events
                      WHERE kind IN ('waitlisted', 'waitlist_left', 'enrolled', 'completed', 'promoted', 'swapped')
                      ORDER BY student_id, section_id, id DESC) last
       WHERE position IS NOT NULL)
    SELECT 'seat' AS kind, coalesce(r.student_id, e.student_id) AS "studentId",
           coalesce(r.section_id, e.section_id) AS "sectionId", r.status AS replayed, e.completion_status::text AS stored
      FROM seats r FULL JOIN enrollments e ON e.student_id = r.student_id AND e.section_id = r.section_id
     WHERE r.status IS DISTINCT FROM e.completion_status::text
    UNION ALL
    SELECT 'waitlist', coalesce(r.student_id, w.student_id), coalesce(r.section_id, w.section_id),
           r.position::text, w.position::text
      FROM places r FULL JOIN waitlist_entries w ON w.student_id = r.student_id AND w.section_id = r.section_id
     WHERE r.position IS DISTINCT FROM w.position
    ORDER BY 1, 3, 2`);
}

export interface SeatPoolDrift {
  /** reserved_open: sections.reserved_open vs its reservations; cross_list_held: cross_lists.held vs its members' seats; reserved_seat: a member row without the seat. */
  kind: 'reserved_open' | 'cross_list_held' | 'reserved_seat';
  id: number;
  stored: number | null;
  expected: number | null;
}

/**
 * The counters of reserved seats and cross-lists (docs/decisions/0025) recomputed from what they count: the open
 * reserved seats of every section, every cross-list's seats held, and every member row backed by a held seat.
 */
export async function findSeatPoolDrift(database: Executor): Promise<SeatPoolDrift[]> {
  return database.execute<SeatPoolDrift & Record<string, unknown>>(sql`
    SELECT 'reserved_open' AS kind, s.id, s.reserved_open AS stored, coalesce(x.open, 0)::int AS expected
      FROM sections s
      LEFT JOIN (SELECT r.section_id, sum(greatest(section_reservation_open(r.id), 0)) AS open
                   FROM section_reservations r WHERE NOT r.released GROUP BY r.section_id) x ON x.section_id = s.id
     WHERE s.reserved_open <> coalesce(x.open, 0)
    UNION ALL
    SELECT 'cross_list_held', c.id, c.held, coalesce(sum(s.enrolled_count), 0)::int
      FROM cross_lists c LEFT JOIN sections s ON s.cross_list_id = c.id
     GROUP BY c.id HAVING c.held <> coalesce(sum(s.enrolled_count), 0)
    UNION ALL
    SELECT 'reserved_seat', rs.reservation_id, rs.student_id, NULL
      FROM section_reservation_seats rs JOIN section_reservations r ON r.id = rs.reservation_id
     WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.student_id = rs.student_id AND e.section_id = r.section_id
                                                     AND enrollment_holds_seat(e.completion_status))
    ORDER BY 1, 2`);
}
