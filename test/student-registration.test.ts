import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { enrollments } from '../db/schema';
import { enrollStudent, leaveSection } from '../lib/domain/students';
import { joinSectionWaitlist } from '../lib/domain/waitlists';
import { testDb } from './db';
import { createSection, createUser, type TermWindow } from '../testing/factories';

async function sectionIn(phase: TermWindow, capacity = 5) {
  return createSection(testDb, { phase, capacity });
}

describe('registration rules from the term calendar', () => {
  it('enrolls only while registration is open', async () => {
    const student = await createUser(testDb);
    const open = await sectionIn('open');
    const early = await sectionIn('not_yet_open');
    const late = await sectionIn('closed_before_drop_deadline');

    expect((await enrollStudent(student.id, open.id)).ok).toBe(true);
    expect(await enrollStudent(student.id, early.id)).toEqual({ ok: false, reason: 'registration_not_open' });
    expect(await enrollStudent(student.id, late.id)).toEqual({ ok: false, reason: 'registration_closed' });
    expect(await testDb.select().from(enrollments).where(eq(enrollments.studentId, student.id))).toHaveLength(1);
  });

  it('decides the window and the deadlines by the database clock, whatever the app server clock says', async () => {
    const [student, other] = [await createUser(testDb), await createUser(testDb)];
    const section = await sectionIn('open');
    // The app server's clock years past every deadline; PostgreSQL's now() is the one that counts.
    vi.useFakeTimers({ now: new Date('2099-01-01T00:00:00Z'), toFake: ['Date'] });
    try {
      expect((await enrollStudent(student.id, section.id)).ok).toBe(true);
      expect(await joinSectionWaitlist(other.id, section.id)).toMatchObject({ ok: false, reason: 'seats_available' });
      const left = await leaveSection(student.id, section.id);
      expect(left.ok && left.value.mode).toBe('drop');
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers full, already enrolled and unknown section', async () => {
    const [a, b] = [await createUser(testDb), await createUser(testDb)];
    const section = await sectionIn('open', 1);
    expect((await enrollStudent(a.id, section.id)).ok).toBe(true);
    expect(await enrollStudent(a.id, section.id)).toEqual({ ok: false, reason: 'already_enrolled' });
    expect(await enrollStudent(b.id, section.id)).toMatchObject({ ok: false, reason: 'section_full' });
    expect(await enrollStudent(b.id, 2_000_000_000)).toEqual({ ok: false, reason: 'section_not_found' });
  });

  it('drops before the drop deadline: the row is gone', async () => {
    const student = await createUser(testDb);
    const section = await sectionIn('open');
    await enrollStudent(student.id, section.id);
    const result = await leaveSection(student.id, section.id);
    expect(result.ok && result.value.mode).toBe('drop');
    expect(await testDb.select().from(enrollments).where(eq(enrollments.studentId, student.id))).toEqual([]);
  });

  it('withdraws after the drop deadline: the row stays as withdrawn and the seat is free', async () => {
    const student = await createUser(testDb);
    const section = await sectionIn('withdraw_period', 1);
    await enrollStudent(student.id, section.id);
    const result = await leaveSection(student.id, section.id);
    expect(result.ok && result.value.mode).toBe('withdraw');
    expect(result.ok && result.value.enrollment.completionStatus).toBe('withdrawn');
    const other = await createUser(testDb);
    expect((await enrollStudent(other.id, section.id)).ok).toBe(true);
  });

  it('neither drop nor withdraw after the withdrawal deadline', async () => {
    const student = await createUser(testDb);
    const section = await sectionIn('past_withdraw');
    await testDb.insert(enrollments).values({ studentId: student.id, sectionId: section.id });
    expect(await leaveSection(student.id, section.id)).toEqual({ ok: false, reason: 'withdraw_deadline_passed' });
  });

  it('leaving a section one is not in says so', async () => {
    const student = await createUser(testDb);
    const section = await sectionIn('open');
    expect(await leaveSection(student.id, section.id)).toEqual({ ok: false, reason: 'not_enrolled' });
    expect(await leaveSection(student.id, 2_000_000_000)).toEqual({ ok: false, reason: 'section_not_found' });
  });
});
