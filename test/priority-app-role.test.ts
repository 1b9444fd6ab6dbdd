/**
 * Priority registration as the role the app connects as (drizzle/0004_security.sql): reserved seats, a release, the
 * sweep and a cross-list all work through the app's statements; the derived counters stay out of its reach.
 */
import { inject, describe, expect, it } from 'vitest';
import { createDatabase } from '../db/client';
import { testDb } from './db';
import { createSection, createTerm, createUser, fillSection } from '../testing/factories';
import { seatHolders, setStanding, setWaitlist } from '../testing/priority';

async function asAppRole<T>(work: (sql: ReturnType<typeof createDatabase>['client']) => Promise<T>): Promise<T> {
  const { client, close } = createDatabase(inject('databaseUrl'), { max: 1 });
  try {
    await client`SET ROLE curriculab_app`;
    return await work(client);
  } finally {
    await close();
  }
}

const refusal = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'allowed',
    (error: { code?: string; constraint_name?: string }) => `${error.code} ${error.constraint_name ?? ''}`.trim(),
  );

describe('the app role and priority registration', () => {
  it('reserves, enrolls a member, refuses a non-member, releases to the waitlist, sweeps, cross-lists', async () => {
    const term = await createTerm(testDb);
    const section = await createSection(testDb, { termId: term.id, capacity: 2 });
    const partner = await createSection(testDb, { termId: term.id, capacity: 2 });
    await setWaitlist(testDb, section.id, 5);
    const [senior, other, waiter] = [await createUser(testDb), await createUser(testDb), await createUser(testDb)];
    await setStanding(testDb, [senior.id], 'senior');
    await fillSection(testDb, section.id, 0);
    await asAppRole(async (sql) => {
      const [r] = await sql<{ id: number }[]>`
        INSERT INTO section_reservations (section_id, class_standing, seats, released_at)
        VALUES (${section.id}, 'senior', 1, now() + interval '5 days') RETURNING id`;
      await sql`INSERT INTO enrollments (student_id, section_id) VALUES (${other.id}, ${section.id})`;
      expect(await refusal(sql`INSERT INTO enrollments (student_id, section_id) VALUES (${waiter.id}, ${section.id})`)).toBe(
        '23514 sections_reserved_seats_within_capacity',
      );
      await sql`SELECT * FROM waitlist_join(${section.id}, ${waiter.id}, NULL)`;
      await sql`UPDATE section_reservations SET released_at = now() WHERE id = ${r!.id}`;
      await sql`SELECT section_reservations_release_due()`;
      expect(await refusal(sql`UPDATE sections SET reserved_open = 0 WHERE id = ${section.id}`)).toBe('42501');

      const [list] = await sql<{ id: number }[]>`
        INSERT INTO cross_lists (term_id, code, capacity) VALUES (${term.id}, 'XL-ROLE', 3) RETURNING id`;
      await sql`UPDATE sections SET cross_list_id = ${list!.id} WHERE id IN (${section.id}, ${partner.id})`;
      await sql`INSERT INTO enrollments (student_id, section_id) VALUES (${senior.id}, ${partner.id})`;
      expect(await refusal(sql`UPDATE cross_lists SET held = 0 WHERE id = ${list!.id}`)).toBe('23514 cross_lists_held_derived');
    });
    expect(await seatHolders(testDb, section.id)).toEqual([other.id, waiter.id].sort((a, b) => a - b));
  });
});
