/**
 * Reserved seats and cross-lists on the registrar's section form (issue 23, docs/decisions/0025): registrars only,
 * refusals by field, a release that promotes the waitlist, a cross-list created and joined.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '../db/schema';
import { joinWaitlist } from '../db/queries/waitlists';
import { getSectionCrossList, listSectionReservations } from '../db/queries/priority';
import { testDb } from './db';
import { form, signInAs } from './session';
import { createSection, createTerm, createUser, fillSection } from '../testing/factories';
import { seatHolders, setWaitlist } from '../testing/priority';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const actions = await import('../app/(app)/registrar/sections/[id]/priority-actions');
const { IDLE } = await import('../lib/web/action-state');

let registrar: User;
let student: User;
beforeAll(async () => {
  registrar = await createUser(testDb, 'registrar');
  student = await createUser(testDb);
});

describe('reserved seats on the section form', () => {
  it('registrars reserve seats; too many for the seats left, or no group, is refused by field', async () => {
    const section = await createSection(testDb, { capacity: 5 });
    await fillSection(testDb, section.id, 3);
    const fields = {
      sectionId: String(section.id),
      classStanding: 'senior',
      major: '',
      seats: '2',
      releasedAt: '2099-04-10T08:00',
    };

    signInAs(student);
    expect(await actions.reserveSeatsAction(IDLE, form(fields))).toMatchObject({ message: 'You do not have access to this' });
    signInAs(registrar);
    const tooMany = await actions.reserveSeatsAction(IDLE, form({ ...fields, seats: '3' }));
    expect(tooMany.fieldErrors?.seats).toEqual(['There are not that many free seats left to reserve']);
    const noGroup = await actions.reserveSeatsAction(IDLE, form({ ...fields, classStanding: '' }));
    expect(noGroup.fieldErrors?.classStanding).toEqual(['Name a class standing, a major, or both']);
    expect(await actions.reserveSeatsAction(IDLE, form(fields))).toMatchObject({
      status: 'success',
      message: '2 seats reserved.',
    });
    expect(await listSectionReservations(section.id, testDb)).toMatchObject([
      { group: 'seniors', seats: 2, open: 2, released: false },
    ]);
  });

  it('Release now gives the seats to the waiting students in the same transaction', async () => {
    const section = await createSection(testDb, { capacity: 2 });
    await setWaitlist(testDb, section.id, 5);
    signInAs(registrar);
    const fields = {
      sectionId: String(section.id),
      classStanding: 'senior',
      major: '',
      seats: '1',
      releasedAt: '2099-04-10T08:00',
    };
    await actions.reserveSeatsAction(IDLE, form(fields));
    await fillSection(testDb, section.id, 1);
    const waiting = await createUser(testDb);
    expect(await joinWaitlist(waiting.id, section.id, null, testDb)).toMatchObject({ ok: true });
    const [reservation] = await listSectionReservations(section.id, testDb);

    const other = await createSection(testDb);
    const wrong = form({ sectionId: String(other.id), reservationId: String(reservation!.id) });
    expect(await actions.releaseReservationAction(IDLE, wrong)).toMatchObject({ status: 'error', message: 'Not found' });
    const ok = form({ sectionId: String(section.id), reservationId: String(reservation!.id) });
    expect(await actions.releaseReservationAction(IDLE, ok)).toMatchObject({ status: 'success' });
    expect(await seatHolders(testDb, section.id)).toContain(waiting.id);
  });
});

describe('cross-lists on the section form', () => {
  it('creates a cross-list with a capacity, joins a second section, refuses a capacity below the seats held, leaves', async () => {
    const term = await createTerm(testDb);
    const a = await createSection(testDb, { termId: term.id, capacity: 5 });
    const b = await createSection(testDb, { termId: term.id, capacity: 5 });
    await fillSection(testDb, a.id, 2);
    await fillSection(testDb, b.id, 2);
    signInAs(registrar);
    const noCapacity = await actions.crossListAction(IDLE, form({ sectionId: String(a.id), code: 'MATH-CS 4803', capacity: '' }));
    expect(noCapacity.fieldErrors?.capacity).toEqual(['A new cross-list needs a capacity']);
    expect(
      await actions.crossListAction(IDLE, form({ sectionId: String(a.id), code: 'MATH-CS 4803', capacity: '6' })),
    ).toMatchObject({ status: 'success' });
    expect(
      await actions.crossListAction(IDLE, form({ sectionId: String(b.id), code: 'MATH-CS 4803', capacity: '' })),
    ).toMatchObject({
      status: 'success',
    });
    expect(await getSectionCrossList(a.id, testDb)).toMatchObject({ capacity: 6, held: 4, sharedWith: [expect.any(String)] });
    const low = await actions.crossListAction(IDLE, form({ sectionId: String(b.id), code: 'MATH-CS 4803', capacity: '3' }));
    expect(low.fieldErrors?.capacity).toEqual(['The cross-list capacity is lower than the seats its sections hold']);
    expect(await actions.leaveCrossListAction(IDLE, form({ sectionId: String(b.id) }))).toMatchObject({ status: 'success' });
    const [list] = await testDb.execute<{ held: number }>(
      sql`SELECT held FROM cross_lists WHERE code = 'MATH-CS 4803' AND term_id = ${term.id}`,
    );
    expect(list!.held).toBe(2);
  });
});

describe('who may manage reserved seats and cross-lists', () => {
  it('refuses every form to a student and to a signed-out visitor, changing nothing', async () => {
    const section = await createSection(testDb, { capacity: 5 });
    const fields = { sectionId: String(section.id), reservationId: '1', code: 'X', capacity: '5' };
    for (const who of [student, null]) {
      signInAs(who);
      for (const run of [
        actions.releaseReservationAction,
        actions.removeReservationAction,
        actions.crossListAction,
        actions.leaveCrossListAction,
      ]) {
        expect((await run(IDLE, form(fields))).message).toBe(who ? 'You do not have access to this' : 'Please sign in');
      }
    }
    expect(await getSectionCrossList(section.id, testDb)).toBeUndefined();
  });
});
