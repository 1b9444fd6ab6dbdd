/**
 * Before anything is timed: every strategy must give `enroll()`'s answers in the states that matter
 * (a seat holder, a withdrawn student and a newcomer, on a full and on an open section, and an unknown section).
 */
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/executor';
import { enrollments } from '../db/schema';
import type { BenchData, BenchStudent } from './data';
import type { Connection, Outcome, Strategy } from './strategies';

const UNKNOWN_SECTION = 2_000_000_000;

/** Section with `capacity` seats where `holder` holds one and `withdrawn` has a withdrawn row. */
async function arrange(db: Executor, data: BenchData, capacity: number, holder: number, withdrawn: number) {
  const sectionId = await data.section(capacity);
  await db.insert(enrollments).values({ studentId: withdrawn, sectionId });
  await db
    .update(enrollments)
    .set({ completionStatus: 'withdrawn' })
    .where(and(eq(enrollments.studentId, withdrawn), eq(enrollments.sectionId, sectionId)));
  await db.insert(enrollments).values({ studentId: holder, sectionId });
  return sectionId;
}

/** Returns the disagreements, e.g. "full section, seat holder: got section_full, expected already_enrolled". */
export async function checkAgreement(
  conn: Connection,
  data: BenchData,
  strategy: Strategy,
  [holder, withdrawn, newcomer]: readonly [BenchStudent, BenchStudent, BenchStudent],
): Promise<string[]> {
  const full = await arrange(conn.db, data, 1, holder.id, withdrawn.id);
  const open = await arrange(conn.db, data, 5, holder.id, withdrawn.id);
  const cases: [string, number, number, Outcome][] = [
    ['full section, seat holder', holder.id, full, 'already_enrolled'],
    ['full section, withdrawn student', withdrawn.id, full, 'section_full'],
    ['full section, newcomer', newcomer.id, full, 'section_full'],
    ['open section, seat holder', holder.id, open, 'already_enrolled'],
    ['open section, withdrawn student', withdrawn.id, open, 'enrolled'],
    ['open section, newcomer', newcomer.id, open, 'enrolled'],
    ['unknown section', newcomer.id, UNKNOWN_SECTION, 'section_not_found'],
  ];
  const problems: string[] = [];
  for (const [name, studentId, sectionId, expected] of cases) {
    const got = await strategy.attempt(conn, studentId, sectionId, { retries: 0, deadline: Number.POSITIVE_INFINITY });
    if (got !== expected) problems.push(`${name}: got ${got}, expected ${expected}`);
  }
  return problems;
}
