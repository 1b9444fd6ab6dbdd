/**
 * The role the app connects as in production (drizzle/0003_security.sql, README "Security"): it reads and writes
 * rows through the app's statements, and cannot alter tables, disable triggers, write enrolled_count or a role.
 */
import { inject, describe, expect, it } from 'vitest';
import { createDatabase } from '../db/client';
import { testDb } from './db';
import { createSection, createUser } from '../testing/factories';

/** One connection (so SET ROLE holds for every statement), acting as the app role. */
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
    (error: { code?: string }) => error.code,
  );

describe('the app role', () => {
  it('cannot alter a table, disable a trigger, write enrolled_count or change a role or password', async () => {
    const section = await createSection(testDb);
    const user = await createUser(testDb, 'student');
    await asAppRole(async (sql) => {
      expect(await refusal(sql`ALTER TABLE sections DROP CONSTRAINT sections_enrolled_count_within_capacity`)).toBe('42501');
      expect(await refusal(sql`ALTER TABLE sections DISABLE TRIGGER sections_guard_enrolled_count`)).toBe('42501');
      expect(await refusal(sql`ALTER TABLE enrollments DISABLE TRIGGER ALL`)).toBe('42501');
      expect(await refusal(sql`UPDATE sections SET enrolled_count = 0 WHERE id = ${section.id}`)).toBe('42501');
      expect(await refusal(sql`UPDATE users SET role = 'registrar' WHERE id = ${user.id}`)).toBe('42501');
      expect(await refusal(sql`UPDATE users SET password_hash = 'x' WHERE id = ${user.id}`)).toBe('42501');
      expect(await refusal(sql`CREATE TABLE sneaky (id int)`)).toBe('42501');
    });
  });

  it('does what the app does: enroll and drop (the trigger keeps the count), edit a section, end sessions, count failures', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    const [student, other] = [await createUser(testDb), await createUser(testDb)];
    await asAppRole(async (sql) => {
      await sql`INSERT INTO enrollments (student_id, section_id) VALUES (${student.id}, ${section.id})`;
      expect(await refusal(sql`INSERT INTO enrollments (student_id, section_id) VALUES (${other.id}, ${section.id})`)).toBe(
        '23514',
      );
      await sql`DELETE FROM enrollments WHERE student_id = ${student.id} AND section_id = ${section.id}`;
      await sql`UPDATE sections SET capacity = 5, location = 'Elsewhere' WHERE id = ${section.id}`;
      await sql`UPDATE users SET session_version = session_version + 1 WHERE id = ${student.id}`;
      await sql`INSERT INTO sign_in_failures (scope, key) VALUES ('account', ${`role-test-${student.id}`})`;
      const [row] = await sql<{ enrolled_count: number; capacity: number }[]>`
        SELECT enrolled_count, capacity FROM sections WHERE id = ${section.id}`;
      expect(row).toEqual({ enrolled_count: 0, capacity: 5 });
    });
  });
});
