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
