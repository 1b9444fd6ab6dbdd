/**
 * Prerequisite groups under races (docs/decisions/0023): the enrolling statement decides on what is committed when
 * it runs, so a rush of students with every kind of record, or a registrar taking transcript lines away while the
 * students click, never seats a student the rule refuses. Each test fails with the rule's body emptied.
 */

/** A student's grades in the two prerequisite courses (undefined: no row; null: on the roster, not graded yet). */
type Record2 = readonly [a: Grade | null | undefined, b: Grade | null | undefined];
const meetsC = (g: Grade | null | undefined) => !!g && ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C'].includes(g);
const meetsAOrB = ([a, b]: Record2) => meetsC(a) || meetsC(b);
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enroll } from '../db/queries/enrollments';
import { recordGrades } from '../db/queries/grades';
import { enrollments, sections, transcriptCourses, type Grade } from '../db/schema';
import { race, tally, testDb } from './db';
import { createCourse, createSection, createTerm, createUsers } from '../testing/factories';
import { addTranscriptLine, completeWithGrade, setPrerequisiteGroups } from '../testing/prerequisites';
import { createPastTerm } from './rules-helpers';

describe('prerequisite groups in a rush', () => {
  it.for([1, 2])(
    '60 students with every kind of record race for 15 seats: only those meeting every group get one (round %i)',
    async () => {
      const [past, term] = [await createPastTerm(testDb), await createTerm(testDb)];
      const [a, b, c, target] = await Promise.all([1, 2, 3, 4].map(() => createCourse(testDb)));
      // (A [C] or B [C]) and C
      await setPrerequisiteGroups(testDb, target!.id, [
        [
          [a!.id, 'C'],
          [b!.id, 'C'],
        ],
        [[c!.id, null]],
      ]);
      const section = await createSection(testDb, { termId: term.id, courseId: target!.id, capacity: 15 });
      const students = await createUsers(testDb, 60);
      // Six records, ten students each; the first three meet both groups.
      const records: { eligible: boolean; arrange: (id: number) => Promise<unknown> }[] = [
        { eligible: true, arrange: (id) => completeWithGrade(testDb, a!.id, id, past.id, 'B') },
        { eligible: true, arrange: (id) => addTranscriptLine(testDb, id, b!.id, 'C', 'transfer') },
        { eligible: true, arrange: (id) => completeWithGrade(testDb, b!.id, id, past.id, 'A-') },
        { eligible: false, arrange: (id) => completeWithGrade(testDb, a!.id, id, past.id, 'C-') },
        { eligible: false, arrange: (id) => addTranscriptLine(testDb, id, a!.id, 'P', 'exam') },
        { eligible: false, arrange: (id) => completeWithGrade(testDb, b!.id, id, past.id, 'F') },
      ];
      const eligible = new Set<number>();
      for (const [i, s] of students.entries()) {
        const record = records[i % records.length]!;
        await record.arrange(s.id);
        // C, the group without a minimum: a P on the transcript for half, a completion without a grade for the rest.
        if (i % 2) await addTranscriptLine(testDb, s.id, c!.id, 'P', 'exam');
        else await completeWithGrade(testDb, c!.id, s.id, past.id, null);
        if (record.eligible) eligible.add(s.id);
      }

      const results = await race(students.length, (db, i) => enroll(students[i]!.id, section.id, db));

      const outcomes = tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)));
      expect(outcomes).toEqual({ enrolled: 15, section_full: expect.any(Number), prerequisite_missing: expect.any(Number) });
      results.forEach((r, i) => {
        if (r.ok) expect(eligible.has(students[i]!.id), `student ${i} got a seat`).toBe(true);
        if (!r.ok && eligible.has(students[i]!.id)) expect(r.reason).toBe('section_full');
      });
      const [after] = await testDb.select().from(sections).where(eq(sections.id, section.id));
      expect(after!.enrolledCount).toBe(15);
    },
  );

  it('a registrar removes transcript lines while 30 students enroll: a seat only on a line still there at the click', async () => {
    const term = await createTerm(testDb);
    const [a, target] = [await createCourse(testDb), await createCourse(testDb)];
    await setPrerequisiteGroups(testDb, target.id, [[[a.id, 'C']]]);
    const section = await createSection(testDb, { termId: term.id, courseId: target.id, capacity: 100 });
    const students = await createUsers(testDb, 30);
    // 0–9 keep their line; 10–19 lose it in the registrar's transaction racing them; 20–29 never had one.
    for (const s of students.slice(0, 20)) await addTranscriptLine(testDb, s.id, a.id, 'B', 'transfer');
    const removed = students.slice(10, 20).map((s) => s.id);

    const results = await race(students.length + 1, async (db, i) => {
      if (i === students.length) {
        await db.transaction(async (tx) => {
          await tx.delete(transcriptCourses).where(inArray(transcriptCourses.studentId, removed));
          // Held open while the clicks arrive: a student whose statement starts now still reads the lines.
          await tx.execute(sql`SELECT pg_sleep(0.05)`);
        });
        return null;
      }
      return enroll(students[i]!.id, section.id, db);
    });

    const outcome = (i: number) => {
      const r = results[i];
      return r ? (r.ok ? 'enrolled' : r.reason) : 'none';
    };
    for (let i = 0; i < 10; i++) expect(outcome(i), `student ${i} kept the line`).toBe('enrolled');
    for (let i = 10; i < 20; i++) expect(['enrolled', 'prerequisite_missing']).toContain(outcome(i));
    for (let i = 20; i < 30; i++) expect(outcome(i), `student ${i} never had a line`).toBe('prerequisite_missing');
    // Once the removal has committed, nobody whose line it took gets in.
    for (const id of removed) {
      const again = await enroll(id, section.id, testDb);
      expect(again.ok ? 'enrolled' : again.reason).toMatch(/^(prerequisite_missing|already_enrolled)$/);
    }
    const [after] = await testDb.select().from(sections).where(eq(sections.id, section.id));
    expect(after!.enrolledCount).toBe(results.filter((r) => r?.ok).length);
  });

  it.for([1, 2])(
    'a registrar regrades A and B while 48 students enroll in a course needing A [C] or B [C]: every answer is one serial order (round %i)',
    async () => {
      const [past, term] = [await createPastTerm(testDb), await createTerm(testDb)];
      const [a, b, target] = [await createCourse(testDb), await createCourse(testDb), await createCourse(testDb)];
      await setPrerequisiteGroups(testDb, target.id, [
        [
          [a.id, 'C'],
          [b.id, 'C'],
        ],
      ]);
      const [pastA, pastB] = [
        await createSection(testDb, { termId: past.id, courseId: a.id, capacity: 100 }),
        await createSection(testDb, { termId: past.id, courseId: b.id, capacity: 100 }),
      ];
      const section = await createSection(testDb, { termId: term.id, courseId: target.id, capacity: 100 });
      // Before and after the regrade, per kind of student (8 of each). "moved": the registrar moves a passing grade
      // recorded against A to B in one transaction; either state alone meets the group, a mix of the two would not.
      const kinds: Record<string, { before: Record2; after: Record2 }> = {
        kept: { before: ['B', undefined], after: ['B', undefined] },
        failed: { before: ['B', undefined], after: ['F', undefined] },
        raised: { before: ['F', undefined], after: ['B', undefined] },
        recorded: { before: [null, undefined], after: ['C', undefined] },
        moved: { before: ['B', 'F'], after: ['F', 'B'] },
        never: { before: ['D', 'F'], after: ['D', 'F'] },
      };
      const names = Object.keys(kinds);
      const students = await createUsers(testDb, names.length * 8);
      const kindOf = (i: number) => kinds[names[i % names.length]!]!;
      const rows = students.flatMap((s, i) =>
        ([pastA, pastB] as const).flatMap((past, k) => {
          const grade = kindOf(i).before[k];
          if (grade === undefined) return [];
          return [{ studentId: s.id, sectionId: past.id, completionStatus: grade === null ? 'enrolled' : 'completed', grade }];
        }),
      );
      await testDb.insert(enrollments).values(rows as (typeof enrollments.$inferInsert)[]);
      const regrades = (k: 0 | 1) =>
        students.flatMap((s, i) => {
          const { before, after } = kindOf(i);
          return after[k] && after[k] !== before[k] ? [{ studentId: s.id, grade: after[k] }] : [];
        });

      // The regrade's saves are done but not committed: the second wave of clicks arrives now, the third about as it commits.
      let saved!: () => void;
      const savedNotCommitted = new Promise<void>((resolve) => (saved = resolve));
      const results = await race(students.length + 1, async (db, i) => {
        if (i === students.length) {
          // One save per section, in one transaction.
          await db.transaction(async (tx) => {
            expect(await recordGrades(pastA.id, regrades(0), null, tx)).toMatchObject({ ok: true });
            expect(await recordGrades(pastB.id, regrades(1), null, tx)).toMatchObject({ ok: true });
            saved();
            await tx.execute(sql`SELECT pg_sleep(0.1)`);
          });
          return 'regraded';
        }
        const wave = Math.floor(i / names.length) % 3;
        if (wave > 0) await savedNotCommitted;
        if (wave > 1) await new Promise((resolve) => setTimeout(resolve, 100));
        const r = await enroll(students[i]!.id, section.id, db);
        return r.ok ? 'enrolled' : r.reason;
      });

      const answer = (eligible: boolean) => (eligible ? 'enrolled' : 'prerequisite_missing');
      students.forEach((_, i) => {
        const { before, after } = kindOf(i);
        // Enrolled before the regrade committed, or after it: the answer is one of those two orders.
        const serial = [answer(meetsAOrB(before)), answer(meetsAOrB(after))];
        expect(serial, `student ${i} (${names[i % names.length]}): ${results[i]}`).toContain(results[i]);
      });
      // Once the regrade has committed, a second try answers by the new grades alone.
      for (const [i, s] of students.entries()) {
        if (results[i] === 'enrolled') continue;
        const again = await enroll(s.id, section.id, testDb);
        const expected = answer(meetsAOrB(kindOf(i).after));
        expect(again.ok ? 'enrolled' : again.reason, `student ${i} (${names[i % names.length]}) after the regrade`).toBe(
          expected,
        );
      }
      const [after] = await testDb.select().from(sections).where(eq(sections.id, section.id));
      expect(after!.enrolledCount).toBe(
        students.filter((_, i) => meetsAOrB(kindOf(i).after) || results[i] === 'enrolled').length,
      );
    },
  );
});
