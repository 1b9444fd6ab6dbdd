/**
 * Priority registration under real races (issue 23, docs/decisions/0025): every round releases its connections
 * together (test/db.ts); the appointment, the reserved seats and the shared capacity are decided by the database in
 * the enrolling transaction.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enroll } from '../db/queries/enrollments';
import { findEnrollmentDrift, findHistoryDrift, findSeatPoolDrift, findWaitlistDrift } from '../db/queries/integrity';
import { joinWaitlist } from '../db/queries/waitlists';
import { race, tally, testDb } from './db';
import { createSection, createTerm, createUsers, fillSection } from '../testing/factories';
import { crossList, inDays, reserveSeats, seatHolders, setStanding, setWaitlist, waiting } from '../testing/priority';

const ROUNDS = [1, 2, 3];

async function expectNoDrift() {
  expect(await findEnrollmentDrift(testDb)).toEqual([]);
  expect(await findSeatPoolDrift(testDb)).toEqual([]);
  expect(await findWaitlistDrift(testDb)).toEqual([]);
  expect(await findHistoryDrift(testDb)).toEqual([]);
}

const outcome = (r: { ok: boolean; reason?: string }) => (r.ok ? 'enrolled' : (r.reason ?? 'refused'));

describe('an appointment opening while its students hammer Enroll', () => {
  it('no seat is taken before opens_at by the database clock, and every student gets one after', async () => {
    const term = await createTerm(testDb);
    const section = await createSection(testDb, { termId: term.id, capacity: 10 });
    const students = await createUsers(testDb, 10);
    const [{ opens_at: opensAt } = { opens_at: '' }] = await testDb.execute<{ opens_at: string }>(sql`
      INSERT INTO registration_appointments (student_id, term_id, opens_at)
      SELECT u, ${term.id}, now() + interval '4 seconds' FROM unnest(${`{${students.map((s) => s.id).join(',')}}`}::int[]) AS u
      RETURNING opens_at::text`);

    const tries = await race(students.length, async (db, i) => {
      const seen: string[] = [];
      const deadline = Date.now() + 9_000;
      while (Date.now() < deadline) {
        const result = await enroll(students[i]!.id, section.id, db, { duringRegistration: true });
        seen.push(outcome(result));
        if (result.ok) break;
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      return seen;
    });

    const [early] = await testDb.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM enrollments
       WHERE section_id = ${section.id} AND created_at < ${opensAt}::timestamptz`);
    expect(early!.n).toBe(0);
    // Every attempt before the seat was refused by the appointment, and each student holds exactly one seat.
    expect(tally(tries.map((seen) => seen.at(-1)!))).toEqual({ enrolled: 10 });
    expect(new Set(tries.flatMap((seen) => seen.slice(0, -1)))).toEqual(new Set(['appointment_not_reached']));
    expect(tries.every((seen) => seen.length > 1)).toBe(true);
    await expectNoDrift();
  }, 30_000);
});

describe('reserved seats raced', () => {
  it.for(ROUNDS)('5 non-members and 2 members for 1 unreserved and 2 reserved seats (round %i)', async () => {
    const section = await createSection(testDb, { capacity: 3 });
    await reserveSeats(testDb, section.id, 'senior', 2, inDays(5));
    const others = await createUsers(testDb, 5);
    const seniors = await createUsers(testDb, 2);
    await setStanding(
      testDb,
      seniors.map((s) => s.id),
      'senior',
    );
    const everyone = [...others, ...seniors];

    const results = await race(everyone.length, (db, i) => enroll(everyone[i]!.id, section.id, db));

    // The one unreserved seat goes to one non-member; the others find only reserved seats, or none once the
    // members have theirs (whichever commits first); both members always get a seat.
    const nonMembers = results.slice(0, 5).map(outcome);
    expect(nonMembers.filter((r) => r === 'enrolled')).toHaveLength(1);
    expect(nonMembers.filter((r) => r !== 'enrolled').every((r) => r === 'seats_reserved' || r === 'section_full')).toBe(true);
    expect(tally(results.slice(5).map(outcome))).toEqual({ enrolled: 2 });
    await expectNoDrift();
  });

  it.for(ROUNDS)('a release racing walk-ins while students wait: the waiting students get the seats (round %i)', async () => {
    const section = await createSection(testDb, { capacity: 3 });
    await setWaitlist(testDb, section.id, 10);
    const reservation = await reserveSeats(testDb, section.id, 'senior', 2, inDays(5));
    await fillSection(testDb, section.id, 1);
    const waiters = await createUsers(testDb, 3);
    for (const w of waiters) expect(await joinWaitlist(w.id, section.id, null, testDb)).toMatchObject({ ok: true });
    const walkIns = await createUsers(testDb, 6);

    const results = await race(walkIns.length + 1, async (db, i) => {
      if (i === 0) {
        await db.execute(sql`UPDATE section_reservations SET released_at = now() WHERE id = ${reservation}`);
        return 'released';
      }
      return outcome(await enroll(walkIns[i - 1]!.id, section.id, db));
    });

    expect(results.filter((r) => r === 'enrolled')).toEqual([]);
    const holders = await seatHolders(testDb, section.id);
    expect(holders).toEqual(expect.arrayContaining([waiters[0]!.id, waiters[1]!.id]));
    expect(holders.some((id) => walkIns.some((w) => w.id === id))).toBe(false);
    expect(await waiting(testDb, section.id)).toEqual([waiters[2]!.id]);
    await expectNoDrift();
  });
});

describe('cross-listed sections raced', () => {
  it.for(ROUNDS)('24 students across two sections sharing 10 seats: exactly 10 admitted (round %i)', async () => {
    const term = await createTerm(testDb);
    const a = await createSection(testDb, { termId: term.id, capacity: 8 });
    const b = await createSection(testDb, { termId: term.id, capacity: 8 });
    const list = await crossList(testDb, term.id, 10, [a.id, b.id]);
    const students = await createUsers(testDb, 24);

    const results = await race(students.length, (db, i) => enroll(students[i]!.id, i % 2 ? a.id : b.id, db));

    expect(tally(results.map(outcome))).toEqual({ enrolled: 10, section_full: 14 });
    const [row] = await testDb.execute<{ held: number }>(sql`SELECT held FROM cross_lists WHERE id = ${list}`);
    expect(row!.held).toBe(10);
    await expectNoDrift();
  });
});

describe('a section leaving a cross-list raced', () => {
  it('walk-ins into the other members never take the freed seats while a student of the list waits', async () => {
    const term = await createTerm(testDb);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createSection(testDb, { termId: term.id, capacity: 8 })));
    for (const s of [b, c]) await setWaitlist(testDb, s!.id, 10);
    await crossList(testDb, term.id, 4, [a!.id, b!.id, c!.id]);
    await fillSection(testDb, a!.id, 2);
    await fillSection(testDb, b!.id, 2);
    const waiters = await createUsers(testDb, 3);
    for (const [i, w] of waiters.entries()) {
      expect(await joinWaitlist(w.id, i % 2 ? c!.id : b!.id, null, testDb)).toMatchObject({ ok: true });
    }
    const walkIns = await createUsers(testDb, 6);

    const results = await race(walkIns.length + 1, async (db, i) => {
      if (i === 0) {
        await db.execute(sql`UPDATE sections SET cross_list_id = NULL WHERE id = ${a!.id}`);
        return 'left';
      }
      return outcome(await enroll(walkIns[i - 1]!.id, i % 2 ? b!.id : c!.id, db));
    });

    // A's 2 seats leave the list: the first two waiting students take them; the third still waits, so no walk-in enters.
    expect(results.filter((r) => r === 'enrolled')).toEqual([]);
    const holders = [...(await seatHolders(testDb, b!.id)), ...(await seatHolders(testDb, c!.id))];
    expect(holders).toEqual(expect.arrayContaining([waiters[0]!.id, waiters[1]!.id]));
    expect(holders.some((id) => walkIns.some((w) => w.id === id))).toBe(false);
    expect([...(await waiting(testDb, b!.id)), ...(await waiting(testDb, c!.id))]).toEqual([waiters[2]!.id]);
    await expectNoDrift();
  });
});
