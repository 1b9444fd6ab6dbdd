import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enroll } from '../db/queries/enrollments';
import { findRuleDrift } from '../db/queries/integrity';
import { updateSection, type SectionSettings } from '../db/queries/sections';
import { enrollmentEvents } from '../db/schema';
import { createDatabase } from '../db/client';
import { inject } from 'vitest';
import { testDb } from './db';
import { createCourse, createSection, createTerm, createUser, createUsers } from '../testing/factories';
import { MWF, TR } from './rules-helpers';

/** docs/decisions/0018: a registrar's move that knowingly overlaps students' other classes. */
const settings = (meetings: SectionSettings['meetings']): SectionSettings => ({
  capacity: 40,
  instructorId: null,
  location: 'Hall 1',
  meetings,
});

async function arrange(students = 3) {
  const term = await createTerm(testDb);
  const moved = await createSection(testDb, { termId: term.id, capacity: 40, meetings: MWF('08:00', '08:50') });
  const other = await createSection(testDb, { termId: term.id, capacity: 40, meetings: MWF('10:00', '10:50') });
  const people = await createUsers(testDb, students);
  for (const p of people) {
    expect((await enroll(p.id, moved.id, testDb)).ok).toBe(true);
  }
  // The first two also take the other class; moving `moved` to 10:00 puts them in conflict.
  for (const p of people.slice(0, 2)) expect((await enroll(p.id, other.id, testDb)).ok).toBe(true);
  const registrar = await createUser(testDb, 'registrar');
  return { term, moved, other, people, registrar };
}

const flagged = (sectionId: number) =>
  testDb.execute<{ student_id: number; n: number }>(sql`
    SELECT student_id, count(*)::int AS n FROM student_meetings
     WHERE section_id = ${sectionId} AND accepted_conflict GROUP BY student_id ORDER BY student_id`);

describe('moving a section onto students’ other classes (docs/decisions/0018)', () => {
  it('refuses without acceptance and lists every student in conflict, changing nothing', async () => {
    const { moved, other, people } = await arrange();
    const result = await updateSection(moved.id, settings(MWF('10:00', '10:50')), testDb);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('schedule_change_conflict');
    expect(result.conflicts?.map((c) => c.studentId)).toEqual(
      people
        .slice(0, 2)
        .map((p) => p.id)
        .sort((a, b) => a - b),
    );
    expect(result.conflicts?.[0]?.conflicts.map((c) => c.conflictingSectionId)).toEqual([other.id, other.id, other.id]);
    // The preview was rolled back: no flag, no event, the old times stand.
    expect(await flagged(moved.id)).toHaveLength(0);
    const events = await testDb.select().from(enrollmentEvents).where(eq(enrollmentEvents.sectionId, moved.id));
    expect(events.filter((e) => e.kind === 'conflict_accepted')).toHaveLength(0);
  });

  it('applies when the registrar accepts those students: seats kept, rows flagged, one event each', async () => {
    const { moved, other, people, registrar } = await arrange();
    const accepted = people.slice(0, 2).map((p) => p.id);
    const result = await updateSection(moved.id, settings(MWF('10:00', '10:50')), testDb, registrar.id, accepted);
    expect(result.ok && result.value.acceptedConflicts).toBe(2);
    expect((await flagged(moved.id)).map((r) => [r.student_id, r.n])).toEqual(accepted.map((id) => [id, 3]));
    const events = (await testDb.select().from(enrollmentEvents).where(eq(enrollmentEvents.sectionId, moved.id))).filter(
      (e) => e.kind === 'conflict_accepted',
    );
    expect(events.map((e) => [e.studentId, e.actorId])).toEqual(accepted.map((id) => [id, registrar.id]));
    expect((events[0]!.detail as { conflictingSectionId: number }[]).every((c) => c.conflictingSectionId === other.id)).toBe(
      true,
    );
    expect(await findRuleDrift(testDb)).toEqual([]);
  });

  it('a list that misses a student in conflict refuses the whole move', async () => {
    const { moved, people, registrar } = await arrange();
    const result = await updateSection(moved.id, settings(MWF('10:00', '10:50')), testDb, registrar.id, [people[0]!.id]);
    expect(!result.ok && result.reason).toBe('schedule_change_conflict');
    expect(await flagged(moved.id)).toHaveLength(0);
  });

  it("the student's own enrollments still meet the rule against a flagged meeting", async () => {
    const { term, moved, people, registrar } = await arrange();
    const accepted = people.slice(0, 2).map((p) => p.id);
    expect((await updateSection(moved.id, settings(MWF('10:00', '10:50')), testDb, registrar.id, accepted)).ok).toBe(true);
    const third = await createSection(testDb, {
      termId: term.id,
      courseId: (await createCourse(testDb)).id,
      meetings: MWF('10:30', '11:20'),
    });
    const result = await enroll(people[0]!.id, third.id, testDb);
    expect(!result.ok && result.reason).toBe('time_conflict');
    // A class at another time is fine.
    const fourth = await createSection(testDb, { termId: term.id, meetings: TR('10:00', '10:50') });
    expect((await enroll(people[0]!.id, fourth.id, testDb)).ok).toBe(true);
  });

  it('race: students enrolling into the new time while the accepted move commits never add an unaccepted overlap', async () => {
    const term = await createTerm(testDb);
    const moved = await createSection(testDb, { termId: term.id, capacity: 60, meetings: MWF('08:00', '08:50') });
    const other = await createSection(testDb, { termId: term.id, capacity: 60, meetings: MWF('10:00', '10:50') });
    const people = await createUsers(testDb, 12);
    const late = await Promise.all(
      people.map(() =>
        createSection(testDb, { termId: term.id, capacity: 5, meetings: [{ day: 1, startsAt: '11:00', endsAt: '11:15' }] }),
      ),
    );
    for (const p of people) {
      expect((await enroll(p.id, moved.id, testDb)).ok).toBe(true);
      expect((await enroll(p.id, other.id, testDb)).ok).toBe(true);
    }
    const registrar = await createUser(testDb, 'registrar');
    // Before the move, 11:00 on Monday is free for everyone.
    expect(
      await testDb.execute(sql`SELECT 1 FROM student_meetings WHERE day = 1 AND starts_at < '11:15' AND ends_at > '11:00'
                                       AND student_id IN ${people.map((p) => p.id)}`),
    ).toHaveLength(0);
    // The move's transaction stays open for a while after its meetings are written, so every enrollment below
    // runs while it is uncommitted.
    const mover = createDatabase(inject('databaseUrl'), { max: 1 });
    const students = people.map(() => createDatabase(inject('databaseUrl'), { max: 1 }));
    try {
      await Promise.all([mover, ...students].map((c) => c.client`SELECT 1`));
      let written!: () => void;
      const meetingsWritten = new Promise<void>((resolve) => (written = resolve));
      const move = mover.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT set_config('curriculab.accept_conflicts', ${`{${people.map((p) => p.id).join(',')}}`}, true),
                                    set_config('curriculab.actor_id', ${String(registrar.id)}, true)
                               FROM sections WHERE id = ${moved.id} FOR UPDATE`);
        await tx.execute(sql`DELETE FROM section_meetings WHERE section_id = ${moved.id}`);
        await tx.execute(sql`INSERT INTO section_meetings (section_id, day, starts_at, ends_at)
                             VALUES (${moved.id}, 1, '10:30', '11:20'), (${moved.id}, 3, '10:30', '11:20'), (${moved.id}, 5, '10:30', '11:20')`);
        written();
        await tx.execute(sql`SELECT pg_sleep(0.5)`);
      });
      await meetingsWritten;
      const outcomes = await Promise.all(
        people.map(async (p, i) => {
          const r = await enroll(p.id, late[i]!.id, students[i]!.db);
          return r.ok ? 'enrolled' : r.reason;
        }),
      );
      await move;
      // Each late enrollment waited for the move and then saw the flagged 10:00 meeting.
      expect(outcomes.every((o) => o === 'time_conflict')).toBe(true);
    } finally {
      await Promise.all([mover, ...students].map((c) => c.close()));
    }
    // Every overlap a flagged row takes part in is one the move's event named.
    const unaccepted = await testDb.execute(sql`
      SELECT m.student_id, o.section_id FROM student_meetings m
        JOIN student_meetings o ON o.student_id = m.student_id AND o.term_id = m.term_id AND o.day = m.day
         AND o.enrollment_id <> m.enrollment_id AND NOT o.exempt
         AND meeting_time_range(o.starts_at, o.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
       WHERE m.section_id = ${moved.id} AND m.accepted_conflict
         AND NOT EXISTS (SELECT 1 FROM enrollment_events e, jsonb_array_elements(e.detail) c
                          WHERE e.kind = 'conflict_accepted' AND e.student_id = m.student_id AND e.section_id = m.section_id
                            AND (c->>'conflictingSectionId')::int = o.section_id)`);
    expect(unaccepted).toEqual([]);
  });
});
