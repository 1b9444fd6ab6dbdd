/**
 * TEST-ONLY: the check-then-insert that ADR-004 forbids, kept to prove that the race harness can fail.
 * It writes to naive_enrollments, a copy of enrollments without the counting trigger.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/executor';

export async function createNaiveEnrollmentsTable(db: Executor) {
  await db.execute(
    sql`CREATE TABLE IF NOT EXISTS naive_enrollments (LIKE enrollments INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)`,
  );
}

export async function naiveEnroll(db: Executor, studentId: number, sectionId: number): Promise<'enrolled' | 'section_full'> {
  const [state] = await db.execute<{ capacity: number; taken: number }>(sql`
    SELECT s.capacity, (SELECT count(*)::int FROM naive_enrollments e WHERE e.section_id = s.id) AS taken
    FROM sections s WHERE s.id = ${sectionId}`);
  if (!state || state.taken >= state.capacity) return 'section_full';
  await sleep(5); // the time a real app spends between its check and its insert
  await db.execute(sql`INSERT INTO naive_enrollments (student_id, section_id) VALUES (${studentId}, ${sectionId})`);
  return 'enrolled';
}
