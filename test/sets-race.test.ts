/**
 * Sets under races (docs/decisions/0022): every participant on its own connection, released together (test/db.ts
 * `race`). Each was seen failing once with its rule removed (the ADR says how).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { drop, swap } from '../db/queries/enrollments';
import { enrollSet } from '../db/queries/sets';
import { enrollments, sections } from '../db/schema';
import { race, tally, testDb } from './db';
import { createSection, createSectionSet, createUser, createUsers } from '../testing/factories';

async function heldBy(studentIds: number[], sectionIds: number[]) {
  return testDb
    .select({ studentId: enrollments.studentId, sectionId: enrollments.sectionId })
    .from(enrollments)
    .where(
      and(
        inArray(enrollments.studentId, studentIds),
        inArray(enrollments.sectionId, sectionIds),
        eq(enrollments.completionStatus, 'enrolled'),
      ),
    );
}

async function incompleteSets(studentIds: number[]) {
  const rows = await testDb.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM (SELECT DISTINCT e.student_id, s.course_id, s.term_id
      FROM enrollments e JOIN sections s ON s.id = e.section_id
     WHERE e.student_id = ANY(${`{${studentIds.join(',')}}`}::int[]) AND enrollment_holds_seat(e.completion_status)) h
     WHERE student_set_gap(h.student_id, h.course_id, h.term_id) IS NOT NULL`);
  return rows[0]!.n;
}

describe('sets under races', () => {
  it.for([1, 2, 3, 4, 5])('one student, two tabs, two complete sets of one course (round %i): exactly one set held', async () => {
    const { lecture: a, labs: aLabs } = await createSectionSet(testDb, { labs: 1 });
    const b = await createSection(testDb, { termId: a.termId, courseId: a.courseId, code: 'B' });
    const bLab = await createSection(testDb, {
      termId: a.termId,
      courseId: a.courseId,
      code: 'B01',
      component: 'LAB',
      linkedSectionId: b.id,
    });
    const student = await createUser(testDb);
    const sets = [
      [a.id, aLabs[0]!.id],
      [b.id, bLab.id],
    ];

    const results = await race(2, (db, i) => enrollSet(student.id, sets[i]!, db));

    expect(tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)))).toEqual({ enrolled: 1, already_in_course: 1 });
    const held = (await heldBy([student.id], sets.flat())).map((r) => r.sectionId).sort((x, y) => x - y);
    expect([sets[0]!, sets[1]!].map((s) => [...s].sort((x, y) => x - y))).toContainEqual(held);
  });

  it('30 students race for the last seat of a lab whose lecture has room: one set, nobody holds the lecture alone', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 1, capacity: 40, labCapacity: 1 });
    const students = await createUsers(testDb, 30);

    const results = await race(30, (db, i) => enrollSet(students[i]!.id, [lecture.id, labs[0]!.id], db));

    expect(tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)))).toEqual({ enrolled: 1, section_full: 29 });
    const [row] = await testDb.select().from(sections).where(eq(sections.id, lecture.id));
    expect(row!.enrolledCount).toBe(1);
    expect(await incompleteSets(students.map((s) => s.id))).toBe(0);
  });

  it('a set whose lab fills while the request is in flight: nothing held', async () => {
    for (let round = 0; round < 5; round++) {
      const { lecture, labs } = await createSectionSet(testDb, { labs: 1, capacity: 40, labCapacity: 5 });
      const holders = await createUsers(testDb, 4);
      for (const h of holders) await enrollSet(h.id, [lecture.id, labs[0]!.id]);
      // One lab seat left: the set request and a walk-in's set race for it.
      const [late, walkIn] = await createUsers(testDb, 2);
      const results = await race(2, (db, i) => enrollSet([late, walkIn][i]!.id, [lecture.id, labs[0]!.id], db));
      expect(tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)))).toEqual({ enrolled: 1, section_full: 1 });
      const loser = results[0]!.ok ? walkIn! : late!;
      expect(await heldBy([loser.id], [lecture.id, labs[0]!.id])).toEqual([]);
    }
  });

  it('a lecture dropped alone while its lab is swapped: the set stays complete or is gone', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 8; round++) {
      const { lecture, labs } = await createSectionSet(testDb, { labs: 2 });
      const student = await createUser(testDb);
      await enrollSet(student.id, [lecture.id, labs[0]!.id]);

      const results = await race(2, async (db, i) => {
        try {
          if (i === 0) {
            const dropped = await drop(student.id, lecture.id, db);
            return dropped.ok ? 'dropped' : dropped.reason;
          }
          return (await swap(student.id, labs[0]!.id, labs[1]!.id, 'drop', db)).ok ? 'swapped' : 'not_swapped';
        } catch {
          return i === 0 ? 'drop_refused' : 'swap_refused';
        }
      });
      outcomes.push(results.join('+'));
      const held = await heldBy([student.id], [lecture.id, ...labs.map((l) => l.id)]);
      expect(held.length === 0 || (await incompleteSets([student.id])) === 0).toBe(true);
      expect(held.length).not.toBe(1);
    }
    // The lecture alone can never go while a lab is held: the deferred check refuses it as the statement commits.
    expect(outcomes.every((o) => o.startsWith('incomplete_set+'))).toBe(true);
  });
});
