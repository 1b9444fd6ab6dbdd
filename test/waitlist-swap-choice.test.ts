import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { drop, enroll, swap } from '../db/queries/enrollments';
import { findHistoryDrift, findWaitlistDrift } from '../db/queries/integrity';
import { listHistory } from '../db/queries/history';
import { updateSection } from '../db/queries/sections';
import { describeEvent } from '../lib/domain/history';
import { getWaitlistSummary, joinWaitlist, setWaitlistSwapFrom } from '../db/queries/waitlists';
import { enrollmentEvents, enrollments, sections, waitlistEntries } from '../db/schema';
import { race, testDb } from './db';
import { createCourse, createSection, createTerm, createUser, fillSection } from '../testing/factories';

/** docs/decisions/0018: a waiting student's release choice (swapFrom) that went stale. */
async function arrange() {
  const term = await createTerm(testDb);
  const course = await createCourse(testDb);
  const [a, b, c] = [
    await createSection(testDb, { termId: term.id, courseId: course.id, capacity: 5 }),
    await createSection(testDb, { termId: term.id, courseId: course.id, capacity: 1 }),
    await createSection(testDb, { termId: term.id, courseId: course.id, capacity: 5 }),
  ];
  await testDb.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, b!.id));
  await fillSection(testDb, b!.id, 1);
  const student = await createUser(testDb);
  expect((await enroll(student.id, a!.id, testDb)).ok).toBe(true);
  expect((await joinWaitlist(student.id, b!.id, a!.id, testDb)).ok).toBe(true);
  const registrar = await createUser(testDb, 'registrar');
  return { a: a!, b: b!, c: c!, student, registrar };
}

const events = (sectionId: number, kind: 'passed_over' | 'waitlist_changed') =>
  testDb
    .select()
    .from(enrollmentEvents)
    .where(and(eq(enrollmentEvents.sectionId, sectionId), eq(enrollmentEvents.kind, kind)));

describe('a stale release choice on a waitlist (docs/decisions/0018)', () => {
  it('is reported once the seat is swapped away, and the pass-over cites the capacity raise that caused it', async () => {
    const { a, b, c, student, registrar } = await arrange();
    expect((await getWaitlistSummary(b.id, student.id, testDb))?.mySwapFrom).toMatchObject({ sectionId: a.id, stale: false });
    expect((await swap(student.id, a.id, c.id, 'drop', testDb)).ok).toBe(true);
    expect((await getWaitlistSummary(b.id, student.id, testDb))?.mySwapFrom).toMatchObject({ sectionId: a.id, stale: true });

    const raised = await updateSection(
      b.id,
      { capacity: 2, instructorId: null, location: 'Hall', meetings: [] },
      testDb,
      registrar.id,
    );
    expect(raised.ok).toBe(true);
    const [entry] = await testDb.select().from(waitlistEntries).where(eq(waitlistEntries.sectionId, b.id));
    expect(entry?.passedOverReason).toBe('already_in_course');
    const [passed] = await events(b.id, 'passed_over');
    expect(passed).toMatchObject({
      studentId: student.id,
      actorId: registrar.id,
      cause: 'already_in_course',
      fromSectionId: a.id,
    });
    expect(passed?.detail).toMatchObject({ capacityFrom: 1, capacityTo: 2, freedBy: 'capacity_raised', swapFromStale: true });
    // The section's history says it in words: the rule, the stale choice, and the registrar's capacity change.
    const [row] = (await listHistory({ sectionId: b.id, kind: 'passed_over', timeZone: 'UTC' }, testDb)).map((r) =>
      describeEvent(r, 'registrar'),
    );
    expect(row).toMatch(/^Passed over for .+ \(a seat already held in the course; the seat to release, .+, was no longer held\)/);
    expect(row).toContain(`capacity raised from 1 to 2 by ${registrar.name}`);
  });

  it('can be changed, keeping the place; a seat the rules kept from the student is offered at once', async () => {
    const { b, c, a, student, registrar } = await arrange();
    expect((await swap(student.id, a.id, c.id, 'drop', testDb)).ok).toBe(true);
    await updateSection(b.id, { capacity: 2, instructorId: null, location: 'Hall', meetings: [] }, testDb, registrar.id);
    const changed = await setWaitlistSwapFrom(student.id, b.id, c.id, testDb);
    expect(changed).toEqual({ ok: true, value: { position: 0, length: 0, promoted: true } });
    const seats = await testDb.select().from(enrollments).where(eq(enrollments.studentId, student.id));
    expect(seats.map((s) => s.sectionId)).toEqual([b.id]);
    expect(await events(b.id, 'waitlist_changed')).toHaveLength(1);
    expect(await findWaitlistDrift(testDb)).toEqual([]);
    expect(await findHistoryDrift(testDb)).toEqual([]);
  });

  it('keeps the place when the section is still full, and refuses what cannot work', async () => {
    const { b, c, a, student } = await arrange();
    const other = await createUser(testDb);
    expect((await enroll(other.id, a.id, testDb)).ok).toBe(true);
    expect((await joinWaitlist(other.id, b.id, a.id, testDb)).ok).toBe(true);
    expect((await swap(student.id, a.id, c.id, 'drop', testDb)).ok).toBe(true);
    expect(await setWaitlistSwapFrom(student.id, b.id, c.id, testDb)).toEqual({
      ok: true,
      value: { position: 1, length: 2, promoted: false },
    });
    // Clearing it would leave two seats in one course: the rules refuse, as at joining.
    expect(await setWaitlistSwapFrom(student.id, b.id, null, testDb)).toMatchObject({ ok: false, reason: 'already_in_course' });
    expect(await setWaitlistSwapFrom(student.id, b.id, a.id, testDb)).toMatchObject({
      ok: false,
      reason: 'swap_source_not_held',
    });
    const stranger = await createUser(testDb);
    expect(await setWaitlistSwapFrom(stranger.id, b.id, null, testDb)).toMatchObject({ ok: false, reason: 'not_waitlisted' });
    expect((await getWaitlistSummary(b.id, student.id, testDb))?.mySwapFrom).toMatchObject({ sectionId: c.id, stale: false });
  });

  it('race: changing the choice while the seat frees always ends with the student in the seat, the new choice released', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 15 }, async () => {
        const { a, b, c, student } = await arrange();
        expect((await swap(student.id, a.id, c.id, 'drop', testDb)).ok).toBe(true);
        const [holder] = await testDb.select().from(enrollments).where(eq(enrollments.sectionId, b.id));
        return { b, c, student, holder: holder!.studentId };
      }),
    );
    // Even participants drop the seat, odd ones change the stale choice to the seat the student now holds.
    const results = await race(30, async (db, i): Promise<boolean> => {
      const p = pairs[Math.floor(i / 2)]!;
      return (i % 2 === 0 ? await drop(p.holder, p.b.id, db) : await setWaitlistSwapFrom(p.student.id, p.b.id, p.c.id, db)).ok;
    });
    expect(results.every(Boolean)).toBe(true);
    for (const p of pairs) {
      const seats = await testDb.select().from(enrollments).where(eq(enrollments.studentId, p.student.id));
      expect(seats.map((s) => s.sectionId)).toEqual([p.b.id]);
    }
    expect(await findWaitlistDrift(testDb)).toEqual([]);
    expect(await findHistoryDrift(testDb)).toEqual([]);
  });
});
