/**
 * Priority registration (issue 23, docs/decisions/0025): appointments, reserved seats and cross-lists, each decided
 * by the database in the enrolling transaction, and the counters db:check compares.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeRefusal } from '../core/rules';
import { describePassedOver } from '../lib/domain/refusals';
import { classifyDbError } from '../db/errors';
import { drop, enroll, swap } from '../db/queries/enrollments';
import { findHistoryDrift, findSeatPoolDrift, findWaitlistDrift } from '../db/queries/integrity';
import { joinWaitlist } from '../db/queries/waitlists';
import { testDb } from './db';
import { createSection, createTerm, createUser, createUsers, fillSection } from '../testing/factories';
import {
  crossList,
  inDays,
  reserveSeats,
  seatHolders,
  setAppointment,
  setStanding,
  setWaitlist,
  waiting,
} from '../testing/priority';

async function expectNoDrift() {
  expect(await findSeatPoolDrift(testDb)).toEqual([]);
  expect(await findWaitlistDrift(testDb)).toEqual([]);
  expect(await findHistoryDrift(testDb)).toEqual([]);
}

async function sqlError(statement: Promise<unknown>) {
  try {
    await statement;
  } catch (error) {
    return error;
  }
  throw new Error('the statement was not refused');
}

describe('registration appointments', () => {
  it('refuse a seat before opens_at by the database clock, naming the time; admit it after', async () => {
    const term = await createTerm(testDb);
    const section = await createSection(testDb, { termId: term.id });
    const [early, late, none] = await createUsers(testDb, 3);
    await setAppointment(testDb, [early!.id], term.id, '2099-04-06T13:00:00Z');
    await setAppointment(testDb, [late!.id], term.id, inDays(-0.01));

    const refused = await enroll(early!.id, section.id, testDb, { duringRegistration: true });
    expect(refused).toMatchObject({
      ok: false,
      reason: 'appointment_not_reached',
      refusal: { rule: 'appointment_not_reached', detail: { sectionId: section.id } },
    });
    if (refused.ok || !refused.refusal) throw new Error('expected a refusal');
    expect(describeRefusal(refused.refusal)).toBe('Your registration opens Mon, Apr 6, 1:00 PM.');
    expect((await enroll(late!.id, section.id, testDb, { duringRegistration: true })).ok).toBe(true);
    expect((await enroll(none!.id, section.id, testDb, { duringRegistration: true })).ok).toBe(true);
  });

  it('refuse a direct INSERT and a waitlist join before opens_at, but not a registrar placing the student', async () => {
    const term = await createTerm(testDb);
    const full = await createSection(testDb, { termId: term.id, capacity: 1 });
    await setWaitlist(testDb, full.id, 5);
    await fillSection(testDb, full.id, 1);
    const open = await createSection(testDb, { termId: term.id });
    const student = await createUser(testDb);
    const registrar = await createUser(testDb, 'registrar');
    await setAppointment(testDb, [student.id], term.id, inDays(1));

    const direct = await sqlError(
      testDb.execute(sql`INSERT INTO enrollments (student_id, section_id) VALUES (${student.id}, ${open.id})`),
    );
    expect(classifyDbError(direct, 'enroll')).toBe('appointment_not_reached');
    expect(await joinWaitlist(student.id, full.id, null, testDb)).toMatchObject({ ok: false, reason: 'appointment_not_reached' });
    expect((await enroll(student.id, open.id, testDb, { actorId: registrar.id })).ok).toBe(true);
  });
});

describe('a swap before the appointment', () => {
  it('is refused as a whole: the student keeps the seat they hold', async () => {
    const term = await createTerm(testDb);
    const [from, to] = [await createSection(testDb, { termId: term.id }), await createSection(testDb, { termId: term.id })];
    const student = await createUser(testDb);
    const registrar = await createUser(testDb, 'registrar');
    expect((await enroll(student.id, from.id, testDb, { actorId: registrar.id })).ok).toBe(true);
    await setAppointment(testDb, [student.id], term.id, inDays(1));
    expect(await swap(student.id, from.id, to.id, 'drop', testDb)).toMatchObject({
      ok: false,
      reason: 'appointment_not_reached',
    });
    expect(await seatHolders(testDb, from.id)).toEqual([student.id]);
    expect(await seatHolders(testDb, to.id)).toEqual([]);
  });
});

describe('reserved seats', () => {
  it('go only to the group until released; a member may take an unreserved seat; others hear seats_reserved', async () => {
    const section = await createSection(testDb, { capacity: 4 });
    const seniors = await createUsers(testDb, 3);
    const others = await createUsers(testDb, 3);
    await setStanding(
      testDb,
      seniors.map((s) => s.id),
      'senior',
    );
    await setStanding(testDb, [others[0]!.id], 'junior');
    const until = inDays(5);
    await reserveSeats(testDb, section.id, 'senior', 2, until);

    expect((await enroll(others[0]!.id, section.id, testDb)).ok).toBe(true);
    expect((await enroll(others[1]!.id, section.id, testDb)).ok).toBe(true);
    const refused = await enroll(others[2]!.id, section.id, testDb);
    expect(refused).toMatchObject({
      ok: false,
      reason: 'seats_reserved',
      refusal: { rule: 'seats_reserved', detail: { group: 'seniors', seats: 2, releasedAt: expect.any(String) } },
    });
    if (refused.ok || !refused.refusal) throw new Error('expected a refusal');
    expect(describeRefusal(refused.refusal)).toMatch(/^The seats left in .+ are reserved for seniors until [A-Z][a-z]{2} \d+\.$/);
    expect((await enroll(seniors[0]!.id, section.id, testDb)).ok).toBe(true);
    expect((await enroll(seniors[1]!.id, section.id, testDb)).ok).toBe(true);
    expect(await enroll(seniors[2]!.id, section.id, testDb)).toMatchObject({ ok: false, reason: 'section_full' });
    await expectNoDrift();

    // A member's seat given back returns to the group.
    expect((await drop(seniors[0]!.id, section.id, testDb)).ok).toBe(true);
    expect(await enroll(others[2]!.id, section.id, testDb)).toMatchObject({ ok: false, reason: 'seats_reserved' });
    expect((await enroll(seniors[2]!.id, section.id, testDb)).ok).toBe(true);
    await expectNoDrift();
  });

  it('a member may take an unreserved seat once the group is full, and a non-member the unreserved ones', async () => {
    const section = await createSection(testDb, { capacity: 3 });
    const seniors = await createUsers(testDb, 2);
    await setStanding(
      testDb,
      seniors.map((s) => s.id),
      'senior',
    );
    await reserveSeats(testDb, section.id, 'senior', 1, inDays(5));
    for (const s of seniors) expect((await enroll(s.id, section.id, testDb)).ok).toBe(true);
    const other = await createUser(testDb);
    expect((await enroll(other.id, section.id, testDb)).ok).toBe(true);
    await expectNoDrift();
  });

  it('keeps the counter derived: a direct UPDATE and a reservation larger than the seats left are refused', async () => {
    const section = await createSection(testDb, { capacity: 3 });
    await fillSection(testDb, section.id, 2);
    const update = await sqlError(testDb.execute(sql`UPDATE sections SET reserved_open = 1 WHERE id = ${section.id}`));
    expect(classifyDbError(update, 'update_section')).toBe('enrolled_count_is_derived');
    const tooMany = await sqlError(reserveSeats(testDb, section.id, 'senior', 2, inDays(5)));
    expect(classifyDbError(tooMany, 'manage_reservations')).toBe('reservation_exceeds_free_seats');
    await reserveSeats(testDb, section.id, 'senior', 1, inDays(5));
    const lower = await sqlError(testDb.execute(sql`UPDATE sections SET capacity = 2 WHERE id = ${section.id}`));
    expect(classifyDbError(lower, 'update_section')).toBe('capacity_below_enrolled');
    await expectNoDrift();
  });

  it('a release is a freed seat: the registrar releasing early promotes the waitlist in order', async () => {
    const section = await createSection(testDb, { capacity: 3 });
    await setWaitlist(testDb, section.id, 5);
    const reservation = await reserveSeats(testDb, section.id, 'senior', 2, inDays(5));
    await fillSection(testDb, section.id, 1);
    const [first, second, third] = await createUsers(testDb, 3);
    for (const s of [first, second, third]) {
      expect(await joinWaitlist(s!.id, section.id, null, testDb)).toMatchObject({ ok: true });
    }
    await testDb.execute(sql`UPDATE section_reservations SET released_at = now() WHERE id = ${reservation}`);
    expect(await waiting(testDb, section.id)).toEqual([third!.id]);
    expect(await seatHolders(testDb, section.id)).toEqual(expect.arrayContaining([first!.id, second!.id]));
    // The outbox (docs/decisions/0026): the promoted hear of their seat, the one still waiting of the release.
    const notices = await testDb.execute<{ student_id: number; kind: string }>(
      sql`SELECT student_id, kind FROM notifications WHERE section_id = ${section.id} ORDER BY student_id, kind`,
    );
    expect(notices.map((n) => [n.student_id, n.kind])).toEqual([
      [first!.id, 'promoted'],
      [second!.id, 'promoted'],
      [third!.id, 'reserved_released'],
    ]);
    await expectNoDrift();
  });

  it('a released_at that passes is applied by the sweep, which promotes the waitlist', async () => {
    const section = await createSection(testDb, { capacity: 2 });
    await setWaitlist(testDb, section.id, 5);
    await reserveSeats(testDb, section.id, 'senior', 1, new Date(Date.now() + 1500).toISOString());
    await fillSection(testDb, section.id, 1);
    const student = await createUser(testDb);
    expect(await joinWaitlist(student.id, section.id, null, testDb)).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const [swept] = await testDb.execute<{ n: number }>(sql`SELECT section_reservations_release_due() AS n`);
    expect(swept!.n).toBeGreaterThanOrEqual(1);
    expect(await seatHolders(testDb, section.id)).toContain(student.id);
    expect(await waiting(testDb, section.id)).toEqual([]);
    await expectNoDrift();
  });
});

describe('cross-lists', () => {
  it('share one capacity (the contract writes), answer section_full naming the sections that share it', async () => {
    const term = await createTerm(testDb);
    const a = await createSection(testDb, { termId: term.id, capacity: 5 });
    const b = await createSection(testDb, { termId: term.id, capacity: 5 });
    await fillSection(testDb, a.id, 1);
    await crossList(testDb, term.id, 3, [a.id, b.id]);
    await fillSection(testDb, b.id, 2);
    const student = await createUser(testDb);
    const refused = await enroll(student.id, a.id, testDb);
    expect(refused).toMatchObject({ ok: false, reason: 'section_full', refusal: { detail: { sharedWith: expect.any(Array) } } });
    if (refused.ok || !refused.refusal) throw new Error('expected a refusal');
    expect(describeRefusal(refused.refusal)).toMatch(/share one capacity/);
    await expectNoDrift();
  });

  it('refuses a member from another term, a capacity below the seats held, and a direct write of the count', async () => {
    const term = await createTerm(testDb);
    const a = await createSection(testDb, { termId: term.id, capacity: 5 });
    const other = await createSection(testDb, { capacity: 5 });
    await fillSection(testDb, a.id, 2);
    const list = await crossList(testDb, term.id, 3, [a.id]);
    const wrongTerm = await sqlError(testDb.execute(sql`UPDATE sections SET cross_list_id = ${list} WHERE id = ${other.id}`));
    expect(classifyDbError(wrongTerm, 'update_section')).toBe('cross_list_other_term');
    const low = await sqlError(testDb.execute(sql`UPDATE cross_lists SET capacity = 1 WHERE id = ${list}`));
    expect(classifyDbError(low, 'manage_cross_lists')).toBe('cross_list_over_capacity');
    const direct = await sqlError(testDb.execute(sql`UPDATE cross_lists SET held = 0 WHERE id = ${list}`));
    expect(classifyDbError(direct, 'manage_cross_lists')).toBe('enrolled_count_is_derived');
    await expectNoDrift();
  });

  it('a freed seat in one member promotes the earliest waiting student of the whole cross-list', async () => {
    const term = await createTerm(testDb);
    const a = await createSection(testDb, { termId: term.id, capacity: 5 });
    const b = await createSection(testDb, { termId: term.id, capacity: 5 });
    await setWaitlist(testDb, a.id, 5);
    await setWaitlist(testDb, b.id, 5);
    await crossList(testDb, term.id, 2, [a.id, b.id]);
    const [inA] = await fillSection(testDb, a.id, 1);
    await fillSection(testDb, b.id, 1);
    const [earliest, later] = await createUsers(testDb, 2);
    expect(await joinWaitlist(earliest!.id, b.id, null, testDb)).toMatchObject({ ok: true });
    expect(await joinWaitlist(later!.id, a.id, null, testDb)).toMatchObject({ ok: true });

    expect((await drop(inA!.id, a.id, testDb)).ok).toBe(true);
    expect(await seatHolders(testDb, b.id)).toContain(earliest!.id);
    expect(await waiting(testDb, a.id)).toEqual([later!.id]);
    await expectNoDrift();
  });
});

describe('a section leaving a cross-list', () => {
  it('frees the seats it held: the list promotes its earliest waiting student, the section its own waitlist', async () => {
    const term = await createTerm(testDb);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createSection(testDb, { termId: term.id, capacity: 5 })));
    for (const s of [a!, b!, c!]) await setWaitlist(testDb, s.id, 5);
    const list = await crossList(testDb, term.id, 2, [a!.id, b!.id, c!.id]);
    await fillSection(testDb, a!.id, 1);
    await fillSection(testDb, b!.id, 1);
    const [onA, earliest, later] = await createUsers(testDb, 3);
    expect(await joinWaitlist(onA!.id, a!.id, null, testDb)).toMatchObject({ ok: true });
    expect(await joinWaitlist(earliest!.id, c!.id, null, testDb)).toMatchObject({ ok: true });
    expect(await joinWaitlist(later!.id, b!.id, null, testDb)).toMatchObject({ ok: true });

    await testDb.execute(sql`UPDATE sections SET cross_list_id = NULL WHERE id = ${a!.id}`);
    expect(await seatHolders(testDb, a!.id)).toContain(onA!.id);
    expect(await seatHolders(testDb, c!.id)).toEqual([earliest!.id]);
    expect(await waiting(testDb, b!.id)).toEqual([later!.id]);
    // The shared capacity raised: the next one in line.
    await testDb.execute(sql`UPDATE cross_lists SET capacity = 3 WHERE id = ${list}`);
    expect(await seatHolders(testDb, b!.id)).toContain(later!.id);
    await expectNoDrift();
  });
});

describe('two shared seats freed at once', () => {
  it('go to the two earliest waiting students of the whole list, not to one member’s first two', async () => {
    const term = await createTerm(testDb);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createSection(testDb, { termId: term.id, capacity: 5 })));
    for (const s of [b!, c!]) await setWaitlist(testDb, s.id, 5);
    await crossList(testDb, term.id, 2, [a!.id, b!.id, c!.id]);
    await fillSection(testDb, a!.id, 2);
    const [first, second, third] = await createUsers(testDb, 3);
    expect(await joinWaitlist(first!.id, b!.id, null, testDb)).toMatchObject({ ok: true });
    expect(await joinWaitlist(second!.id, c!.id, null, testDb)).toMatchObject({ ok: true });
    expect(await joinWaitlist(third!.id, b!.id, null, testDb)).toMatchObject({ ok: true });

    await testDb.execute(sql`UPDATE sections SET cross_list_id = NULL WHERE id = ${a!.id}`);
    expect(await seatHolders(testDb, b!.id)).toEqual([first!.id]);
    expect(await seatHolders(testDb, c!.id)).toEqual([second!.id]);
    expect(await waiting(testDb, b!.id)).toEqual([third!.id]);
    await expectNoDrift();
  });
});

describe('a waiting student passed over for reserved seats', () => {
  it('keeps their place with the reason, and gets the seat when the reservation is released', async () => {
    const section = await createSection(testDb, { capacity: 3 });
    await setWaitlist(testDb, section.id, 5);
    const reservation = await reserveSeats(testDb, section.id, 'senior', 1, inDays(5));
    await fillSection(testDb, section.id, 2);
    const waiter = await createUser(testDb);
    expect(await joinWaitlist(waiter.id, section.id, null, testDb)).toMatchObject({ ok: true });
    const senior = await createUser(testDb);
    await setStanding(testDb, [senior.id], 'senior');
    expect((await enroll(senior.id, section.id, testDb, { actorId: null })).ok).toBe(true);
    // The senior's seat goes back to the seniors: the promotion passes the waiting student over, saying why.
    expect((await drop(senior.id, section.id, testDb)).ok).toBe(true);
    const [entry] = await testDb.execute<{ reason: string | null; detail: string | null }>(sql`
      SELECT passed_over_reason AS reason, passed_over_detail AS detail FROM waitlist_entries WHERE section_id = ${section.id}`);
    expect(entry!.reason).toBe('seats_reserved');
    expect(describePassedOver(entry!.reason!, entry!.detail)).toMatch(/reserved for seniors until/);
    await testDb.execute(sql`UPDATE section_reservations SET released_at = now() WHERE id = ${reservation}`);
    expect(await seatHolders(testDb, section.id)).toContain(waiter.id);
    expect(await waiting(testDb, section.id)).toEqual([]);
    await expectNoDrift();
  });
});

describe('db:check on the new counters', () => {
  it('finds a reserved-seat or cross-list counter that no longer matches what it counts', async () => {
    const term = await createTerm(testDb);
    const section = await createSection(testDb, { termId: term.id, capacity: 5 });
    await reserveSeats(testDb, section.id, 'senior', 2, inDays(5));
    const list = await crossList(testDb, term.id, 5, [section.id]);
    await fillSection(testDb, section.id, 1);
    expect(await findSeatPoolDrift(testDb)).toEqual([]);
    // Written past the triggers, as a restore or a bug would.
    await testDb.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE sections SET reserved_open = 0 WHERE id = ${section.id}`);
      await tx.execute(sql`UPDATE cross_lists SET held = 3 WHERE id = ${list}`);
    });
    expect(await findSeatPoolDrift(testDb)).toEqual([
      { kind: 'cross_list_held', id: list, stored: 3, expected: 1 },
      { kind: 'reserved_open', id: section.id, stored: 0, expected: 2 },
    ]);
    await testDb.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE sections SET reserved_open = 2 WHERE id = ${section.id}`);
      await tx.execute(sql`UPDATE cross_lists SET held = 1 WHERE id = ${list}`);
    });
    expect(await findSeatPoolDrift(testDb)).toEqual([]);
  });
});
