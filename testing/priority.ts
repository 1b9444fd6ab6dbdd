/** Arranging data for priority registration (docs/decisions/0025): profiles, appointments, reservations, cross-lists. */
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/executor';
import { uniqueTag } from './factories';

export type Standing = 'freshman' | 'sophomore' | 'junior' | 'senior' | 'graduate';

/** The contract's write: one profile per student, upserted. */
export async function setStanding(db: Executor, studentIds: number[], standing: Standing, major: string | null = null) {
  for (const id of studentIds) {
    await db.execute(sql`
      INSERT INTO student_profiles (student_id, earned_credits, class_standing, major)
      VALUES (${id}, 0, ${standing}::class_standing, ${major})
      ON CONFLICT (student_id) DO UPDATE SET class_standing = EXCLUDED.class_standing, major = EXCLUDED.major`);
  }
}

export async function setAppointment(db: Executor, studentIds: number[], termId: number, opensAt: Date | string) {
  const at = typeof opensAt === 'string' ? opensAt : opensAt.toISOString();
  for (const id of studentIds) {
    await db.execute(sql`
      INSERT INTO registration_appointments (student_id, term_id, opens_at) VALUES (${id}, ${termId}, ${at}::timestamptz)
      ON CONFLICT (student_id, term_id) DO UPDATE SET opens_at = EXCLUDED.opens_at`);
  }
}

export async function reserveSeats(db: Executor, sectionId: number, standing: Standing, seats: number, releasedAt: string) {
  const [row] = await db.execute<{ id: number }>(sql`
    INSERT INTO section_reservations (section_id, class_standing, seats, released_at)
    VALUES (${sectionId}, ${standing}::class_standing, ${seats}, ${releasedAt}::timestamptz) RETURNING id`);
  return row!.id;
}

export async function crossList(db: Executor, termId: number, capacity: number, sectionIds: number[]) {
  const [list] = await db.execute<{ id: number }>(sql`
    INSERT INTO cross_lists (term_id, code, capacity) VALUES (${termId}, ${`X-${uniqueTag()}`}, ${capacity}) RETURNING id`);
  for (const id of sectionIds) await db.execute(sql`UPDATE sections SET cross_list_id = ${list!.id} WHERE id = ${id}`);
  return list!.id;
}

export async function setWaitlist(db: Executor, sectionId: number, capacity: number) {
  await db.execute(sql`UPDATE sections SET waitlist_capacity = ${capacity} WHERE id = ${sectionId}`);
}

export async function seatHolders(db: Executor, sectionId: number) {
  const rows = await db.execute<{ student_id: number }>(sql`
    SELECT student_id FROM enrollments WHERE section_id = ${sectionId} AND enrollment_holds_seat(completion_status)
    ORDER BY student_id`);
  return rows.map((r) => r.student_id);
}

export async function waiting(db: Executor, sectionId: number) {
  const rows = await db.execute<{ student_id: number }>(sql`
    SELECT student_id FROM waitlist_entries WHERE section_id = ${sectionId} ORDER BY position`);
  return rows.map((r) => r.student_id);
}

export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
