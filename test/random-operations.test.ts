import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { classifyDbError } from '../db/errors';
import type { Executor } from '../db/executor';
import { findEnrollmentDrift, findHistoryDrift, findRuleDrift, findWaitlistDrift } from '../db/queries/integrity';
import { drop, enroll, swap, withdraw } from '../db/queries/enrollments';
import { joinWaitlist, leaveWaitlist } from '../db/queries/waitlists';
import { setCreditMaximum } from '../db/queries/credits';
import { liftHold, listActiveHolds, placeHold } from '../db/queries/holds';
import { grantOverride, revokeOverride } from '../db/queries/overrides';
import { prng } from '../db/tooling/seed-data';
import { onceMoreOnDeadlock } from '../lib/domain/deadlocks';
import { coursePrerequisites, enrollments, sections } from '../db/schema';
import { race, testDb } from './db';
import { createCourse, createSection, createTerm, createUser, createUsers } from '../testing/factories';
import { MWF, TR, completeCourse } from './rules-helpers';

const WORKERS = 8;
const OPERATIONS_PER_WORKER = 400;

/** Every invariant of docs/decisions/0004 and of the registration rules (docs/decisions/0008), checked on the whole database. */
async function expectEveryInvariant(sectionIds: number[]) {
  expect(await findEnrollmentDrift(testDb)).toEqual([]);
  expect(await findRuleDrift(testDb)).toEqual([]);
  expect(await findWaitlistDrift(testDb)).toEqual([]);
  const after = await testDb.select().from(sections).where(inArray(sections.id, sectionIds));
  for (const s of after) expect(s.enrolledCount).toBeLessThanOrEqual(s.capacity);
  // The rules' invariants on this test's own sections: other files running beside it hold sets (two components of
  // one course) and lose transcript lines after enrolling, both allowed.
  const ids = sql.raw(sectionIds.map(Number).join(','));
  const [violations] = await testDb.execute<{ overlaps: number; duplicates: number; over_max: number; prereqs: number }>(sql`
    SELECT
      (SELECT count(*)::int FROM student_meetings a JOIN student_meetings b
         ON a.student_id = b.student_id AND a.term_id = b.term_id AND a.day = b.day AND a.enrollment_id < b.enrollment_id
        AND meeting_time_range(a.starts_at, a.ends_at) && meeting_time_range(b.starts_at, b.ends_at)
        AND daterange(a.starts_on, a.ends_on, '[]') && daterange(b.starts_on, b.ends_on, '[]')
        WHERE NOT a.exempt AND NOT b.exempt AND a.section_id IN (${ids}) AND b.section_id IN (${ids})) AS overlaps,
      (SELECT count(*)::int FROM (SELECT 1 FROM student_seats WHERE NOT grandfathered AND section_id IN (${ids})
         GROUP BY student_id, term_id, course_id, component HAVING count(*) > 1) d) AS duplicates,
      (SELECT count(*)::int FROM student_term_credits WHERE credits - exempt_credits > max_credits) AS over_max,
      (SELECT count(*)::int FROM student_seats ss
        WHERE ss.section_id IN (${ids})
          AND NOT EXISTS (SELECT 1 FROM rule_overrides o WHERE o.student_id = ss.student_id AND o.section_id = ss.section_id
                                                          AND o.rule = 'prerequisite_missing')
          AND prerequisite_groups_missing(ss.student_id, ss.course_id, ss.term_id) IS NOT NULL) AS prereqs`);
  expect(violations).toEqual({ overlaps: 0, duplicates: 0, over_max: 0, prereqs: 0 });
}

describe('the count and the rules never drift under random concurrent operations', () => {
  it(`${WORKERS * OPERATIONS_PER_WORKER} random enroll/drop/withdraw/complete/capacity/hold/override/maximum/join/leave/swap operations`, async () => {
    const term = await createTerm(testDb);
    const registrar = await createUser(testDb, 'registrar');
    const [a, b, c, d, e, prereq] = await Promise.all([4, 4, 4, 4, 4, 3].map((credits) => createCourse(testDb, { credits })));
    await testDb.insert(coursePrerequisites).values({ courseId: c!.id, prerequisiteCourseId: prereq!.id });
    // Two sections of course a; b overlaps a's first section; c needs a prerequisite; d is online; five seats of
    // 4 credits would pass 18.
    const plan = [
      { capacity: 3, courseId: a!.id, meetings: MWF('09:00', '09:50') },
      { capacity: 5, courseId: a!.id, meetings: TR('09:00', '10:15') },
      { capacity: 8, courseId: b!.id, meetings: MWF('09:30', '10:20') },
      { capacity: 12, courseId: c!.id, meetings: TR('13:00', '14:15') },
      { capacity: 6, courseId: d!.id, meetings: [] },
      { capacity: 10, courseId: e!.id, meetings: MWF('11:00', '11:50') },
    ];
    const sectionList = await Promise.all(plan.map((p) => createSection(testDb, { ...p, termId: term.id })));
    const sectionIds = sectionList.map((s) => s.id);
    // Every section has a waitlist: joins, leaves, swaps and promotions race with everything else.
    await testDb.update(sections).set({ waitlistCapacity: 6 }).where(inArray(sections.id, sectionIds));
    const students = await createUsers(testDb, 40);
    await completeCourse(
      testDb,
      prereq!.id,
      students.slice(0, 20).map((s) => s.id),
    );

    const operations = async (db: Executor, worker: number) => {
      const random = prng(1000 + worker);
      const any = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
      const seen: Record<string, number> = {};
      const joined: [student: number, section: number][] = [];
      // One operation; a deadlock PostgreSQL broke is retried once, as the app's services do (lib/domain/deadlocks.ts).
      const step = async () => {
        const studentId = any(students).id;
        const sectionId = any(sectionIds);
        let roll = random();
        let outcome: string;
        // A quarter of the operations are waitlist ones; the rest keep the storm's earlier mix.
        const waitRoll = random();
        if (waitRoll < 0.25) {
          if (waitRoll < 0.1) {
            const swapFrom = random() < 0.3 ? any(sectionIds) : null;
            const r = await joinWaitlist(studentId, sectionId, swapFrom === sectionId ? null : swapFrom, db);
            outcome = r.ok ? 'joined' : r.reason;
            if (r.ok) {
              joined.push([studentId, sectionId]);
              // Joining twice is its own answer; try it now and then, while the entry surely exists.
              if (random() < 0.3) {
                const again = await joinWaitlist(studentId, sectionId, null, db);
                const second = again.ok ? 'joined' : again.reason;
                seen[second] = (seen[second] ?? 0) + 1;
              }
            }
          } else if (waitRoll < 0.15) {
            // Mostly someone this worker put on a list (a random pair is rarely waiting), sometimes anyone.
            const [who, where] =
              joined.length && random() < 0.7
                ? joined.splice(Math.floor(random() * joined.length), 1)[0]!
                : [studentId, sectionId];
            const r = await leaveWaitlist(who, where, db);
            outcome = r.ok ? 'left' : r.reason;
          } else {
            const to = any(sectionIds);
            const r = to === sectionId ? null : await swap(studentId, sectionId, to, random() < 0.5 ? 'drop' : 'withdraw', db);
            outcome = !r ? 'same_section' : r.ok ? 'swapped' : r.reason;
          }
          seen[outcome] = (seen[outcome] ?? 0) + 1;
          return;
        }
        roll = random();
        if (roll < 0.4) {
          const r = await enroll(studentId, sectionId, db);
          outcome = r.ok ? 'enrolled' : r.reason;
        } else if (roll < 0.55) {
          const r = await drop(studentId, sectionId, db);
          outcome = r.ok ? 'dropped' : r.reason;
        } else if (roll < 0.7) {
          const r = await withdraw(studentId, sectionId, db);
          outcome = r.ok ? 'withdrawn' : r.reason;
        } else if (roll < 0.76) {
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
        } else if (roll < 0.82) {
          outcome = await db
            .update(sections)
            .set({ capacity: Math.floor(random() * 14) })
            .where(eq(sections.id, sectionId))
            .then(
              () => 'capacity_changed',
              (error: unknown) => classifyDbError(error, 'update_section'),
            );
        } else if (roll < 0.86) {
          const r = await placeHold(studentId, 'Advising required', registrar.id, db);
          outcome = r.ok ? 'hold_placed' : r.reason;
        } else if (roll < 0.91) {
          const [hold] = await listActiveHolds(studentId, db);
          outcome = hold && (await liftHold(hold.id, studentId, registrar.id, db)) ? 'hold_lifted' : 'no_hold';
        } else if (roll < 0.96) {
          const rule = any(['time_conflict', 'prerequisite_missing', 'credit_limit'] as const);
          const r = await grantOverride({ studentId, sectionId, rule, grantedBy: registrar.id }, db);
          outcome = r.ok ? 'override_granted' : r.reason;
        } else if (roll < 0.98) {
          // Prerequisite overrides stay, so the prerequisite invariant below can be checked exactly.
          outcome = (await revokeOverride(studentId, sectionId, any(['time_conflict', 'credit_limit'] as const), db))
            ? 'override_revoked'
            : 'no_override';
        } else {
          const r = await setCreditMaximum(studentId, term.id, 12 + Math.floor(random() * 10), db);
          outcome = r.ok ? 'maximum_set' : r.reason;
        }
        seen[outcome] = (seen[outcome] ?? 0) + 1;
      };
      for (let i = 0; i < OPERATIONS_PER_WORKER; i++) await onceMoreOnDeadlock(step);
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
      'registration_hold',
      'prerequisite_missing',
      'hold_placed',
      'hold_lifted',
      'override_granted',
      'maximum_set',
      'joined',
      'seats_available',
      'swap_source_not_held',
    ]) {
      expect(outcomes[expected] ?? 0, `${expected} in ${JSON.stringify(outcomes)}`).toBeGreaterThan(0);
    }
    // Rarer answers: each group must show up, not necessarily each member in every seeded run.
    for (const group of [
      ['time_conflict', 'already_in_course', 'credit_limit'],
      ['left', 'already_waitlisted', 'swapped'],
    ]) {
      expect(
        group.reduce((n, k) => n + (outcomes[k] ?? 0), 0),
        `${group.join('/')} in ${JSON.stringify(outcomes)}`,
      ).toBeGreaterThan(0);
    }
    expect(Object.keys(outcomes)).not.toContain('unexpected');

    await expectEveryInvariant(sectionIds);
    // Replaying the storm's events (docs/decisions/0012) gives exactly the seats and waitlists held now.
    expect(await findHistoryDrift(testDb)).toEqual([]);
    const [events] = await testDb.execute<{ promoted: number; swapped: number; left: number } & Record<string, unknown>>(sql`
      SELECT count(*) FILTER (WHERE kind = 'promoted')::int AS promoted, count(*) FILTER (WHERE kind = 'swapped')::int AS swapped,
             count(*) FILTER (WHERE kind = 'waitlist_left')::int AS left
        FROM enrollment_events WHERE section_id IN ${sql.raw(`(${sectionIds.join(', ')})`)}`);
    expect(events!.promoted, JSON.stringify(events)).toBeGreaterThan(0);
    expect(events!.swapped + events!.left, JSON.stringify(events)).toBeGreaterThan(0);

    const check = await promisify(execFile)('npx', ['tsx', '--conditions=react-server', 'db/tooling/check.ts'], {
      env: { ...process.env },
    });
    expect(check.stdout).toMatch(/^db:check: no drift in \d+ sections/m);
    expect(check.stdout).toMatch(/^db:check: seats, credit totals, student meetings and sets match the enrollments/m);
    expect(check.stdout).toMatch(/^db:check: waitlists agree with the seats/m);
    expect(check.stdout).toMatch(/^db:check: the history replays to the seats and waitlists held/m);
  });
});
