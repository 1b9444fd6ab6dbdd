/**
 * db/sql is the current definition of every hand-written function, trigger and type (docs/decisions/0017): the
 * migrated database must agree with it, object for object, and the triggers must fire in the order the rules
 * were written for.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrateDatabase } from '../db/tooling/migrate';
import { compareSqlSource, describeDifferences, migrationFromDifferences, readSqlSource } from '../db/tooling/sql-source';
import { createDatabaseOn, type ThrowawayDatabase } from '../db/tooling/throwaway-database';

// A database of its own, migrated as the suite's is: a comparison applies every file in a transaction it rolls back,
// and that holds locks on the tables the test files running beside this one enroll into (a deadlock, seen).
let database: ThrowawayDatabase;
let sql: postgres.Sql;
beforeAll(async () => {
  database = await createDatabaseOn(inject('databaseUrl'));
  await migrateDatabase(database.url);
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

describe('db/sql, the database behaviour as source', () => {
  it('agrees with the migrated database: no object without a file, no file without an object, no difference', async () => {
    const differences = await compareSqlSource(sql);
    expect(describeDifferences(differences)).toBe('');
    expect(migrationFromDifferences(differences)).toBe('');
  });

  it('notices a changed body, a file with no object, and an object with no file', async () => {
    const files = readSqlSource();
    const section = files.find((f) => f.name === 'section_label')!;
    const changed = { ...section, sql: section.sql.replace("'-'", "' - '") };
    const extra = {
      ...section,
      name: 'section_label_twice',
      sql: section.sql.replace('FUNCTION section_label(', 'FUNCTION section_label_twice('),
    };
    const without = files.filter((f) => f.name !== 'curriculab_actor' && f !== section);
    const differences = await compareSqlSource(sql, [...without, changed, extra]);
    expect(differences.map((d) => `${d.kind} ${d.name} ${d.problem}`).sort()).toEqual([
      'function curriculab_actor() no_file',
      'function section_label differs',
      'function section_label_twice not_in_database',
    ]);
    // Nothing of the comparison stays behind.
    expect(await compareSqlSource(sql)).toEqual([]);
    const migration = migrationFromDifferences(differences, [...without, changed, extra]);
    expect(migration).toContain("' - '");
    expect(migration).toContain('DROP FUNCTION curriculab_actor();');
  });

  it('fires the triggers of enrollments, sections and waitlist_entries in the stated order', async () => {
    // PostgreSQL fires row triggers of one timing in name order; this list is the order the rules rely on
    // (docs/decisions/0017 explains each step). A renamed or added trigger must be placed here on purpose.
    const rows = await sql<{ table: string; timing: string; name: string }[]>`
      SELECT c.relname AS table,
             CASE WHEN t.tgtype & 2 = 2 THEN 'before' WHEN t.tgtype & 64 = 64 THEN 'instead' ELSE 'after' END AS timing,
             t.tgname AS name
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE NOT t.tgisinternal AND c.relname IN ('enrollments', 'sections', 'waitlist_entries')
       ORDER BY c.relname, CASE WHEN t.tgtype & 2 = 2 THEN 0 ELSE 1 END, t.tgname COLLATE "C"`;
    expect(rows.map((r) => `${r.table} ${r.timing} ${r.name}`)).toEqual([
      'enrollments before enrollments_lock_section_first',
      'enrollments before enrollments_touch_updated_at',
      'enrollments after enrollments_apply_registration_rules',
      'enrollments after enrollments_complete_set',
      'enrollments after enrollments_maintain_enrolled_count',
      'enrollments after enrollments_record_event',
      'enrollments after enrollments_waitlist_follow_seats',
      'sections before sections_guard_course_term',
      'sections before sections_guard_enrolled_count',
      'sections before sections_guard_reserved_open',
      'sections before sections_guard_structure',
      'sections before sections_join_cross_list',
      'sections after sections_capacity_promotes_waitlist',
      'sections after sections_complete_sets',
      // After its own capacity's promotion: a section leaving a cross-list frees the list's seats (docs/decisions/0025).
      'sections after sections_leave_cross_list_promotes',
      'sections after sections_notify_location_changed',
      'waitlist_entries before waitlist_entries_position_issued',
      'waitlist_entries after waitlist_entries_record_change',
      'waitlist_entries after waitlist_entries_record_event',
    ]);
  });
});
