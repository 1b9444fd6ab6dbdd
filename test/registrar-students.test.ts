import { describe, expect, it, vi } from 'vitest';
import { enroll } from '../db/queries/enrollments';
import { testDb } from './db';
import { createCourse, createSection, createTerm, createUser } from '../testing/factories';
import { MWF } from './rules-helpers';
import { form, signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
const actions = await import('../app/(app)/registrar/students/[id]/actions');
const { listActiveHolds } = await import('../db/queries/holds');
const { IDLE } = await import('../lib/web/action-state');

describe("the registrar's student page", () => {
  it('only registrars place holds, lift them, set maximums and grant overrides', async () => {
    const student = await createUser(testDb);
    for (const who of [null, await createUser(testDb), await createUser(testDb, 'instructor')]) {
      signInAs(who);
      const state = await actions.placeHoldAction(IDLE, form({ studentId: student.id, reason: 'Nope' }));
      expect(state.status).toBe('error');
    }
    expect(await listActiveHolds(student.id, testDb)).toEqual([]);
  });

  it('a hold blocks adding, then lifting it lets the student enroll; an empty reason is refused in place', async () => {
    const registrar = await createUser(testDb, 'registrar');
    const student = await createUser(testDb);
    const section = await createSection(testDb);
    signInAs(registrar);
    expect(await actions.placeHoldAction(IDLE, form({ studentId: student.id, reason: ' ' }))).toMatchObject({
      fieldErrors: { reason: ['Enter the reason the student will read'] },
    });
    expect(await actions.placeHoldAction(IDLE, form({ studentId: student.id, reason: 'Library fine' }))).toMatchObject({
      status: 'success',
    });
    expect(await enroll(student.id, section.id, testDb)).toMatchObject({ ok: false, reason: 'registration_hold' });
    const [hold] = await listActiveHolds(student.id, testDb);
    expect(hold).toMatchObject({ reason: 'Library fine', placedBy: registrar.id });
    expect(await actions.liftHoldAction(IDLE, form({ studentId: student.id, holdId: hold!.id }))).toMatchObject({
      status: 'success',
    });
    expect(await actions.liftHoldAction(IDLE, form({ studentId: student.id, holdId: hold!.id }))).toMatchObject({
      message: 'That hold was already lifted',
    });
    expect(await enroll(student.id, section.id, testDb)).toMatchObject({ ok: true });
  });

  it('a raised maximum and an override let one student past the rules, never past capacity', async () => {
    signInAs(await createUser(testDb, 'registrar'));
    const term = await createTerm(testDb);
    const student = await createUser(testDb);
    const heavy = await Promise.all([8, 8, 4].map((credits) => createCourse(testDb, { credits })));
    const [a, b, c] = await Promise.all(heavy.map((course) => createSection(testDb, { termId: term.id, courseId: course.id })));
    await enroll(student.id, a!.id, testDb);
    await enroll(student.id, b!.id, testDb);
    expect(await enroll(student.id, c!.id, testDb)).toMatchObject({ reason: 'credit_limit' });
    const tooLow = await actions.setCreditMaximumAction(IDLE, form({ studentId: student.id, termId: term.id, maxCredits: '12' }));
    expect(tooLow).toMatchObject({ fieldErrors: { maxCredits: [expect.stringContaining("can't be lower")] } });
    expect(
      await actions.setCreditMaximumAction(IDLE, form({ studentId: student.id, termId: term.id, maxCredits: '20' })),
    ).toMatchObject({
      message: 'The maximum is now 20 credits.',
    });
    expect(await enroll(student.id, c!.id, testDb)).toMatchObject({ ok: true });

    const morning = await createSection(testDb, { termId: term.id, meetings: MWF('09:00', '09:50'), capacity: 1 });
    const clash = await createSection(testDb, { termId: term.id, meetings: MWF('09:00', '09:50'), capacity: 0 });
    const other = await createUser(testDb);
    await enroll(other.id, morning.id, testDb);
    const grant = await actions.grantOverrideAction(
      IDLE,
      form({ studentId: other.id, sectionId: clash.id, rule: 'time_conflict', note: 'Lab swap agreed' }),
    );
    expect(grant).toMatchObject({ status: 'success' });
    expect(await enroll(other.id, clash.id, testDb)).toMatchObject({ ok: false, reason: 'section_full' });
  });
});
