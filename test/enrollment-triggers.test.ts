import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../db/client';
import { type DbOperation, classifyDbError } from '../db/errors';
import { drop, enroll, withdraw } from '../db/queries/enrollments';
import { findHistoryDrift } from '../db/queries/integrity';
import { enrollments, sections } from '../db/schema';
import { testDb } from './db';
import { createSection, createUser, createUsers } from '../testing/factories';

async function enrolledCount(sectionId: number) {
  const [row] = await testDb.select({ n: sections.enrolledCount }).from(sections).where(eq(sections.id, sectionId));
  return row!.n;
}

async function setStatus(studentId: number, sectionId: number, status: 'enrolled' | 'withdrawn' | 'completed') {
  await testDb
    .update(enrollments)
    .set({ completionStatus: status })
    .where(and(eq(enrollments.studentId, studentId), eq(enrollments.sectionId, sectionId)));
}

/** Runs a statement that must fail and returns what the one translator makes of it. */
async function failure(statement: Promise<unknown>, operation: DbOperation = 'read') {
  try {
    await statement;
  } catch (error) {
    return classifyDbError(error, operation);
  }
  throw new Error('expected the database to refuse');
}

describe('enrolled_count is kept by the triggers', () => {
  it('a new section starts at 0 and an enrollment takes one seat', async () => {
    const section = await createSection(testDb, { capacity: 2 });
    expect(section.enrolledCount).toBe(0);
    const student = await createUser(testDb);
    const result = await enroll(student.id, section.id);
    expect(result.ok && result.value.completionStatus).toBe('enrolled');
    expect(await enrolledCount(section.id)).toBe(1);
  });

  it('names the full section when the last seat went to a transaction the statement did not see', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    const [first, second] = await createUsers(testDb, 2);
    const other = createDatabase(inject('databaseUrl'), { max: 1 });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let taken!: () => void;
      const seatTaken = new Promise<void>((resolve) => (taken = resolve));
      // The first seat is taken and not yet committed: the second enroll's snapshot still sees a free seat, so
      // its INSERT runs and waits on the section's row, then meets the count trigger's refusal.
      const holding = other.db.transaction(async (tx) => {
        await enroll(first!.id, section.id, tx);
        taken();
        await held;
      });
      await seatTaken;
      const second_ = enroll(second!.id, section.id);
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await holding;
      const result = await second_;
      const [label] = await testDb.execute<{ label: string }>(sql`SELECT section_label(${section.id}) AS label`);
      expect(result).toEqual({
        ok: false,
        reason: 'section_full',
        refusal: { rule: 'section_full', detail: { sectionId: section.id, section: label!.label } },
      });
    } finally {
      await other.close();
    }
  });

  it('on a full section the precheck refuses without changing any answer', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    const [holder, other, returning] = await createUsers(testDb, 3);
    await enroll(returning!.id, section.id);
    await withdraw(returning!.id, section.id);
    await enroll(holder!.id, section.id);
    expect(await enroll(holder!.id, section.id)).toEqual({ ok: false, reason: 'already_enrolled' });
    expect(await enroll(other!.id, section.id)).toMatchObject({ ok: false, reason: 'section_full' });
    expect(await enroll(returning!.id, section.id)).toMatchObject({ ok: false, reason: 'section_full' });
    expect(await enroll(other!.id, 2_000_000_000)).toEqual({ ok: false, reason: 'section_not_found' });
    expect(await enrolledCount(section.id)).toBe(1);
  });

  it('drop gives the seat back and removes the row', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    const [a, b] = await createUsers(testDb, 2);
    await enroll(a!.id, section.id);
    expect(await enroll(b!.id, section.id)).toMatchObject({ ok: false, reason: 'section_full' });
    expect((await drop(a!.id, section.id)).ok).toBe(true);
    expect(await enrolledCount(section.id)).toBe(0);
    expect((await enroll(b!.id, section.id)).ok).toBe(true);
    expect(await drop(a!.id, section.id)).toEqual({ ok: false, reason: 'not_enrolled' });
  });

  it('withdraw frees the seat but keeps the record', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    const student = await createUser(testDb);
    await enroll(student.id, section.id);
    const result = await withdraw(student.id, section.id);
    expect(result.ok && result.value.completionStatus).toBe('withdrawn');
    expect(await enrolledCount(section.id)).toBe(0);
    expect(await withdraw(student.id, section.id)).toEqual({ ok: false, reason: 'not_enrolled' });
  });

  it('re-enrolling after a withdrawal takes a seat again, and fails on a full section', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    const [a, b] = await createUsers(testDb, 2);
    await enroll(a!.id, section.id);
    await withdraw(a!.id, section.id);
    expect((await enroll(b!.id, section.id)).ok).toBe(true);
    expect(await enroll(a!.id, section.id)).toMatchObject({ ok: false, reason: 'section_full' });
    const [row] = await testDb.select().from(enrollments).where(eq(enrollments.studentId, a!.id));
    expect(row!.completionStatus).toBe('withdrawn');

    await drop(b!.id, section.id);
    const again = await enroll(a!.id, section.id);
    expect(again.ok && again.value.id).toBe(row!.id);
    expect(await enrolledCount(section.id)).toBe(1);
  });

  it('completed keeps the seat; completed back to withdrawn frees it', async () => {
    const section = await createSection(testDb, { capacity: 3 });
    const student = await createUser(testDb);
    await enroll(student.id, section.id);
    await setStatus(student.id, section.id, 'completed');
    expect(await enrolledCount(section.id)).toBe(1);
    expect(await enroll(student.id, section.id)).toEqual({ ok: false, reason: 'already_enrolled' });
    await setStatus(student.id, section.id, 'withdrawn');
    expect(await enrolledCount(section.id)).toBe(0);
    await setStatus(student.id, section.id, 'enrolled');
    expect(await enrolledCount(section.id)).toBe(1);
  });

  it('moving an enrollment to another section moves the seat, and refuses a full target', async () => {
    const from = await createSection(testDb, { capacity: 2 });
    const to = await createSection(testDb, { capacity: 1, termId: from.termId });
    const [a, b] = await createUsers(testDb, 2);
    await enroll(a!.id, from.id);
    await enroll(b!.id, from.id);
    const move = (studentId: number) =>
      testDb
        .update(enrollments)
        .set({ sectionId: to.id })
        .where(and(eq(enrollments.studentId, studentId), eq(enrollments.sectionId, from.id)));
    await move(a!.id);
    expect([await enrolledCount(from.id), await enrolledCount(to.id)]).toEqual([1, 1]);
    expect(await failure(move(b!.id), 'enroll')).toBe('section_full');
    expect([await enrolledCount(from.id), await enrolledCount(to.id)]).toEqual([1, 1]);
  });

  it('a withdrawn enrollment moved between sections moves no seat', async () => {
    const from = await createSection(testDb, { capacity: 1 });
    const to = await createSection(testDb, { capacity: 1, termId: from.termId });
    const student = await createUser(testDb);
    await enroll(student.id, from.id);
    await withdraw(student.id, from.id);
    await testDb.update(enrollments).set({ sectionId: to.id }).where(eq(enrollments.studentId, student.id));
    expect([await enrolledCount(from.id), await enrolledCount(to.id)]).toEqual([0, 0]);
    // The history replays to the row: withdrawn, now in `to` (a 'swapped' event replayed as a seat held there).
    expect((await findHistoryDrift(testDb)).filter((d) => d.studentId === student.id)).toEqual([]);
  });

  it('capacity cannot be lowered below the seats taken', async () => {
    const section = await createSection(testDb, { capacity: 3 });
    const students = await createUsers(testDb, 2);
    for (const s of students) await enroll(s.id, section.id);
    const lower = (capacity: number) => testDb.update(sections).set({ capacity }).where(eq(sections.id, section.id));
    expect(await failure(lower(1), 'update_section')).toBe('capacity_below_enrolled');
    await lower(2);
    expect(await failure(lower(-1), 'update_section')).toBe('invalid_value');
  });

  it('enrolled_count cannot be written directly, not even by the superuser', async () => {
    const section = await createSection(testDb, { capacity: 3 });
    expect(await failure(testDb.execute(sql`UPDATE sections SET enrolled_count = 2 WHERE id = ${section.id}`))).toBe(
      'enrolled_count_is_derived',
    );
    expect(
      await failure(
        testDb.execute(sql`INSERT INTO sections (course_id, term_id, code, capacity, enrolled_count)
                           VALUES (${section.courseId}, ${section.termId}, 'X9', 5, 3)`),
      ),
    ).toBe('enrolled_count_is_derived');
    // Other columns of the row stay writable.
    await testDb.update(sections).set({ location: 'Room 2' }).where(eq(sections.id, section.id));
    expect(await enrolledCount(section.id)).toBe(0);
  });
});
