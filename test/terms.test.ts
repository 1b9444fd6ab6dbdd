import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { sections, terms } from '../db/schema';
import { createSection, createTerm, createUser, uniqueTag } from '../testing/factories';
import { testDb } from './db';
import { form, signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { copyTermAction, createTermAction, updateTermAction } = await import('../app/(app)/registrar/terms/actions');
const { fromCampusLocal, toCampusLocal } = await import('../lib/web/term-form');
const { IDLE } = await import('../lib/web/action-state');

const good = (code: string) => ({
  code,
  name: `Term ${code}`,
  registrationOpensAt: '2026-04-01T08:00',
  registrationClosesAt: '2026-08-20T17:00',
  dropDeadline: '2026-08-28T23:59',
  withdrawDeadline: '2026-10-30T23:59',
  classesStartOn: '2026-08-17',
  classesEndOn: '2026-12-10',
});

describe('/registrar/terms', () => {
  it('creates a term, campus times stored as instants; every date out of order is its field’s error', async () => {
    signInAs(await createUser(testDb, 'registrar'));
    const code = `F-${uniqueTag()}`;
    await expect(createTermAction(IDLE, form(good(code)))).rejects.toMatchObject({
      digest: expect.stringMatching(new RegExp(`^NEXT_REDIRECT;\\w+;/registrar/terms\\?created=${code};`)),
    });
    const [term] = await testDb.select().from(terms).where(eq(terms.code, code));
    expect(toCampusLocal(term!.registrationOpensAt)).toBe('2026-04-01T08:00');
    expect(term!.registrationOpensAt).toEqual(fromCampusLocal('2026-04-01T08:00'));

    const bad = await createTermAction(
      IDLE,
      form({
        ...good(`G-${uniqueTag()}`),
        registrationClosesAt: '2026-03-01T08:00',
        withdrawDeadline: '2026-08-01T08:00',
        classesEndOn: '2026-08-01',
      }),
    );
    expect(bad.fieldErrors).toEqual({
      registrationClosesAt: ['Registration must close after it opens'],
      withdrawDeadline: ['The withdrawal deadline cannot come before the drop deadline'],
      classesEndOn: ['Classes must end on or after the day they start'],
    });
    const far = await createTermAction(
      IDLE,
      form({
        ...good(`H-${uniqueTag()}`),
        classesStartOn: '2029-01-01',
        classesEndOn: '2031-01-01',
        withdrawDeadline: '2026-10-30T23:59',
      }),
    );
    expect(Object.keys(far.fieldErrors ?? {}).sort()).toEqual(['classesEndOn', 'classesStartOn']);
    const duplicate = await createTermAction(IDLE, form(good(code)));
    expect(duplicate.fieldErrors).toEqual({ code: ['Another term already has this code'] });
    const missing = await createTermAction(IDLE, form({ code: '', name: '' }));
    expect(Object.keys(missing.fieldErrors ?? {}).length).toBe(8);
  });

  it('edits a term; copies its sections into another; a student is refused', async () => {
    signInAs(await createUser(testDb, 'registrar'));
    const from = await createTerm(testDb);
    const to = await createTerm(testDb);
    await createSection(testDb, { termId: from.id });
    const edited = await updateTermAction(IDLE, form({ ...good(from.code), termId: from.id, name: 'Renamed' }));
    expect(edited).toMatchObject({ status: 'success', message: 'Renamed saved.' });
    const copied = await copyTermAction(IDLE, form({ fromTermId: from.id, toTermId: to.id }));
    expect(copied).toMatchObject({ status: 'success', message: expect.stringMatching(/^Copied 1 section/) });
    expect((await testDb.select().from(sections).where(eq(sections.termId, to.id))).length).toBe(1);
    const twice = await copyTermAction(IDLE, form({ fromTermId: from.id, toTermId: to.id }));
    expect(twice).toMatchObject({ status: 'error', fieldErrors: { toTermId: [expect.stringMatching(/nothing was copied/)] } });
    const self = await copyTermAction(IDLE, form({ fromTermId: from.id, toTermId: from.id }));
    expect(self.fieldErrors).toEqual({ toTermId: ['Choose another term to copy into'] });

    signInAs(await createUser(testDb, 'student'));
    expect(await copyTermAction(IDLE, form({ fromTermId: from.id, toTermId: to.id }))).toMatchObject({
      status: 'error',
      message: 'You do not have access to this',
    });
    expect(await createTermAction(IDLE, form(good(`S-${uniqueTag()}`)))).toMatchObject({
      status: 'error',
      message: 'You do not have access to this',
    });
  });
});

describe('the registrar’s list of terms', () => {
  it('counts each term’s own sections', async () => {
    const { listTermsWithCounts } = await import('../db/queries/terms');
    const term = await createTerm(testDb);
    for (let i = 0; i < 3; i++) await createSection(testDb, { termId: term.id });
    const listed = (await listTermsWithCounts()).find((t) => t.id === term.id);
    expect(listed?.sections).toBe(3);
  });
});
