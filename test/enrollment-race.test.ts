import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enroll } from '../db/queries/enrollments';
import { enrollments, sections } from '../db/schema';
import { race, tally, testDb } from './db';
import { createSection, createUser, createUsers } from '../testing/factories';
import { naiveEnroll, createNaiveEnrollmentsTable } from '../bench/naive-enroll';

async function seatsInDatabase(sectionId: number) {
  const [section] = await testDb.select().from(sections).where(eq(sections.id, sectionId));
  const [rows] = await testDb
    .select({ n: sql<number>`count(*)::int` })
    .from(enrollments)
    .where(eq(enrollments.sectionId, sectionId));
  return { enrolledCount: section!.enrolledCount, rows: rows!.n };
}

describe('the registration rush (docs/decisions/0004)', () => {
  it.for([1, 2, 3, 4])('200 students race for 25 seats, round %i: exactly 25 get in', async () => {
    const section = await createSection(testDb, { capacity: 25 });
    const students = await createUsers(testDb, 200);

    const results = await race(200, (db, i) => enroll(students[i]!.id, section.id, db));

    const outcomes = tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)));
    expect(outcomes).toEqual({ enrolled: 25, section_full: 175 });
    expect(await seatsInDatabase(section.id)).toEqual({ enrolledCount: 25, rows: 25 });
  });

  it('one student in 20 tabs at once gets exactly one enrollment', async () => {
    const section = await createSection(testDb, { capacity: 5 });
    const student = await createUser(testDb);

    const results = await race(20, (db) => enroll(student.id, section.id, db));

    expect(tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)))).toEqual({ enrolled: 1, already_enrolled: 19 });
    expect(await seatsInDatabase(section.id)).toEqual({ enrolledCount: 1, rows: 1 });
  });

  it('the harness really races: a naive check-then-insert over-enrolls under it', async () => {
    const section = await createSection(testDb, { capacity: 25 });
    const students = await createUsers(testDb, 200);
    await createNaiveEnrollmentsTable(testDb);

    const results = await race(200, (db, i) => naiveEnroll(db, students[i]!.id, section.id));

    const admitted = results.filter((r) => r === 'enrolled').length;
    const [rows] = await testDb.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM naive_enrollments WHERE section_id = ${section.id}`,
    );
    // If this ever fails, the race above is not concurrent enough to prove anything.
    expect(admitted).toBeGreaterThan(25);
    expect(rows!.n).toBe(admitted);
  });
});
