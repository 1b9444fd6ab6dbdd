import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { courses, enrollments, sections } from '../db/schema';
import { IDLE } from '../lib/web/action-state';
import { testDb } from './db';
import { createSection, createUser } from '../testing/factories';
import { form, signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
const { revalidatePath } = await import('next/cache');
const { enrollAction, leaveAction, leaveNamedAction } = await import('../app/(app)/sections/[id]/actions');
const { joinWaitlistAction, leaveWaitlistAction } = await import('../app/(app)/sections/[id]/waitlist-actions');

beforeEach(() => vi.mocked(revalidatePath).mockClear());

describe('the Enroll server action', () => {
  it('enrolls the signed-in student and refreshes the pages that show seats', async () => {
    const student = await createUser(testDb);
    const section = await createSection(testDb, { capacity: 2 });
    signInAs(student);
    const state = await enrollAction(IDLE, form({ sectionId: section.id }));
    expect(state).toMatchObject({ status: 'success', message: 'You are enrolled in this section.' });
    expect(revalidatePath).toHaveBeenCalledWith(`/sections/${section.id}`);
    expect(revalidatePath).toHaveBeenCalledWith('/schedule');
  });

  it('ignores a student id or role sent in the form: the student is the session user', async () => {
    const [student, victim] = [await createUser(testDb), await createUser(testDb)];
    const section = await createSection(testDb, { capacity: 2 });
    signInAs(student);
    await enrollAction(IDLE, form({ sectionId: section.id, studentId: victim.id, role: 'registrar' }));
    const rows = await testDb.select().from(enrollments).where(eq(enrollments.sectionId, section.id));
    expect(rows.map((r) => r.studentId)).toEqual([student.id]);
  });

  it.each([
    ['a full section', expect.stringMatching(/^Section is full: [A-Z]+ \S+-\S+ has no open seats\.$/)],
    ['a second click', 'You are already enrolled'],
  ])('answers %s in words', async (situation, message) => {
    const student = await createUser(testDb);
    const section = await createSection(testDb, { capacity: 1 });
    if (situation === 'a full section') {
      signInAs(await createUser(testDb));
      await enrollAction(IDLE, form({ sectionId: section.id }));
    } else {
      signInAs(student);
      await enrollAction(IDLE, form({ sectionId: section.id }));
    }
    signInAs(student);
    vi.mocked(revalidatePath).mockClear();
    expect(await enrollAction(IDLE, form({ sectionId: section.id }))).toMatchObject({ status: 'error', message });
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it('says registration is closed outside the window', async () => {
    const student = await createUser(testDb);
    const section = await createSection(testDb, { phase: 'closed_before_drop_deadline' });
    signInAs(student);
    expect(await enrollAction(IDLE, form({ sectionId: section.id }))).toMatchObject({
      status: 'error',
      message: 'Registration is closed',
    });
  });

  it('refuses signed-out visitors, other roles and malformed ids without touching the database', async () => {
    const section = await createSection(testDb);
    signInAs(null);
    expect(await enrollAction(IDLE, form({ sectionId: section.id }))).toMatchObject({ message: 'Please sign in' });
    signInAs(await createUser(testDb, 'instructor'));
    expect(await enrollAction(IDLE, form({ sectionId: section.id }))).toMatchObject({
      message: 'You do not have access to this',
    });
    signInAs(await createUser(testDb));
    for (const bad of ['abc', '-1', '0', '1.5', '99999999999', '']) {
      expect(await enrollAction(IDLE, form({ sectionId: bad }))).toMatchObject({
        message: 'The section id must be a positive whole number',
      });
    }
    expect(await testDb.select().from(enrollments).where(eq(enrollments.sectionId, section.id))).toEqual([]);
  });
});

describe('the Drop / Withdraw server action', () => {
  it('drops before the drop deadline and withdraws after it', async () => {
    const student = await createUser(testDb);
    const early = await createSection(testDb, { phase: 'open' });
    const late = await createSection(testDb, { phase: 'withdraw_period' });
    await testDb.insert(enrollments).values([
      { studentId: student.id, sectionId: early.id },
      { studentId: student.id, sectionId: late.id },
    ]);
    signInAs(student);
    expect(await leaveAction(IDLE, form({ sectionId: early.id }))).toMatchObject({ message: 'You dropped this section.' });
    expect(await leaveAction(IDLE, form({ sectionId: late.id }))).toMatchObject({ message: 'You withdrew from this section.' });
    const rows = await testDb.select().from(enrollments).where(eq(enrollments.studentId, student.id));
    expect(rows.map((r) => [r.sectionId, r.completionStatus])).toEqual([[late.id, 'withdrawn']]);
  });

  it('names the section where its row is gone once left (the schedule), and when leaving a waitlist', async () => {
    const student = await createUser(testDb);
    const early = await createSection(testDb, { phase: 'open' });
    const late = await createSection(testDb, { phase: 'withdraw_period' });
    const full = await createSection(testDb, { phase: 'open', capacity: 0 });
    await testDb.update(sections).set({ waitlistCapacity: 3 }).where(eq(sections.id, full.id));
    await testDb.insert(enrollments).values([
      { studentId: student.id, sectionId: early.id },
      { studentId: student.id, sectionId: late.id },
    ]);
    const label = async (id: number) => {
      const [row] = await testDb
        .select({ subject: courses.subject, number: courses.number, code: sections.code })
        .from(sections)
        .innerJoin(courses, eq(courses.id, sections.courseId))
        .where(eq(sections.id, id));
      return `${row!.subject} ${row!.number}-${row!.code}`;
    };
    signInAs(student);
    expect(await leaveNamedAction(IDLE, form({ sectionId: early.id }))).toMatchObject({
      message: `You dropped ${await label(early.id)}.`,
    });
    expect(await leaveNamedAction(IDLE, form({ sectionId: late.id }))).toMatchObject({
      message: `You withdrew from ${await label(late.id)}.`,
    });
    expect(await joinWaitlistAction(IDLE, form({ sectionId: full.id }))).toMatchObject({ status: 'success' });
    expect(await leaveWaitlistAction(IDLE, form({ sectionId: full.id }))).toMatchObject({
      message: `You left the waitlist for ${await label(full.id)}.`,
    });
  });

  it('refuses after the withdrawal deadline and when not enrolled', async () => {
    const student = await createUser(testDb);
    const past = await createSection(testDb, { phase: 'past_withdraw' });
    const open = await createSection(testDb);
    await testDb.insert(enrollments).values({ studentId: student.id, sectionId: past.id });
    signInAs(student);
    expect(await leaveAction(IDLE, form({ sectionId: past.id }))).toMatchObject({
      message: 'The withdrawal deadline has passed',
    });
    expect(await leaveAction(IDLE, form({ sectionId: open.id }))).toMatchObject({
      message: 'You are not enrolled in this section',
    });
    const [kept] = await testDb
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.studentId, student.id), eq(enrollments.sectionId, past.id)));
    expect(kept?.completionStatus).toBe('enrolled');
  });
});
