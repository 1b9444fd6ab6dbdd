/**
 * Priority groups on /registrar/appointments (issue 23, docs/decisions/0025): named groups saved from an e-mail list,
 * placed first by the appointment rule in the order given, previewed per group and applied in one statement; bad input
 * answered field by field; registrars only.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '../db/schema';
import { testDb } from './db';
import { form, signInAs } from './session';
import { createTerm, createUser, createUsers, uniqueTag } from '../testing/factories';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = '1';

const { applyAppointmentsAction, deletePriorityGroupAction, savePriorityGroupAction } =
  await import('../app/(app)/registrar/appointments/actions');
const AppointmentsPage = (await import('../app/(app)/registrar/appointments/page')).default;
const { previewAppointmentPlan } = await import('../lib/domain/appointments');
const { appointmentPlanSchema } = await import('../lib/web/appointment-plan');
const { IDLE } = await import('../lib/web/action-state');

let registrar: User;
beforeAll(async () => {
  registrar = await createUser(testDb, 'registrar');
});

const plan = (termId: number, groups: string) => ({
  termId: String(termId),
  order: 'credits',
  start: '2026-04-06T08:00',
  perSlot: '1',
  everyMinutes: '5',
  priorityMajor: '',
  groups,
});

async function groupId(name: string) {
  const [row] = await testDb.execute<{ id: number }>(sql`SELECT id FROM priority_groups WHERE name = ${name}`);
  return row!.id;
}

describe('priority groups', () => {
  it('are saved from an e-mail list (a name saved again replaces its members, whatever its case); bad lists refused', async () => {
    const [a, b, c] = await createUsers(testDb, 3);
    const instructor = await createUser(testDb, 'instructor');
    const name = `Athletes ${uniqueTag()}`;
    signInAs(await createUser(testDb));
    expect(await savePriorityGroupAction(IDLE, form({ name, emails: a!.email }))).toMatchObject({
      status: 'error',
      message: 'You do not have access to this',
    });

    signInAs(registrar);
    const saved = await savePriorityGroupAction(
      IDLE,
      form({ name, emails: `${a!.email}\n${b!.email.toUpperCase()}, ${a!.email}` }),
    );
    expect(saved).toMatchObject({ status: 'success', message: `${name}: 2 students.` });
    const again = await savePriorityGroupAction(IDLE, form({ name: name.toLowerCase(), emails: `${c!.email}; ${b!.email}` }));
    expect(again).toMatchObject({ status: 'success', message: `${name.toLowerCase()}: 2 students.` });
    const members = await testDb.execute<{ student_id: number }>(sql`
      SELECT m.student_id FROM priority_group_members m JOIN priority_groups g ON g.id = m.group_id
       WHERE lower(g.name) = lower(${name}) ORDER BY m.student_id`);
    expect(members.map((m) => m.student_id)).toEqual([b!.id, c!.id].sort((x, y) => x - y));

    const unknown = await savePriorityGroupAction(
      IDLE,
      form({ name, emails: `${a!.email} nobody-${uniqueTag()}@test.curriculab.test ${instructor.email}` }),
    );
    expect(unknown.fieldErrors?.emails?.[0]).toMatch(/^No student has the address nobody-.*, instructor-/);
    const malformed = await savePriorityGroupAction(IDLE, form({ name: '', emails: 'not-an-address' }));
    expect(malformed.fieldErrors).toEqual({
      name: ['Name the group'],
      emails: ['Not an e-mail address: not-an-address'],
    });
    const empty = await savePriorityGroupAction(IDLE, form({ name: 'a, b', emails: ' \n ' }));
    expect(empty.fieldErrors).toEqual({
      name: ['A group name cannot contain a comma'],
      emails: ['List at least one student’s e-mail address'],
    });
    // Nothing written by a refused save: the members are still b and c.
    const [count] = await testDb.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM priority_group_members WHERE group_id = ${await groupId(name.toLowerCase())}`);
    expect(count!.n).toBe(2);
  });

  it('come first in the order given, then the chosen rule; previewed per group; applied in one statement', async () => {
    const term = await createTerm(testDb);
    const [honor, athlete, both, plain] = await createUsers(testDb, 4);
    const tag = uniqueTag();
    const honors = `Honors ${tag}`;
    const athletes = `Athletes ${tag}`;
    signInAs(registrar);
    await savePriorityGroupAction(IDLE, form({ name: honors, emails: `${honor!.email} ${both!.email}` }));
    await savePriorityGroupAction(IDLE, form({ name: athletes, emails: `${athlete!.email} ${both!.email}` }));
    // The most credits of anyone: the rule alone would put this student first.
    await testDb.execute(sql`
      INSERT INTO student_profiles (student_id, earned_credits) VALUES (${plain!.id}, 99999)
      ON CONFLICT (student_id) DO UPDATE SET earned_credits = EXCLUDED.earned_credits`);

    const parsed = appointmentPlanSchema.parse(plan(term.id, `${athletes}, ${honors.toUpperCase()}`));
    const preview = await previewAppointmentPlan(parsed);
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.value.groups.map(({ name, students }) => ({ name, students }))).toEqual([
      { name: athletes, students: 2 },
      { name: honors, students: 1 },
      { name: null, students: expect.any(Number) },
    ]);
    // One student every 5 minutes: the athletes take the first two slots, the honors student the third.
    const [first, second] = preview.value.groups;
    expect(second!.first.getTime() - first!.first.getTime()).toBe(10 * 60_000);
    expect(first!.last.getTime() - first!.first.getTime()).toBe(5 * 60_000);

    const done = await applyAppointmentsAction(IDLE, form(plan(term.id, `${athletes}, ${honors}`)));
    expect(done).toMatchObject({ status: 'success' });
    const rows = await testDb.execute<{ student_id: number }>(sql`
      SELECT student_id FROM registration_appointments WHERE term_id = ${term.id} ORDER BY opens_at, student_id`);
    const order = rows.map((r) => r.student_id);
    // The athletes (the student in both groups counts there), then the honors student, then the rule's order.
    expect(order.slice(0, 2).sort((x, y) => x - y)).toEqual([athlete!.id, both!.id].sort((x, y) => x - y));
    expect(order[2]).toBe(honor!.id);
    expect(order[3]).toBe(plain!.id);

    const page = await AppointmentsPage({
      searchParams: Promise.resolve({ term: term.code, ...plan(term.id, `${athletes}, ${honors}`) }),
    });
    const html = JSON.stringify(page);
    expect(html).toContain('Preview by priority group');
    expect(html).toContain('Everyone else');
  });

  it('an unknown or repeated group in the plan is the field’s error, and nothing is applied; removing one twice is 404', async () => {
    const term = await createTerm(testDb);
    signInAs(registrar);
    const missing = `Nobody ${uniqueTag()}`;
    const unknown = await applyAppointmentsAction(IDLE, form(plan(term.id, missing)));
    expect(unknown).toMatchObject({ status: 'error', fieldErrors: { groups: [`No priority group is named “${missing}”`] } });
    const repeated = await applyAppointmentsAction(IDLE, form(plan(term.id, 'Honors, honors')));
    expect(repeated.fieldErrors).toEqual({ groups: ['Name each group once'] });
    const many = await applyAppointmentsAction(
      IDLE,
      form(plan(term.id, Array.from({ length: 11 }, (_, i) => `g${i}`).join(','))),
    );
    expect(many.fieldErrors).toEqual({ groups: ['At most 10 groups'] });
    const [none] = await testDb.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM registration_appointments WHERE term_id = ${term.id}`);
    expect(none!.n).toBe(0);
    const page = await AppointmentsPage({ searchParams: Promise.resolve({ term: term.code, ...plan(term.id, missing) }) });
    expect(JSON.stringify(page)).toContain(`No priority group is named “${missing}”`);

    const name = `Veterans ${uniqueTag()}`;
    const [veteran] = await createUsers(testDb, 1);
    await savePriorityGroupAction(IDLE, form({ name, emails: veteran!.email }));
    const id = await groupId(name);
    // Registrars only: an instructor, and nobody signed in, are refused before anything is read.
    signInAs(await createUser(testDb, 'instructor'));
    expect(await deletePriorityGroupAction(IDLE, form({ groupId: String(id) }))).toMatchObject({
      message: 'You do not have access to this',
    });
    signInAs(null);
    expect(await applyAppointmentsAction(IDLE, form(plan(term.id, name)))).toMatchObject({ message: 'Please sign in' });
    expect(await savePriorityGroupAction(IDLE, form({ name, emails: veteran!.email }))).toMatchObject({
      message: 'Please sign in',
    });
    signInAs(registrar);
    expect(await deletePriorityGroupAction(IDLE, form({ groupId: String(id) }))).toMatchObject({
      status: 'success',
      message: `${name} removed.`,
    });
    expect(await deletePriorityGroupAction(IDLE, form({ groupId: String(id) }))).toMatchObject({
      status: 'error',
      message: 'That priority group was already removed',
    });
    expect(await deletePriorityGroupAction(IDLE, form({ groupId: 'x' }))).toMatchObject({ status: 'error' });
  });
});
