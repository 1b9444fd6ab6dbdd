import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { createDatabase } from '../db/client';
import { drop, enroll, withdraw } from '../db/queries/enrollments';
import { failureFromThrown, refusalOrThrow } from '../db/errors';
import { sections } from '../db/schema';
import { testDb } from './db';
import { createSection, createUser } from '../testing/factories';
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

  // Queries throw what is not a business refusal; the request pipeline answers it (docs/decisions/0007).
  const thrown = (attempt: Promise<unknown>) =>
    attempt.then(
      () => expect.fail('expected a throw'),
      (error: unknown) => error,
    );

  it('an unreachable database is "unavailable", not a crash', async () => {
    const unreachable = createDatabase('postgres://nobody:secret@127.0.0.1:1/none', { connectTimeoutSeconds: 2 });
    try {
      expect(failureFromThrown(await thrown(enroll(1, 1, unreachable.db)))).toEqual('unavailable');
      expect(failureFromThrown(await thrown(drop(1, 1, unreachable.db)))).toEqual('unavailable');
    } finally {
      await unreachable.close();
    }
  });

  it('an unexpected database error is logged and answered generically', async () => {
    allowConsoleErrors();
    const { db, close } = createDatabase(process.env.DATABASE_URL!);
    const logged = vi.mocked(console.error);
    try {
      expect(failureFromThrown(await thrown(enroll(1.5, 1, db)))).toEqual('unexpected');
      expect(logged).toHaveBeenCalledWith(
        expect.stringContaining('unexpected failure'),
        expect.anything(),
        expect.anything(),
        expect.anything(),
      );
    } finally {
      await close();
    }
  });

  it('a known refusal on a statement not built to produce it is thrown on, not silently answered', async () => {
    const section = await createSection(testDb);
    const error = await thrown(
      testDb.insert(sections).values({ courseId: section.courseId, termId: section.termId, code: section.code, capacity: 1 }),
    );
    expect(() => refusalOrThrow(error, 'update_section', ['capacity_below_enrolled'] as const)).toThrow();
    expect(refusalOrThrow(error, 'create_section', ['duplicate_section_code'] as const)).toBe('duplicate_section_code');
  });

  it('db:migrate against an unreachable server prints one line naming host and port, and exits 1', async () => {
    const failure = await run('npx', ['tsx', '--conditions=react-server', 'db/tooling/migrate.ts'], {
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
