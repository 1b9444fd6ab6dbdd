/**
 * Class dates edited later (docs/decisions/0022): the seats' meetings that take the term's dates follow the edit in
 * the same statement, under the no-overlap EXCLUDE; dates that would make a student's two classes overlap, or leave a
 * half-term meeting no day, refuse the edit by its field.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, inject, it, vi } from 'vitest';
import { createDatabase } from '../db/client';
import { enrollments, studentMeetings, type Term } from '../db/schema';
import { createSection, createTerm, createUser, createUsers } from '../testing/factories';
import { race, testDb } from './db';
import { form, signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { updateTermAction } = await import('../app/(app)/registrar/terms/actions');
const { toCampusLocal } = await import('../lib/web/term-form');
const { IDLE } = await import('../lib/web/action-state');

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const monday = { day: 1, startsAt: '09:00', endsAt: '09:50' };

/** The edit form of `term` with its class dates changed. */
function edit(term: Term, classes: { classesStartOn?: string; classesEndOn?: string }) {
  return form({
    termId: term.id,
    code: term.code,
    name: term.name,
    registrationOpensAt: toCampusLocal(term.registrationOpensAt),
    registrationClosesAt: toCampusLocal(term.registrationClosesAt),
    dropDeadline: toCampusLocal(term.dropDeadline),
    withdrawDeadline: toCampusLocal(term.withdrawDeadline),
    classesStartOn: term.classesStartOn!,
    classesEndOn: term.classesEndOn!,
    ...classes,
  });
}

async function meetingDates(studentId: number) {
  return testDb
    .select({ sectionId: studentMeetings.sectionId, startsOn: studentMeetings.startsOn, endsOn: studentMeetings.endsOn })
    .from(studentMeetings)
    .where(eq(studentMeetings.studentId, studentId))
    .orderBy(studentMeetings.sectionId);
}

describe('class dates edited later', () => {
  it('re-resolve the seats’ meetings that take the term’s dates, in the same statement (db:check finds no drift)', async () => {
    signInAs(await createUser(testDb, 'registrar'));
    const term = await createTerm(testDb);
    const start = term.classesStartOn!;
    const end = term.classesEndOn!;
    const whole = await createSection(testDb, { termId: term.id, meetings: [monday] });
    const firstHalf = await createSection(testDb, {
      termId: term.id,
      meetings: [{ day: 2, startsAt: '09:00', endsAt: '09:50', endsOn: addDays(start, 40) }],
    });
    const student = await createUser(testDb);
    await testDb.insert(enrollments).values([whole, firstHalf].map((s) => ({ studentId: student.id, sectionId: s.id })));

    const edited = await updateTermAction(IDLE, edit(term, { classesStartOn: addDays(start, 2), classesEndOn: addDays(end, 5) }));
    expect(edited).toMatchObject({ status: 'success' });
    expect(await meetingDates(student.id)).toEqual([
      { sectionId: whole.id, startsOn: addDays(start, 2), endsOn: addDays(end, 5) },
      { sectionId: firstHalf.id, startsOn: addDays(start, 2), endsOn: addDays(start, 40) },
    ]);
    const [drift] = await testDb.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM student_meetings sm JOIN section_meetings m ON m.id = sm.meeting_id
        JOIN terms t ON t.id = sm.term_id
       WHERE sm.student_id = ${student.id}
         AND (sm.starts_on, sm.ends_on) IS DISTINCT FROM (coalesce(m.starts_on, t.classes_start_on), coalesce(m.ends_on, t.classes_end_on))`);
    expect(drift!.n).toBe(0);
  });

  it('that would make a student’s two classes overlap, or leave a half-term meeting no day, are refused by field', async () => {
    signInAs(await createUser(testDb, 'registrar'));
    const term = await createTerm(testDb);
    const end = term.classesEndOn!;
    const whole = await createSection(testDb, { termId: term.id, meetings: [monday] });
    // An exam-week meeting after classes end, at the same hour as the whole-term class.
    const examWeek = await createSection(testDb, {
      termId: term.id,
      meetings: [{ ...monday, startsOn: addDays(end, 1), endsOn: addDays(end, 7) }],
    });
    const student = await createUser(testDb);
    await testDb.insert(enrollments).values([whole, examWeek].map((s) => ({ studentId: student.id, sectionId: s.id })));
    const before = await meetingDates(student.id);

    const overlapping = await updateTermAction(IDLE, edit(term, { classesEndOn: addDays(end, 7) }));
    const label = (s: { code: string }) => expect.stringContaining(`-${s.code}`);
    expect(overlapping).toMatchObject({
      status: 'error',
      fieldErrors: { classesStartOn: [expect.stringMatching(/^Those class dates would make .* overlap for a student/)] },
    });
    expect(overlapping.fieldErrors!.classesStartOn![0]).toEqual(label(whole));
    expect(overlapping.fieldErrors!.classesStartOn![0]).toEqual(label(examWeek));
    expect(await meetingDates(student.id)).toEqual(before);

    const firstHalf = await createSection(testDb, {
      termId: term.id,
      meetings: [{ day: 3, startsAt: '09:00', endsAt: '09:50', endsOn: addDays(term.classesStartOn!, 20) }],
    });
    const cut = await updateTermAction(IDLE, edit(term, { classesStartOn: addDays(term.classesStartOn!, 21) }));
    expect(cut).toMatchObject({
      status: 'error',
      fieldErrors: { classesStartOn: [expect.stringMatching(new RegExp(`meeting of .*-${firstHalf.code} no day to meet`))] },
    });
  });
});

describe('class dates edited while students enroll', () => {
  it('no seat keeps the old dates: seats in flight are waited for, seats after read the new dates', async () => {
    const term = await createTerm(testDb);
    // One section each (seats in one section take turns on its row): the enrollments really overlap.
    const sections = await Promise.all(
      Array.from({ length: 10 }, () => createSection(testDb, { termId: term.id, meetings: [monday] })),
    );
    const students = await createUsers(testDb, 10);
    // 6 seats taken before the edit and committed slowly; the edit 150 ms in; 4 seats asked for during it.
    await race(11, async (db, i) => {
      if (i === 10) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        await db.execute(sql`UPDATE terms SET classes_end_on = classes_end_on + 7 WHERE id = ${term.id}`);
        return;
      }
      if (i >= 6) await new Promise((resolve) => setTimeout(resolve, 250));
      await db.transaction(async (tx) => {
        await tx.insert(enrollments).values({ studentId: students[i]!.id, sectionId: sections[i]!.id });
        await tx.execute(sql`SELECT pg_sleep(0.3)`);
      });
    });
    const stale = await testDb.execute<{ student_id: number }>(sql`
      SELECT sm.student_id FROM student_meetings sm JOIN terms t ON t.id = sm.term_id
       WHERE sm.term_id = ${term.id} AND sm.ends_on IS DISTINCT FROM t.classes_end_on`);
    expect(stale).toEqual([]);
    const [held] = await testDb.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM student_meetings WHERE term_id = ${term.id}`);
    expect(held!.n).toBe(10);
  });
});

describe('the app role', () => {
  it('may edit class dates (the trigger’s lock and re-resolve run as it) and write priority groups', async () => {
    const term = await createTerm(testDb);
    const section = await createSection(testDb, { termId: term.id, meetings: [monday] });
    const student = await createUser(testDb);
    await testDb.insert(enrollments).values({ studentId: student.id, sectionId: section.id });
    const { client, close } = createDatabase(inject('databaseUrl'), { max: 1 });
    try {
      await client`SET ROLE curriculab_app`;
      await client`UPDATE terms SET classes_end_on = classes_end_on + 1 WHERE id = ${term.id}`;
      await client`WITH g AS (INSERT INTO priority_groups (name) VALUES (${`Role ${term.code}`}) RETURNING id)
                   INSERT INTO priority_group_members (group_id, student_id) SELECT id, ${student.id} FROM g`;
    } finally {
      await close();
    }
    expect((await meetingDates(student.id))[0]!.endsOn).toBe(addDays(term.classesEndOn!, 1));
  });
});
