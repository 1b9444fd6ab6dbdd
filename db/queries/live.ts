import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import { db } from '../index';
import type { Executor } from '../executor';
import { users } from '../schema';

/** One section's counts as the live view carries them, with the places of the given students who wait on it. */
export interface LiveSectionRow {
  id: number;
  capacity: number;
  enrolledCount: number;
  waitlistCapacity: number;
  waitlistLength: number;
  /** Student id → place in line (1 = next), only for the students asked about who wait here. */
  places: Record<string, number>;
}

/**
 * The counts of every watched section and the places of the watching students, in one statement (the poller's one
 * query per tick, docs/decisions/0013). A place is the rank by `position`, as `getWaitlistSummary` counts it.
 */
export async function readLiveSections(
  sectionIds: number[],
  studentIds: number[],
  database: Executor = db(),
): Promise<LiveSectionRow[]> {
  if (!sectionIds.length) return [];
  const rows = await database.execute<Omit<LiveSectionRow, 'places'> & { places: Record<string, number> | null }>(sql`
    SELECT s.id,
           s.capacity,
           s.enrolled_count AS "enrolledCount",
           s.waitlist_capacity AS "waitlistCapacity",
           coalesce(w.length, 0)::int AS "waitlistLength",
           w.places
      FROM sections s
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS length,
               jsonb_object_agg(r.student_id, r.place) FILTER (WHERE r.student_id = ANY(${intArray(studentIds)}::int[])) AS places
          FROM (SELECT e.student_id, row_number() OVER (ORDER BY e.position)::int AS place
                  FROM waitlist_entries e WHERE e.section_id = s.id) r
      ) w ON true
     WHERE s.id = ANY(${intArray(sectionIds)}::int[])`);
  return rows.map((r) => ({ ...r, places: r.places ?? {} }));
}

/** An int[] parameter as PostgreSQL's array text (`{1,2,3}`): one text parameter, the same through PgBouncer. */
function intArray(ids: number[]): string {
  return `{${ids.map((id) => Math.trunc(id)).join(',')}}`;
}

/** The session version of each given user (a missing user is absent): the poller's slow check that sessions hold. */
export async function readSessionVersions(userIds: number[], database: Executor = db()): Promise<Map<number, number>> {
  if (!userIds.length) return new Map();
  const rows = await database
    .select({ id: users.id, sessionVersion: users.sessionVersion })
    .from(users)
    .where(inArray(users.id, userIds));
  return new Map(rows.map((r) => [r.id, r.sessionVersion]));
}
