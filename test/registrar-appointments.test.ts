/**
 * /registrar/appointments (issue 23, docs/decisions/0025): assign by rule, preview the slots with their counts, apply
 * in one transaction; registrars only; bad input answered field by field.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { previewAppointments } from '../db/queries/appointments';
import type { User } from '../db/schema';
import { testDb } from './db';
import { form, signInAs } from './session';
import { createTerm, createUser, createUsers } from '../testing/factories';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = '1';

const { applyAppointmentsAction } = await import('../app/(app)/registrar/appointments/actions');
const AppointmentsPage = (await import('../app/(app)/registrar/appointments/page')).default;
const { IDLE } = await import('../lib/web/action-state');

let registrar: User;
let student: User;
beforeAll(async () => {
  registrar = await createUser(testDb, 'registrar');
  student = await createUser(testDb);
});

async function setCredits(ids: number[], credits: number[], standing: string[] = []) {
  for (const [i, id] of ids.entries()) {
    await testDb.execute(sql`
      INSERT INTO student_profiles (student_id, earned_credits, class_standing)
      VALUES (${id}, ${credits[i]!}, ${standing[i] ?? 'freshman'}::class_standing)
      ON CONFLICT (student_id) DO UPDATE SET earned_credits = EXCLUDED.earned_credits, class_standing = EXCLUDED.class_standing`);
  }
}

const plan = (termId: number, fields: Record<string, string> = {}) => ({
  termId: String(termId),
  order: 'credits',
  start: '2026-04-06T08:00',
  perSlot: '2',
  everyMinutes: '15',
  priorityMajor: '',
  ...fields,
});

describe('registration appointments by rule', () => {
  it('previews slots of N students every M minutes, highest earned credits first, in campus time', async () => {
    const term = await createTerm(testDb);
    const top = await createUsers(testDb, 3);
    await setCredits(
      top.map((s) => s.id),
      [9000, 8000, 7000],
    );
    const slots = await previewAppointments(
      term.id,
      { order: 'credits', start: '2026-04-06T08:00', perSlot: 2, everyMinutes: 15, priorityMajor: null },
      'America/Chicago',
    );
    expect(slots[0]).toEqual({ opensAt: new Date('2026-04-06T13:00:00Z'), students: 2 });
    expect(slots[1]!.opensAt).toEqual(new Date('2026-04-06T13:15:00Z'));
    expect(slots.slice(0, -1).every((s) => s.students === 2)).toBe(true);
  });

  it('applies in one statement: registrars only, the order as previewed; class standing first when asked', async () => {
    const term = await createTerm(testDb);
    const [junior, senior, freshman] = await createUsers(testDb, 3);
    await setCredits([junior!.id, senior!.id, freshman!.id], [9500, 60, 9600], ['junior', 'senior', 'freshman']);

    signInAs(student);
    expect(await applyAppointmentsAction(IDLE, form(plan(term.id)))).toMatchObject({
      status: 'error',
      message: 'You do not have access to this',
    });
    signInAs(registrar);
    const [before] = await testDb.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM users WHERE role = 'student'`);
    const done = await applyAppointmentsAction(IDLE, form(plan(term.id, { order: 'standing', perSlot: '1' })));
    expect(done).toMatchObject({ status: 'success', message: expect.stringMatching(/^Appointments set for \d+ students\.$/) });
    const rows = await testDb.execute<{ student_id: number }>(sql`
      SELECT student_id FROM registration_appointments WHERE term_id = ${term.id} ORDER BY opens_at`);
    const place = (id: number) => rows.findIndex((r) => r.student_id === id);
    // Standing first: the senior with 60 credits before the junior with 9500, before the freshman with 9600.
    expect(place(senior!.id)).toBeGreaterThanOrEqual(0);
    expect(place(senior!.id)).toBeLessThan(place(junior!.id));
    expect(place(junior!.id)).toBeLessThan(place(freshman!.id));
    const [count] = await testDb.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM registration_appointments WHERE term_id = ${term.id}`);
    // Every student there was when it was applied, and as many as it said (other test files add students meanwhile).
    const said = Number(/\d+/.exec(done.status === 'success' ? done.message : '')?.[0]);
    expect(count!.n).toBe(said);
    expect(said).toBeGreaterThanOrEqual(before!.n);
  });

  it('answers malformed input field by field and an unknown term as not found', async () => {
    const term = await createTerm(testDb);
    signInAs(registrar);
    const bad = await applyAppointmentsAction(IDLE, form(plan(term.id, { perSlot: '0', start: 'soon', order: 'luck' })));
    expect(bad.status).toBe('error');
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['order', 'perSlot', 'start']);
    expect(await applyAppointmentsAction(IDLE, form(plan(2_000_000_000)))).toMatchObject({
      status: 'error',
      message: 'That term does not exist',
    });
  });

  it('the page renders the preview for a registrar and is forbidden to a student', async () => {
    const term = await createTerm(testDb);
    signInAs(registrar);
    const page = await AppointmentsPage({ searchParams: Promise.resolve({ term: term.code, ...plan(term.id) }) });
    expect(JSON.stringify(page)).toContain('Preview: ');
    signInAs(student);
    await expect(AppointmentsPage({ searchParams: Promise.resolve({}) })).rejects.toMatchObject({
      digest: expect.stringContaining('NEXT_HTTP_ERROR_FALLBACK;403'),
    });
  });
});
