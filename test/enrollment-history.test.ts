/**
 * The enrollment history (drizzle/0006, docs/decisions/0012): every path writes exactly one event of the right kind,
 * with the signed-in user as its actor; a refused attempt writes none; nobody can change or remove an event.
 */
import { inject, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDatabase } from '../db/client';
import { enrollments, sections, type EnrollmentEvent } from '../db/schema';
import { eq } from 'drizzle-orm';
import { testDb } from './db';
import { createSection, createUser, fillSection } from '../testing/factories';
import { form, signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
const { enrollStudent, leaveSection } = await import('../lib/domain/students');
const { joinSectionWaitlist, leaveSectionWaitlist, swapSection } = await import('../lib/domain/waitlists');
const { changeSection, grantOverrideFor, revokeOverrideFor } = await import('../lib/domain/registrar');
const { registrarEnrollAction, registrarDropAction } = await import('../app/(app)/sections/[id]/roster/actions');
const { removeFromWaitlistAction } = await import('../app/(app)/sections/[id]/waitlist-actions');
const { IDLE } = await import('../lib/web/action-state');

type Event = Pick<EnrollmentEvent, 'kind' | 'studentId' | 'sectionId' | 'actorId'> & Partial<EnrollmentEvent>;

/** The events of these students written after `after`, oldest first. */
async function eventsSince(after: number, studentIds: number[]) {
  const rows = await testDb.execute<EnrollmentEvent & Record<string, unknown>>(sql`
    SELECT id, student_id AS "studentId", section_id AS "sectionId", kind, actor_id AS "actorId",
           from_section_id AS "fromSectionId", released_as AS "releasedAs", position,
           freed_by_event_id::int AS "freedByEventId", cause
      FROM enrollment_events WHERE id > ${after} AND student_id IN ${sql.raw(`(${studentIds.join(', ')})`)} ORDER BY id`);
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

async function lastEventId() {
  const [row] = await testDb.execute<{ id: string | null }>(sql`SELECT max(id)::text AS id FROM enrollment_events`);
  return Number(row?.id ?? 0);
}

const pick = ({ kind, studentId, sectionId, actorId }: Event) => ({ kind, studentId, sectionId, actorId });

describe('every path writes exactly one event of the right kind and actor', () => {
  it('a student enrolls, drops, enrolls again and withdraws; a refused attempt writes nothing', async () => {
    const open = await createSection(testDb, { capacity: 1 });
    const late = await createSection(testDb, { capacity: 2, phase: 'withdraw_period' });
    const [student, other] = [await createUser(testDb), await createUser(testDb)];
    const start = await lastEventId();

    expect((await enrollStudent(student.id, open.id)).ok).toBe(true);
    expect(await enrollStudent(other.id, open.id)).toMatchObject({ ok: false, reason: 'section_full' });
    expect(await enrollStudent(student.id, open.id)).toMatchObject({ ok: false, reason: 'already_enrolled' });
    expect((await leaveSection(student.id, open.id)).ok).toBe(true);
    await testDb.insert(enrollments).values({ studentId: student.id, sectionId: late.id });
    expect(await leaveSection(student.id, late.id)).toMatchObject({ ok: true, value: { mode: 'withdraw' } });

    expect((await eventsSince(start, [student.id, other.id])).map(pick)).toEqual([
      { kind: 'enrolled', studentId: student.id, sectionId: open.id, actorId: student.id },
      { kind: 'dropped', studentId: student.id, sectionId: open.id, actorId: student.id },
      // Written outside the app (the test's own INSERT, like psql): no actor.
      { kind: 'enrolled', studentId: student.id, sectionId: late.id, actorId: null },
      { kind: 'withdrawn', studentId: student.id, sectionId: late.id, actorId: student.id },
    ]);
  });

  it('a registrar enrolls and drops on behalf of a student: the registrar is the actor', async () => {
    const section = await createSection(testDb, { capacity: 5 });
    const [student, registrar] = [await createUser(testDb), await createUser(testDb, 'registrar')];
    const start = await lastEventId();
    signInAs(registrar);
    const fields = { sectionId: section.id, studentEmail: student.email };
    expect(await registrarEnrollAction(IDLE, form(fields))).toMatchObject({ status: 'success' });
    expect(await registrarDropAction(IDLE, form(fields))).toMatchObject({ status: 'success' });
    expect((await eventsSince(start, [student.id])).map(pick)).toEqual([
      { kind: 'enrolled', studentId: student.id, sectionId: section.id, actorId: registrar.id },
      { kind: 'dropped', studentId: student.id, sectionId: section.id, actorId: registrar.id },
    ]);
  });

  it('joining and leaving a waitlist, and a registrar removing a student from one', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    await testDb.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, section.id));
    await fillSection(testDb, section.id, 1);
    const [student, registrar] = [await createUser(testDb), await createUser(testDb, 'registrar')];
    const start = await lastEventId();
    expect((await joinSectionWaitlist(student.id, section.id)).ok).toBe(true);
    expect(await joinSectionWaitlist(student.id, section.id)).toMatchObject({ ok: false, reason: 'already_waitlisted' });
    expect((await leaveSectionWaitlist(student.id, section.id)).ok).toBe(true);
    expect((await joinSectionWaitlist(student.id, section.id)).ok).toBe(true);
    signInAs(registrar);
    const removed = await removeFromWaitlistAction(IDLE, form({ sectionId: section.id, email: student.email }));
    expect(removed).toMatchObject({ status: 'success' });

    const events = await eventsSince(start, [student.id]);
    expect(events.map(pick)).toEqual([
      { kind: 'waitlisted', studentId: student.id, sectionId: section.id, actorId: student.id },
      { kind: 'waitlist_left', studentId: student.id, sectionId: section.id, actorId: student.id },
      { kind: 'waitlisted', studentId: student.id, sectionId: section.id, actorId: student.id },
      { kind: 'waitlist_left', studentId: student.id, sectionId: section.id, actorId: registrar.id },
    ]);
    expect(events[0]!.position).toBeGreaterThan(0);
  });

  it('a drop promotes the first in line: one promotion citing the drop that freed the seat', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    await testDb.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, section.id));
    const [holder] = await fillSection(testDb, section.id, 1);
    const waiting = await createUser(testDb);
    expect((await joinSectionWaitlist(waiting.id, section.id)).ok).toBe(true);
    const start = await lastEventId();
    expect((await leaveSection(holder!.id, section.id)).ok).toBe(true);

    const events = await eventsSince(start, [holder!.id, waiting.id]);
    expect(events.map(pick)).toEqual([
      { kind: 'dropped', studentId: holder!.id, sectionId: section.id, actorId: holder!.id },
      { kind: 'promoted', studentId: waiting.id, sectionId: section.id, actorId: holder!.id },
    ]);
    expect(events[1]).toMatchObject({ freedByEventId: events[0]!.id, cause: 'dropped' });
  });

  it('a registrar raising the capacity promotes: the cause is the capacity, the registrar the actor', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    await testDb.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, section.id));
    await fillSection(testDb, section.id, 1);
    const [waiting, registrar] = [await createUser(testDb), await createUser(testDb, 'registrar')];
    expect((await joinSectionWaitlist(waiting.id, section.id)).ok).toBe(true);
    const start = await lastEventId();
    const settings = { capacity: 2, instructorId: null, location: 'Test Hall 101', meetings: [] };
    expect((await changeSection(section.id, settings, registrar.id)).ok).toBe(true);

    const events = await eventsSince(start, [waiting.id]);
    expect(events.map(pick)).toEqual([{ kind: 'promoted', studentId: waiting.id, sectionId: section.id, actorId: registrar.id }]);
    expect(events[0]).toMatchObject({ freedByEventId: null, cause: 'capacity_raised' });
  });

  it('a swap is one event naming both seats; a promotion carrying a swap too', async () => {
    const [from, to] = [await createSection(testDb, { capacity: 2 }), await createSection(testDb, { capacity: 1 })];
    const student = await createUser(testDb);
    expect((await enrollStudent(student.id, from.id)).ok).toBe(true);
    let start = await lastEventId();
    expect((await swapSection(student.id, to.id, from.id)).ok).toBe(true);
    expect(await eventsSince(start, [student.id])).toEqual([
      expect.objectContaining({
        kind: 'swapped',
        sectionId: to.id,
        fromSectionId: from.id,
        releasedAs: 'dropped',
        actorId: student.id,
      }),
    ]);

    // `to` is now full; a second student holding `from` waits for it with swapFrom, and the first one drops `to`.
    await testDb.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, to.id));
    const second = await createUser(testDb);
    expect((await enrollStudent(second.id, from.id)).ok).toBe(true);
    expect((await joinSectionWaitlist(second.id, to.id, from.id)).ok).toBe(true);
    start = await lastEventId();
    expect((await leaveSection(student.id, to.id)).ok).toBe(true);
    const events = await eventsSince(start, [student.id, second.id]);
    expect(events.map(pick)).toEqual([
      { kind: 'dropped', studentId: student.id, sectionId: to.id, actorId: student.id },
      { kind: 'promoted', studentId: second.id, sectionId: to.id, actorId: student.id },
    ]);
    expect(events[1]).toMatchObject({ fromSectionId: from.id, releasedAs: 'dropped', freedByEventId: events[0]!.id });
  });

  it('a promotion whose swapFrom seat was given up meanwhile is an ordinary promotion, still one event', async () => {
    const [from, to] = [await createSection(testDb, { capacity: 2 }), await createSection(testDb, { capacity: 1 })];
    await testDb.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, to.id));
    const [holder] = await fillSection(testDb, to.id, 1);
    const student = await createUser(testDb);
    expect((await enrollStudent(student.id, from.id)).ok).toBe(true);
    expect((await joinSectionWaitlist(student.id, to.id, from.id)).ok).toBe(true);
    expect((await leaveSection(student.id, from.id)).ok).toBe(true);
    const start = await lastEventId();
    await testDb.delete(enrollments).where(eq(enrollments.studentId, holder!.id));
    const events = await eventsSince(start, [student.id, holder!.id]);
    expect(events.map(pick)).toEqual([
      { kind: 'dropped', studentId: holder!.id, sectionId: to.id, actorId: null },
      { kind: 'promoted', studentId: student.id, sectionId: to.id, actorId: null },
    ]);
    expect(events[1]).toMatchObject({ fromSectionId: null, freedByEventId: events[0]!.id });
  });

  it('a refused swap and a refused waitlist join write nothing', async () => {
    const [from, full] = [await createSection(testDb, { capacity: 2 }), await createSection(testDb, { capacity: 1 })];
    await fillSection(testDb, full.id, 1);
    const student = await createUser(testDb);
    expect((await enrollStudent(student.id, from.id)).ok).toBe(true);
    const start = await lastEventId();
    expect(await swapSection(student.id, full.id, from.id)).toMatchObject({ ok: false, reason: 'section_full' });
    expect(await joinSectionWaitlist(student.id, full.id)).toMatchObject({ ok: false, reason: 'waitlist_full' });
    expect(await eventsSince(start, [student.id])).toEqual([]);
  });

  it('granting and revoking an override record the registrar', async () => {
    const section = await createSection(testDb);
    const [student, registrar] = [await createUser(testDb), await createUser(testDb, 'registrar')];
    const start = await lastEventId();
    const input = { studentId: student.id, sectionId: section.id, rule: 'credit_limit' as const, note: '' };
    expect((await grantOverrideFor(input, registrar.id)).ok).toBe(true);
    expect((await revokeOverrideFor(student.id, section.id, 'credit_limit', registrar.id)).ok).toBe(true);
    const events = await eventsSince(start, [student.id]);
    expect(events.map(pick)).toEqual([
      { kind: 'override_granted', studentId: student.id, sectionId: section.id, actorId: registrar.id },
      { kind: 'override_revoked', studentId: student.id, sectionId: section.id, actorId: registrar.id },
    ]);
    expect(events.map((e) => e.cause)).toEqual(['credit_limit', 'credit_limit']);
  });

  it('the actor lasts one transaction only: the next statement on the same connection records none', async () => {
    const section = await createSection(testDb, { capacity: 5 });
    const student = await createUser(testDb);
    const { client, close } = createDatabase(inject('databaseUrl'), { max: 1 });
    try {
      await client`SELECT set_config('curriculab.actor_id', ${String(student.id)}, true)`;
      await client`INSERT INTO enrollments (student_id, section_id) VALUES (${student.id}, ${section.id})`;
      const [row] = await client`SELECT actor_id FROM enrollment_events WHERE student_id = ${student.id}`;
      expect(row).toEqual({ actor_id: null });
    } finally {
      await close();
    }
  });
});

describe('the app role', () => {
  it('writes events through the triggers although it may not write the table itself', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    await testDb.update(sections).set({ waitlistCapacity: 2 }).where(eq(sections.id, section.id));
    const [student, waiting] = [await createUser(testDb), await createUser(testDb)];
    const { client, close } = createDatabase(inject('databaseUrl'), { max: 1 });
    try {
      await client`SET ROLE curriculab_app`;
      await client`INSERT INTO enrollments (student_id, section_id) VALUES (${student.id}, ${section.id})`;
      await client`SELECT waitlist_join(${section.id}, ${waiting.id}, NULL)`;
      await client`DELETE FROM enrollments WHERE student_id = ${student.id} AND section_id = ${section.id}`;
    } finally {
      await close();
    }
    expect((await eventsSince(0, [student.id, waiting.id])).map((e) => e.kind)).toEqual([
      'enrolled',
      'waitlisted',
      'dropped',
      'promoted',
    ]);
  });
});

describe('the history is append-only', () => {
  const code = (attempt: Promise<unknown>) =>
    attempt.then(
      () => 'allowed',
      (error: { code?: string; constraint_name?: string }) => `${error.code} ${error.constraint_name ?? ''}`.trim(),
    );

  it('UPDATE, DELETE and TRUNCATE are refused for the app role (no right) and for the owner (the trigger)', async () => {
    const section = await createSection(testDb, { capacity: 5 });
    const student = await createUser(testDb);
    await testDb.insert(enrollments).values({ studentId: student.id, sectionId: section.id });
    const { client, close } = createDatabase(inject('databaseUrl'), { max: 1 });
    try {
      const where = `WHERE student_id = ${student.id}`;
      expect(await code(client.unsafe(`UPDATE enrollment_events SET actor_id = 1 ${where}`))).toBe(
        '42501 enrollment_events_append_only',
      );
      expect(await code(client.unsafe(`DELETE FROM enrollment_events ${where}`))).toBe('42501 enrollment_events_append_only');
      expect(await code(client.unsafe(`TRUNCATE enrollment_events`))).toBe('42501 enrollment_events_append_only');
      await client`SET ROLE curriculab_app`;
      expect(await code(client.unsafe(`UPDATE enrollment_events SET actor_id = 1 ${where}`))).toBe('42501');
      expect(await code(client.unsafe(`DELETE FROM enrollment_events ${where}`))).toBe('42501');
      expect(await code(client.unsafe(`TRUNCATE enrollment_events`))).toBe('42501');
      // Nor can the app forge one: only the triggers write events.
      expect(
        await code(
          client.unsafe(
            `INSERT INTO enrollment_events (student_id, section_id, kind) VALUES (${student.id}, ${section.id}, 'dropped')`,
          ),
        ),
      ).toBe('42501');
    } finally {
      await close();
    }
    const [row] = await testDb.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM enrollment_events WHERE student_id = ${student.id}`,
    );
    expect(row!.n).toBe(1);
  });
});
