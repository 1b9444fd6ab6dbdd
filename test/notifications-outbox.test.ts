/** The outbox is written by the database in the transaction that causes the notice (docs/decisions/0026). */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { drop } from '../db/queries/enrollments';
import { liftHold, placeHold } from '../db/queries/holds';
import { replaceSectionMeetings } from '../db/queries/meetings';
import { joinWaitlist } from '../db/queries/waitlists';
import { enrollmentEvents, notificationOptOuts, notifications, sections } from '../db/schema';
import { createSection, createUser, createUsers, fillSection } from '../testing/factories';
import { race, testDb } from './db';
import { MWF } from './rules-helpers';
import { describeNotice } from '../lib/notifications/compose';

async function noticesOf(studentIds: number[]) {
  return testDb.select().from(notifications).where(inArray(notifications.studentId, studentIds)).orderBy(asc(notifications.id));
}

async function waitlistedSection(waiting: number) {
  const section = await createSection(testDb, { capacity: 1 });
  await testDb.update(sections).set({ waitlistCapacity: 10 }).where(eq(sections.id, section.id));
  const [holder] = await fillSection(testDb, section.id, 1);
  const waiters = await createUsers(testDb, waiting);
  for (const w of waiters) expect((await joinWaitlist(w.id, section.id, null, testDb)).ok).toBe(true);
  return { section, holder: holder!, waiters };
}

describe('notifications written in the causing transaction', () => {
  it('a promotion writes exactly one notice, naming its history event; the student who dropped gets none', async () => {
    const { section, holder, waiters } = await waitlistedSection(2);
    expect((await drop(holder.id, section.id, testDb)).ok).toBe(true);

    const [promotedEvent] = await testDb
      .select()
      .from(enrollmentEvents)
      .where(and(eq(enrollmentEvents.studentId, waiters[0]!.id), eq(enrollmentEvents.kind, 'promoted')));
    const notices = await noticesOf([holder.id, ...waiters.map((w) => w.id)]);
    expect(notices.map((n) => [n.studentId, n.kind, n.sectionId, n.eventId, n.mail, n.sentAt])).toEqual([
      [waiters[0]!.id, 'promoted', section.id, promotedEvent!.id, true, null],
    ]);
  });

  it('20 holders drop at once with 30 waiting: 20 promotions, exactly one notice each, each naming its own event', async () => {
    const section = await createSection(testDb, { capacity: 20 });
    await testDb.update(sections).set({ waitlistCapacity: 40 }).where(eq(sections.id, section.id));
    const holders = await fillSection(testDb, section.id, 20);
    const waiters = await createUsers(testDb, 30);
    for (const w of waiters) expect((await joinWaitlist(w.id, section.id, null, testDb)).ok).toBe(true);

    const results = await race(20, (db, i) => drop(holders[i]!.id, section.id, db));
    expect(results.every((r) => r.ok)).toBe(true);

    const notices = await noticesOf([...holders, ...waiters].map((s) => s.id));
    const events = await testDb
      .select()
      .from(enrollmentEvents)
      .where(and(eq(enrollmentEvents.sectionId, section.id), eq(enrollmentEvents.kind, 'promoted')));
    expect(notices.map((n) => n.studentId).sort()).toEqual(
      waiters
        .slice(0, 20)
        .map((w) => w.id)
        .sort(),
    );
    expect(notices.every((n) => n.kind === 'promoted')).toBe(true);
    expect(new Set(notices.map((n) => n.eventId))).toEqual(new Set(events.map((e) => e.id)));
  });

  it('a promotion that releases a swap seat says which seat went', async () => {
    const { section, holder, waiters } = await waitlistedSection(0);
    const other = await createSection(testDb, { capacity: 5 });
    const [swapper] = await fillSection(testDb, other.id, 1);
    expect((await joinWaitlist(swapper!.id, section.id, other.id, testDb)).ok).toBe(true);
    expect((await drop(holder.id, section.id, testDb)).ok).toBe(true);
    const [notice] = await noticesOf([swapper!.id, ...waiters.map((w) => w.id)]);
    expect([notice!.kind, notice!.detail]).toEqual(['promoted', { fromSectionId: other.id, releasedAs: 'dropped' }]);
    const [row] = await testDb.execute<{ label: string }>(sql`SELECT section_label(${other.id}) AS label`);
    const label = row!.label;
    const { body } = describeNotice({
      ...notice!,
      detail: notice!.detail as Record<string, unknown>,
      section: 'X',
      fromSection: label,
    });
    expect(body).toContain(`your seat in ${label} was released (dropped)`);
  });

  it('a rolled-back promotion leaves no notice (it was there inside the transaction)', async () => {
    const { section, holder, waiters } = await waitlistedSection(1);
    const inside = await testDb
      .transaction(async (tx) => {
        expect((await drop(holder.id, section.id, tx)).ok).toBe(true);
        const seen = await tx.select().from(notifications).where(eq(notifications.studentId, waiters[0]!.id));
        tx.rollback();
        return seen;
      })
      .catch((error: unknown) => error);
    expect(inside).toBeInstanceOf(Error);
    expect(await noticesOf([waiters[0]!.id])).toEqual([]);
  });

  it('a student passed over hears why; the next in line is promoted', async () => {
    const { section, holder, waiters } = await waitlistedSection(2);
    expect((await placeHold(waiters[0]!.id, 'Library fine', null, testDb)).ok).toBe(true);
    expect((await drop(holder.id, section.id, testDb)).ok).toBe(true);
    const notices = await noticesOf(waiters.map((w) => w.id));
    expect(notices.map((n) => [n.studentId, n.kind, n.detail])).toEqual([
      [waiters[0]!.id, 'passed_over', { reason: 'registration_hold' }],
      [waiters[1]!.id, 'promoted', {}],
    ]);
  });

  it('a registrar dropping a student tells them; dropping yourself does not', async () => {
    const section = await createSection(testDb, { capacity: 5 });
    const [self, dropped] = await fillSection(testDb, section.id, 2);
    const registrar = await createUser(testDb, 'registrar');
    expect((await drop(self!.id, section.id, testDb)).ok).toBe(true);
    expect((await drop(dropped!.id, section.id, testDb, registrar.id)).ok).toBe(true);
    const notices = await noticesOf([self!.id, dropped!.id]);
    expect(notices.map((n) => [n.studentId, n.kind, n.detail])).toEqual([
      [dropped!.id, 'dropped_by_registrar', { as: 'dropped' }],
    ]);
    expect(notices[0]!.eventId).not.toBeNull();
  });

  it('meetings replaced in one transaction are one notice per seat holder; an opted-out student is not mailed', async () => {
    const section = await createSection(testDb, { capacity: 5, meetings: MWF('09:00', '09:50') });
    const holders = await fillSection(testDb, section.id, 2);
    await testDb.insert(notificationOptOuts).values({ studentId: holders[1]!.id, kind: 'section_changed' });
    expect((await replaceSectionMeetings(section.id, MWF('10:00', '10:50'), testDb)).ok).toBe(true);
    const notices = await noticesOf(holders.map((h) => h.id));
    expect(notices.map((n) => [n.studentId, n.kind, n.sectionId, n.mail])).toEqual([
      [holders[0]!.id, 'section_changed', section.id, true],
      [holders[1]!.id, 'section_changed', section.id, false],
    ]);

    await testDb.update(sections).set({ location: 'Elsewhere 2' }).where(eq(sections.id, section.id));
    const moved = (await noticesOf([holders[0]!.id])).at(-1)!;
    expect(moved.detail).toEqual({ locationFrom: 'Test Hall 101', locationTo: 'Elsewhere 2' });
  });

  it('a lifted hold is a notice; promotion and pass-over cannot be opted out of', async () => {
    const student = await createUser(testDb);
    const placed = await placeHold(student.id, 'Unpaid fees', null, testDb);
    if (!placed.ok) throw new Error(placed.reason);
    expect(await liftHold(placed.value.id, student.id, null, testDb)).toBe(true);
    const [notice] = await noticesOf([student.id]);
    expect([notice!.kind, notice!.detail]).toEqual([
      'hold_lifted',
      { holdId: placed.value.id, reason: 'Unpaid fees', holdsLeft: 0 },
    ]);

    const refused = await testDb
      .insert(notificationOptOuts)
      .values({ studentId: student.id, kind: 'promoted' })
      .catch((error: { cause?: { constraint_name?: string } }) => error.cause?.constraint_name);
    expect(refused).toBe('notification_opt_outs_non_essential');
  });

  it('the app role cannot write a notice itself, only mark one read or sent', async () => {
    const student = await createUser(testDb);
    const attempt = await testDb
      .transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL ROLE curriculab_app`);
        await tx.insert(notifications).values({ studentId: student.id, kind: 'promoted' });
      })
      .catch((error: { cause?: { code?: string } }) => error.cause?.code);
    expect(attempt).toBe('42501');
  });
});
