import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { drop, enroll, swap } from '../db/queries/enrollments';
import { unwrapPgError } from '../db/errors';
import { placeHold } from '../db/queries/holds';
import { findEnrollmentDrift, findRuleDrift, findWaitlistDrift } from '../db/queries/integrity';
import { joinWaitlist } from '../db/queries/waitlists';
import { enrollments, sections, waitlistEntries } from '../db/schema';
import { race, tally, testDb } from './db';
import { createCourse, createSection, createTerm, createUser, createUsers, fillSection } from '../testing/factories';
import { MWF } from './rules-helpers';

async function setWaitlistCapacity(sectionId: number, waitlistCapacity: number) {
  await testDb.update(sections).set({ waitlistCapacity }).where(eq(sections.id, sectionId));
}

async function seatHolders(sectionId: number) {
  const rows = await testDb
    .select({ studentId: enrollments.studentId })
    .from(enrollments)
    .where(and(eq(enrollments.sectionId, sectionId), eq(enrollments.completionStatus, 'enrolled')))
    .orderBy(asc(enrollments.id));
  return rows.map((r) => r.studentId);
}

async function enrolledCount(sectionId: number) {
  const [s] = await testDb.select().from(sections).where(eq(sections.id, sectionId));
  return s!.enrolledCount;
}

async function expectNoDrift() {
  expect(await findEnrollmentDrift(testDb)).toEqual([]);
  expect(await findRuleDrift(testDb)).toEqual([]);
  expect(await findWaitlistDrift(testDb)).toEqual([]);
}

describe('promotion in the transaction that frees the seat (docs/decisions/0011)', () => {
  it('50 waiting, 20 holders drop at once: exactly the first 20 eligible are promoted, in order', async () => {
    const section = await createSection(testDb, { capacity: 20 });
    await setWaitlistCapacity(section.id, 60);
    const holders = await fillSection(testDb, section.id, 20);
    const waiting = await createUsers(testDb, 50);
    for (const w of waiting) expect((await joinWaitlist(w.id, section.id, null, testDb)).ok).toBe(true);
    // Two of the first twenty become ineligible after joining: the promotion must pass over them.
    for (const i of [2, 6]) expect((await placeHold(waiting[i]!.id, 'Library fine', null, testDb)).ok).toBe(true);
    const eligible = waiting.filter((_, i) => i !== 2 && i !== 6).map((w) => w.id);

    const results = await race(20, (db, i) => drop(holders[i]!.id, section.id, db));

    expect(tally(results.map((r) => (r.ok ? 'dropped' : r.reason)))).toEqual({ dropped: 20 });
    expect(await enrolledCount(section.id)).toBe(20);
    // Enrollment ids are taken under the section's lock, so their order is the order of promotion.
    expect(await seatHolders(section.id)).toEqual(eligible.slice(0, 20));
    const left = await testDb
      .select()
      .from(waitlistEntries)
      .where(eq(waitlistEntries.sectionId, section.id))
      .orderBy(asc(waitlistEntries.position));
    expect(left.map((e) => e.studentId)).toEqual([waiting[2]!.id, waiting[6]!.id, ...eligible.slice(20)]);
    expect(left.slice(0, 2).map((e) => e.passedOverReason)).toEqual(['registration_hold', 'registration_hold']);
    expect(left.slice(2).every((e) => e.passedOverReason === null)).toBe(true);
    await expectNoDrift();
  });

  it('a walk-in racing the drops never gets a seat while eligible students wait', async () => {
    const section = await createSection(testDb, { capacity: 10 });
    await setWaitlistCapacity(section.id, 30);
    const holders = await fillSection(testDb, section.id, 10);
    const waiting = await createUsers(testDb, 15);
    for (const w of waiting) expect((await joinWaitlist(w.id, section.id, null, testDb)).ok).toBe(true);
    const walkIns = await createUsers(testDb, 10);

    const results = await race(20, async (db, i): Promise<string> => {
      const r =
        i % 2 === 0 ? await drop(holders[i / 2]!.id, section.id, db) : await enroll(walkIns[(i - 1) / 2]!.id, section.id, db);
      return r.ok ? 'ok' : r.reason;
    });

    expect(tally(results.filter((_, i) => i % 2 === 0))).toEqual({ ok: 10 });
    const walkInOutcomes = results.filter((_, i) => i % 2 === 1);
    expect(tally(walkInOutcomes)).toEqual({ section_full: 10 });
    expect(await seatHolders(section.id)).toEqual(waiting.slice(0, 10).map((w) => w.id));
    await expectNoDrift();
  });

  it('a capacity raise, even a bare UPDATE, promotes in the same statement', async () => {
    const section = await createSection(testDb, { capacity: 2 });
    await setWaitlistCapacity(section.id, 5);
    await fillSection(testDb, section.id, 2);
    const waiting = await createUsers(testDb, 4);
    for (const w of waiting) await joinWaitlist(w.id, section.id, null, testDb);
    await testDb.execute(sql`UPDATE sections SET capacity = 5 WHERE id = ${section.id}`);
    expect(await enrolledCount(section.id)).toBe(5);
    expect((await seatHolders(section.id)).slice(2)).toEqual(waiting.slice(0, 3).map((w) => w.id));
    await expectNoDrift();
  });
});

describe('positions are issued by the section counter only (drizzle/0009, issue 28.14)', () => {
  it('a bare INSERT of a position the counter never issued is refused; joining still works after it', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    await setWaitlistCapacity(section.id, 5);
    await fillSection(testDb, section.id, 1);
    const [first, second] = await createUsers(testDb, 2);
    const bare = testDb.insert(waitlistEntries).values({ sectionId: section.id, studentId: first!.id, position: 1 });
    await expect(bare).rejects.toSatisfy(
      (error: unknown) => unwrapPgError(error).constraint_name === 'waitlist_entries_position_issued',
    );
    expect(await joinWaitlist(first!.id, section.id, null, testDb)).toEqual({ ok: true, value: { position: 1, length: 1 } });
    // Nor may an issued entry be moved above the counter.
    const moved = testDb.update(waitlistEntries).set({ position: 7 }).where(eq(waitlistEntries.sectionId, section.id));
    await expect(moved).rejects.toSatisfy(
      (error: unknown) => unwrapPgError(error).constraint_name === 'waitlist_entries_position_issued',
    );
    expect(await joinWaitlist(second!.id, section.id, null, testDb)).toEqual({ ok: true, value: { position: 2, length: 2 } });
    await expectNoDrift();
  });
});

describe('swaps (docs/decisions/0011)', () => {
  it('swaps racing each other and enrollments never leave a student with both seats, neither, or a section over capacity', async () => {
    const term = await createTerm(testDb);
    const course = await createCourse(testDb, { credits: 4 });
    // Same course, same times: only a swap can move between them (one seat per course, time conflict).
    const a = await createSection(testDb, {
      termId: term.id,
      courseId: course.id,
      capacity: 30,
      meetings: MWF('09:00', '09:50'),
    });
    const b = await createSection(testDb, {
      termId: term.id,
      courseId: course.id,
      capacity: 12,
      meetings: MWF('09:00', '09:50'),
    });
    const swappers = await fillSection(testDb, a.id, 25);
    // Fewer walk-ins than seats: whoever is faster on a loaded machine, some swaps win and some are refused.
    const walkIns = await createUsers(testDb, 8);

    const results = await race(33, (db, i) =>
      i < 25 ? swap(swappers[i]!.id, a.id, b.id, 'drop', db) : enroll(walkIns[i - 25]!.id, b.id, db),
    );

    const swapOutcomes = tally(results.slice(0, 25).map((r) => (r.ok ? 'swapped' : r.reason)));
    const walkInOutcomes = tally(results.slice(25).map((r) => (r.ok ? 'enrolled' : r.reason)));
    expect((swapOutcomes.swapped ?? 0) + (walkInOutcomes.enrolled ?? 0)).toBe(12);
    expect(Object.keys(swapOutcomes).sort()).toEqual(['section_full', 'swapped']);
    const inA = new Set(await seatHolders(a.id));
    const inB = new Set(await seatHolders(b.id));
    for (const [i, s] of swappers.entries()) {
      const swapped = results[i]!.ok;
      expect([inA.has(s.id), inB.has(s.id)], `swapper ${i}`).toEqual([!swapped, swapped]);
    }
    expect(await enrolledCount(b.id)).toBe(12);
    await expectNoDrift();
  });

  it('a refused swap keeps the old seat; a waitlisted swap releases it at promotion', async () => {
    const term = await createTerm(testDb);
    const course = await createCourse(testDb);
    const a = await createSection(testDb, { termId: term.id, courseId: course.id, capacity: 5, meetings: MWF('09:00', '09:50') });
    const b = await createSection(testDb, { termId: term.id, courseId: course.id, capacity: 1, meetings: MWF('09:00', '09:50') });
    await setWaitlistCapacity(b.id, 3);
    const student = await createUser(testDb);
    await enroll(student.id, a.id, testDb);
    const [holder] = await fillSection(testDb, b.id, 1);

    expect(await swap(student.id, a.id, b.id, 'drop', testDb)).toMatchObject({ ok: false, reason: 'section_full' });
    expect(await seatHolders(a.id)).toEqual([student.id]);
    // Without the swap the rules refuse joining (same course); with it they do not.
    expect(await joinWaitlist(student.id, b.id, null, testDb)).toMatchObject({ ok: false, reason: 'already_in_course' });
    expect(await joinWaitlist(student.id, b.id, a.id, testDb)).toEqual({ ok: true, value: { position: 1, length: 1 } });

    await drop(holder!.id, b.id, testDb);
    expect(await seatHolders(b.id)).toEqual([student.id]);
    expect(await seatHolders(a.id)).toEqual([]);
    expect(
      await testDb
        .select()
        .from(waitlistEntries)
        .where(inArray(waitlistEntries.sectionId, [a.id, b.id])),
    ).toEqual([]);
    await expectNoDrift();
  });
});
