/**
 * The registration rules under real races (issue 10, docs/decisions/0008): every round releases its connections
 * together (test/db.ts), and each rule is decided by the database in the enrolling transaction.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enroll } from '../db/queries/enrollments';
import { findEnrollmentDrift, findRuleDrift } from '../db/queries/integrity';
import { placeHold } from '../db/queries/holds';
import { grantOverride } from '../db/queries/overrides';
import { sections, studentTermCredits } from '../db/schema';
import { race, tally, testDb } from './db';
import { createCourse, createSection, createTerm, createUser, createUsers } from '../testing/factories';
import { MWF, TR, completeCourse, heldSeats, placeHoldDirectly } from './rules-helpers';

const ROUNDS = [1, 2, 3, 4, 5];

async function expectNoDrift() {
  expect(await findEnrollmentDrift(testDb)).toEqual([]);
  expect(await findRuleDrift(testDb)).toEqual([]);
}

describe('one student in several tabs', () => {
  it.for(ROUNDS)('two overlapping sections at once: exactly one seat, one time_conflict (round %i)', async () => {
    const term = await createTerm(testDb);
    const a = await createSection(testDb, { termId: term.id, meetings: MWF('09:00', '09:50') });
    const b = await createSection(testDb, { termId: term.id, meetings: [{ day: 3, startsAt: '09:30', endsAt: '10:20' }] });
    const student = await createUser(testDb);

    const results = await race(2, (db, i) => enroll(student.id, [a.id, b.id][i]!, db));

    expect(tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)))).toEqual({ enrolled: 1, time_conflict: 1 });
    expect(await heldSeats(testDb, student.id)).toHaveLength(1);
    await expectNoDrift();
  });

  it.for(ROUNDS)('six sections worth 24 credits at once: never more than 18 held (round %i)', async () => {
    const term = await createTerm(testDb);
    const list = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const course = await createCourse(testDb, { credits: 4 });
        return createSection(testDb, {
          termId: term.id,
          courseId: course.id,
          meetings: [{ day: (i % 5) + 1, startsAt: `${8 + i}:00`, endsAt: `${8 + i}:50` }],
        });
      }),
    );
    const student = await createUser(testDb);

    const results = await race(6, (db, i) => enroll(student.id, list[i]!.id, db));

    expect(tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)))).toEqual({ enrolled: 4, credit_limit: 2 });
    const [load] = await testDb.select().from(studentTermCredits).where(eq(studentTermCredits.studentId, student.id));
    expect(load).toMatchObject({ credits: 16, maxCredits: 18 });
    await expectNoDrift();
  });

  it.for(ROUNDS)('two sections of one course at once: one seat, one already_in_course (round %i)', async () => {
    const term = await createTerm(testDb);
    const course = await createCourse(testDb);
    const first = await createSection(testDb, { termId: term.id, courseId: course.id, meetings: MWF('09:00', '09:50') });
    const second = await createSection(testDb, { termId: term.id, courseId: course.id, meetings: TR('13:00', '14:15') });
    const student = await createUser(testDb);

    const results = await race(2, (db, i) => enroll(student.id, [first.id, second.id][i]!, db));

    expect(tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)))).toEqual({ enrolled: 1, already_in_course: 1 });
    await expectNoDrift();
  });
});

describe('a hold placed while the student enrolls', () => {
  it.for(ROUNDS)('every seat committed before the hold stands, none after (round %i)', async () => {
    const term = await createTerm(testDb);
    const student = await createUser(testDb);
    // 0-credit courses with no meetings: the hold is the only rule that can refuse.
    const list = await Promise.all(
      Array.from({ length: 24 }, async () =>
        createSection(testDb, { termId: term.id, courseId: (await createCourse(testDb, { credits: 0 })).id }),
      ),
    );
    const TABS = 4;
    const perTab = list.length / TABS;

    const results = await race(TABS + 1, async (db, i) => {
      if (i === TABS) {
        // Let some enrollments through first, then place the hold and count, in its own transaction after the
        // hold's lock, the seats committed before it.
        await new Promise((resolve) => setTimeout(resolve, 15));
        return db.transaction(async (tx) => {
          await placeHold(student.id, 'Unpaid tuition', null, tx);
          const [row] = await tx.execute<{ n: number }>(
            sql`SELECT count(*)::int AS n FROM enrollments WHERE student_id = ${student.id}`,
          );
          return [`seen before hold: ${row!.n}`];
        });
      }
      const outcomes: string[] = [];
      for (const section of list.slice(i * perTab, (i + 1) * perTab)) {
        const r = await enroll(student.id, section.id, db);
        outcomes.push(r.ok ? 'enrolled' : r.reason);
      }
      return outcomes;
    });

    const seenBeforeHold = Number(results[TABS]![0]!.split(': ')[1]);
    const outcomes = tally(results.slice(0, TABS).flat());
    const held = await heldSeats(testDb, student.id);
    expect(held).toHaveLength(seenBeforeHold);
    expect(outcomes).toEqual({
      ...(seenBeforeHold > 0 ? { enrolled: seenBeforeHold } : {}),
      ...(seenBeforeHold < list.length ? { registration_hold: list.length - seenBeforeHold } : {}),
    });
    await expectNoDrift();
  });

  it('dropping stays allowed under a hold', async () => {
    const section = await createSection(testDb);
    const student = await createUser(testDb);
    expect((await enroll(student.id, section.id, testDb)).ok).toBe(true);
    await placeHoldDirectly(testDb, student.id);
    const { drop } = await import('../db/queries/enrollments');
    expect((await drop(student.id, section.id, testDb)).ok).toBe(true);
    expect(await enroll(student.id, section.id, testDb)).toMatchObject({ ok: false, reason: 'registration_hold' });
  });
});

describe('the rush with every rule on', () => {
  it.for([1, 2, 3])('200 students race for 25 seats: exactly 25, all of them allowed by the rules (round %i)', async () => {
    const past = await createTerm(testDb, 'past_withdraw');
    const term = await createTerm(testDb);
    const intro = await createCourse(testDb, { credits: 4 });
    const target = await createCourse(testDb, { credits: 4 });
    const { coursePrerequisites } = await import('../db/schema');
    await testDb.insert(coursePrerequisites).values({ courseId: target.id, prerequisiteCourseId: intro.id });
    const hot = await createSection(testDb, {
      termId: term.id,
      courseId: target.id,
      capacity: 25,
      meetings: MWF('10:00', '10:50'),
    });
    const other = await createSection(testDb, { termId: term.id, capacity: 200, meetings: TR('10:00', '11:15') });
    const clash = await createSection(testDb, {
      termId: term.id,
      capacity: 200,
      meetings: [{ day: 3, startsAt: '10:30', endsAt: '11:00' }],
    });

    const students = await createUsers(testDb, 200);
    // 0–149 completed the prerequisite; 150–199 did not. 0–99 hold another seat; 100–119 a clashing one;
    // 120–139 have a hold.
    await completeCourse(
      testDb,
      intro.id,
      students.slice(0, 150).map((s) => s.id),
      past.id,
    );
    for (const s of students.slice(0, 100)) expect((await enroll(s.id, other.id, testDb)).ok).toBe(true);
    for (const s of students.slice(100, 120)) expect((await enroll(s.id, clash.id, testDb)).ok).toBe(true);
    for (const s of students.slice(120, 140)) await placeHoldDirectly(testDb, s.id);
    const eligible = new Set([...students.slice(0, 100), ...students.slice(140, 150)].map((s) => s.id));

    const results = await race(200, (db, i) => enroll(students[i]!.id, hot.id, db));

    const outcomes = tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)));
    expect(outcomes.enrolled).toBe(25);
    expect(Object.keys(outcomes).sort()).toEqual(expect.arrayContaining(['enrolled', 'section_full']));
    expect(Object.keys(outcomes)).not.toContain('unexpected');
    results.forEach((r, i) => {
      if (r.ok) expect(eligible.has(students[i]!.id), `student ${i} got a seat`).toBe(true);
    });
    const [after] = await testDb.select().from(sections).where(eq(sections.id, hot.id));
    expect(after!.enrolledCount).toBe(25);
    await expectNoDrift();
  });
});

describe('overrides', () => {
  it('let one student past a time conflict, a prerequisite and the credit maximum, each for one section', async () => {
    const term = await createTerm(testDb);
    const registrar = await createUser(testDb, 'registrar');
    const student = await createUser(testDb);
    const heavy = await createCourse(testDb, { credits: 16 });
    const base = await createSection(testDb, { termId: term.id, courseId: heavy.id, meetings: MWF('09:00', '09:50') });
    const overlapping = await createSection(testDb, {
      termId: term.id,
      courseId: (await createCourse(testDb, { credits: 1 })).id,
      meetings: MWF('09:30', '10:20'),
    });
    const advanced = await createCourse(testDb, { credits: 1 });
    const intro = await createCourse(testDb);
    const { coursePrerequisites } = await import('../db/schema');
    await testDb.insert(coursePrerequisites).values({ courseId: advanced.id, prerequisiteCourseId: intro.id });
    const needsIntro = await createSection(testDb, { termId: term.id, courseId: advanced.id });
    const big = await createSection(testDb, { termId: term.id, courseId: (await createCourse(testDb, { credits: 4 })).id });

    expect((await enroll(student.id, base.id, testDb)).ok).toBe(true);
    expect(await enroll(student.id, overlapping.id, testDb)).toMatchObject({ ok: false, reason: 'time_conflict' });
    expect(await enroll(student.id, needsIntro.id, testDb)).toMatchObject({ ok: false, reason: 'prerequisite_missing' });
    expect(await enroll(student.id, big.id, testDb)).toMatchObject({ ok: false, reason: 'credit_limit' });

    for (const [section, rule] of [
      [overlapping, 'time_conflict'],
      [needsIntro, 'prerequisite_missing'],
      [big, 'credit_limit'],
    ] as const) {
      expect(
        (await grantOverride({ studentId: student.id, sectionId: section.id, rule, grantedBy: registrar.id }, testDb)).ok,
      ).toBe(true);
    }
    // The overlapping section is 1 credit: 17 of 18. The prerequisite one would make 18. The big one is exempt.
    expect((await enroll(student.id, overlapping.id, testDb)).ok).toBe(true);
    expect((await enroll(student.id, needsIntro.id, testDb)).ok).toBe(true);
    expect((await enroll(student.id, big.id, testDb)).ok).toBe(true);
    const [load] = await testDb.select().from(studentTermCredits).where(eq(studentTermCredits.studentId, student.id));
    expect(load).toMatchObject({ credits: 22, exemptCredits: 4, maxCredits: 18 });
    await expectNoDrift();
  });

  it.for([1, 2, 3])('never let past capacity: 40 students with every override race for 10 seats (round %i)', async () => {
    const term = await createTerm(testDb);
    const registrar = await createUser(testDb, 'registrar');
    const section = await createSection(testDb, { termId: term.id, capacity: 10, meetings: MWF('09:00', '09:50') });
    const students = await createUsers(testDb, 40);
    for (const s of students) {
      for (const rule of ['time_conflict', 'prerequisite_missing', 'credit_limit'] as const) {
        await grantOverride({ studentId: s.id, sectionId: section.id, rule, grantedBy: registrar.id }, testDb);
      }
    }
    const results = await race(40, (db, i) => enroll(students[i]!.id, section.id, db));
    expect(tally(results.map((r) => (r.ok ? 'enrolled' : r.reason)))).toEqual({ enrolled: 10, section_full: 30 });
    await expectNoDrift();
  });

  it('cannot name capacity or a duplicate seat', async () => {
    const section = await createSection(testDb);
    const [student, registrar] = [await createUser(testDb), await createUser(testDb, 'registrar')];
    for (const rule of ['section_full', 'already_in_course', 'already_enrolled']) {
      await expect(
        testDb.execute(sql`INSERT INTO rule_overrides (student_id, section_id, rule, granted_by)
                           VALUES (${student.id}, ${section.id}, ${rule}, ${registrar.id})`),
      ).rejects.toThrow();
    }
  });
});

describe('lock order', () => {
  it.for([1, 2, 3])(
    'students racing over the same sections in opposite orders, with drops, never deadlock (round %i)',
    async () => {
      const term = await createTerm(testDb);
      const list = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          createSection(testDb, {
            termId: term.id,
            capacity: 12,
            meetings: [{ day: i + 1, startsAt: '09:00', endsAt: '09:50' }],
          }),
        ),
      );
      const students = await createUsers(testDb, 16);
      const results = await race(32, async (db, i) => {
        const student = students[i % 16]!;
        const order = i % 2 ? [...list].reverse() : list;
        const seen: string[] = [];
        for (const section of order) {
          const r = await enroll(student.id, section.id, db);
          seen.push(r.ok ? 'enrolled' : r.reason);
          if (i % 4 === 3) {
            const { drop } = await import('../db/queries/enrollments');
            const d = await drop(student.id, section.id, db);
            seen.push(d.ok ? 'dropped' : d.reason);
          }
        }
        return seen;
      });
      const outcomes = tally(results.flat());
      expect(Object.keys(outcomes)).not.toContain('unexpected');
      expect(outcomes.enrolled).toBeGreaterThan(0);
      await expectNoDrift();
    },
  );
});
