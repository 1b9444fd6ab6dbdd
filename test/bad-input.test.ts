import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../db/client';
import { drop, enroll, withdraw } from '../db/queries/enrollments';
import { sections } from '../db/schema';
import { testDb } from './db';
import { createSection, createUser } from './factories';
import { allowConsoleErrors } from './setup';

const run = promisify(execFile);
const UNKNOWN_ID = 2_000_000_000;

describe('bad input gets a clear answer', () => {
  it('an unknown section or student id is named as such', async () => {
    const student = await createUser(testDb);
    const section = await createSection(testDb);
    expect(await enroll(student.id, UNKNOWN_ID)).toEqual({ ok: false, reason: 'section_not_found' });
    expect(await enroll(UNKNOWN_ID, section.id)).toEqual({ ok: false, reason: 'student_not_found' });
    expect(await drop(student.id, UNKNOWN_ID)).toEqual({ ok: false, reason: 'section_not_found' });
    expect(await withdraw(student.id, UNKNOWN_ID)).toEqual({ ok: false, reason: 'section_not_found' });
  });

  it('a negative capacity is refused by the database', async () => {
    const section = await createSection(testDb);
    await expect(
      testDb.insert(sections).values({ courseId: section.courseId, termId: section.termId, code: 'NEG', capacity: -1 }),
    ).rejects.toMatchObject({ cause: { code: '23514', constraint_name: 'sections_capacity_nonnegative' } });
  });

  it('an unreachable database is "unavailable", not a crash', async () => {
    const unreachable = createDatabase('postgres://nobody:secret@127.0.0.1:1/none', { connectTimeoutSeconds: 2 });
    try {
      expect(await enroll(1, 1, unreachable.db)).toEqual({ ok: false, reason: 'unavailable' });
      expect(await drop(1, 1, unreachable.db)).toEqual({ ok: false, reason: 'unavailable' });
    } finally {
      await unreachable.close();
    }
  });

  it('an unexpected database error is logged and answered generically', async () => {
    allowConsoleErrors();
    const { db, close } = createDatabase(process.env.DATABASE_URL!);
    try {
      expect(await enroll(1.5, 1, db)).toEqual({ ok: false, reason: 'unexpected' });
    } finally {
      await close();
    }
  });

  it('db:migrate against an unreachable server prints one line naming host and port, and exits 1', async () => {
    const failure = await run('npx', ['tsx', '--conditions=react-server', 'db/migrate.ts'], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    const { stdout, stderr } = failure as { stdout: string; stderr: string };
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      'db:migrate failed for PostgreSQL at 127.0.0.1:1/none: connection refused: is PostgreSQL running there?',
    );
  });
});
