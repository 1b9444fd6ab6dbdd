import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { classifyDbError } from '../db/errors';
import type { Executor } from '../db/executor';
import { findEnrollmentDrift } from '../db/queries/integrity';
import { drop, enroll, withdraw } from '../db/queries/enrollments';
import { prng } from '../db/seed-data';
import { enrollments, sections } from '../db/schema';
import { race, testDb } from './db';
import { createSection, createTerm, createUsers } from './factories';

const WORKERS = 8;
const OPERATIONS_PER_WORKER = 400;

describe('the count never drifts under random concurrent operations', () => {
  it(`${WORKERS * OPERATIONS_PER_WORKER} random enroll/drop/withdraw/complete/capacity operations`, async () => {
    const term = await createTerm(testDb);
    const sectionList = await Promise.all([3, 5, 8, 12].map((capacity) => createSection(testDb, { capacity, termId: term.id })));
    const sectionIds = sectionList.map((s) => s.id);
    const students = await createUsers(testDb, 40);

    const operations = async (db: Executor, worker: number) => {
      const random = prng(1000 + worker);
      const any = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
      const seen: Record<string, number> = {};
      for (let i = 0; i < OPERATIONS_PER_WORKER; i++) {
        const studentId = any(students).id;
        const sectionId = any(sectionIds);
        const roll = random();
        let outcome: string;
        if (roll < 0.45) {
          const r = await enroll(studentId, sectionId, db);
          outcome = r.ok ? 'enrolled' : r.reason;
        } else if (roll < 0.65) {
          const r = await drop(studentId, sectionId, db);
          outcome = r.ok ? 'dropped' : r.reason;
        } else if (roll < 0.85) {
          const r = await withdraw(studentId, sectionId, db);
          outcome = r.ok ? 'withdrawn' : r.reason;
        } else if (roll < 0.92) {
          await db
            .update(enrollments)
            .set({ completionStatus: 'completed' })
            .where(
              and(
                eq(enrollments.studentId, studentId),
                eq(enrollments.sectionId, sectionId),
                eq(enrollments.completionStatus, 'enrolled'),
              ),
            );
          outcome = 'completed';
        } else {
          outcome = await db
            .update(sections)
            .set({ capacity: Math.floor(random() * 14) })
            .where(eq(sections.id, sectionId))
            .then(
              () => 'capacity_changed',
              (error: unknown) => classifyDbError(error, 'update_section'),
            );
        }
        seen[outcome] = (seen[outcome] ?? 0) + 1;
      }
      return seen;
    };

    const perWorker = await race(WORKERS, operations);
    const outcomes = perWorker.reduce<Record<string, number>>((all, seen) => {
      for (const [k, v] of Object.entries(seen)) all[k] = (all[k] ?? 0) + v;
      return all;
    }, {});
    // Every kind of contention really happened.
    for (const expected of [
      'enrolled',
      'section_full',
      'already_enrolled',
      'dropped',
      'withdrawn',
      'capacity_changed',
      'capacity_below_enrolled',
    ]) {
      expect(outcomes[expected], expected).toBeGreaterThan(0);
    }
    expect(Object.keys(outcomes)).not.toContain('unexpected');

    expect(await findEnrollmentDrift(testDb)).toEqual([]);
    const after = await testDb.select().from(sections).where(inArray(sections.id, sectionIds));
    for (const s of after) expect(s.enrolledCount).toBeLessThanOrEqual(s.capacity);

    const check = await promisify(execFile)('npx', ['tsx', '--conditions=react-server', 'db/check.ts'], {
      env: { ...process.env },
    });
    expect(check.stdout).toMatch(/^db:check: no drift in \d+ sections/m);
  });
});
