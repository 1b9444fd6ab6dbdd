/** What each refusal names (db/rule-refusals.ts), the guards around the derived rows, and registrar changes. */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { classifyDbError } from '../db/errors';
import { enroll } from '../db/queries/enrollments';
import { findRuleDrift } from '../db/queries/integrity';
import { getCreditLoad, setCreditMaximum } from '../db/queries/credits';
import { liftHold, placeHold } from '../db/queries/holds';
import { findTimeConflict, listSectionMeetings, replaceSectionMeetings } from '../db/queries/meetings';
import { findMissingPrerequisites } from '../db/queries/prerequisites';
import { formatMeetings } from '@/core/meetings';
import { coursePrerequisites, courses, sectionMeetings, sections } from '../db/schema';
import { testDb } from './db';
import { createCourse, createSection, createTerm, createUser } from '../testing/factories';
import { MWF, TR, completeCourse, createPastTerm, insertEnrollment } from './rules-helpers';

describe('each refusal names what the message needs', () => {
  it('time_conflict: the other section, the overlapping meeting and all its meetings', async () => {
    const term = await createTerm(testDb);
    const held = await createSection(testDb, {
      termId: term.id,
      courseId: (await createCourse(testDb, { subject: 'CS', number: `1${Date.now() % 100000}` })).id,
      meetings: MWF('10:00', '10:50'),
    });
    const wanted = await createSection(testDb, { termId: term.id, meetings: [{ day: 5, startsAt: '10:30', endsAt: '11:20' }] });
    const student = await createUser(testDb);
    await insertEnrollment(testDb, student.id, held.id);

    const { outcome, refusal } = await insertEnrollment(testDb, student.id, wanted.id);

    expect(outcome).toBe('time_conflict');
    expect(refusal).toEqual({
      rule: 'time_conflict',
      detail: expect.objectContaining({
        sectionId: wanted.id,
        conflictingSectionId: held.id,
        conflictingSection: expect.stringMatching(/^CS 1\d+-\w+$/),
        day: 5,
        startsAt: '10:00',
        endsAt: '10:50',
      }),
    });
    expect(refusal?.rule === 'time_conflict' && formatMeetings(refusal.detail!.conflictingMeetings)).toBe('MWF 10:00–10:50 AM');
    // The same facts, asked after the fact (for the EXCLUDE constraint's own error, which has no JSON).
    expect(await findTimeConflict(student.id, wanted.id, testDb)).toEqual(refusal?.detail);
  });

  it('back-to-back is fine, and a section without meetings never conflicts', async () => {
    const term = await createTerm(testDb);
    const student = await createUser(testDb);
    const nine = await createSection(testDb, { termId: term.id, meetings: MWF('09:00', '09:50') });
    const ten = await createSection(testDb, { termId: term.id, meetings: MWF('09:50', '10:40') });
    const online = await createSection(testDb, { termId: term.id });
    for (const s of [nine, ten, online]) expect((await insertEnrollment(testDb, student.id, s.id)).outcome).toBe('enrolled');
  });

  it('already_in_course names the section held; credit_limit the would-be total and the maximum', async () => {
    const term = await createTerm(testDb);
    const student = await createUser(testDb);
    const course = await createCourse(testDb, { credits: 10 });
    const a = await createSection(testDb, { termId: term.id, courseId: course.id });
    const b = await createSection(testDb, { termId: term.id, courseId: course.id });
    const c = await createSection(testDb, { termId: term.id, courseId: (await createCourse(testDb, { credits: 10 })).id });
    await insertEnrollment(testDb, student.id, a.id);

    const dup = await insertEnrollment(testDb, student.id, b.id);
    expect(dup.refusal).toEqual({
      rule: 'already_in_course',
      detail: expect.objectContaining({ sectionId: b.id, heldSectionId: a.id }),
    });
    expect(dup.refusal?.detail && 'heldSection' in dup.refusal.detail && dup.refusal.detail.heldSection).toMatch(
      /^TEST \w+-\w+$/,
    );

    const heavy = await insertEnrollment(testDb, student.id, c.id);
    expect(heavy.refusal).toEqual({
      rule: 'credit_limit',
      detail: { sectionId: c.id, credits: 20, maxCredits: 18, currentCredits: 10, sectionCredits: 10 },
    });

    // A registrar raises this student's maximum; lowering it below what they hold is refused.
    expect(await setCreditMaximum(student.id, term.id, 21, testDb)).toEqual({ ok: true, value: { credits: 10, maxCredits: 21 } });
    expect((await insertEnrollment(testDb, student.id, c.id)).outcome).toBe('enrolled');
    expect(await setCreditMaximum(student.id, term.id, 19, testDb)).toEqual({ ok: false, reason: 'credit_max_below_load' });
    expect(await getCreditLoad(student.id, term.id, testDb)).toEqual({ credits: 20, maxCredits: 21 });
  });

  it('prerequisite_missing names the missing courses; a completion in an earlier term satisfies it, not in this one', async () => {
    const term = await createTerm(testDb);
    const student = await createUser(testDb);
    const [intro, math, advanced] = await Promise.all([createCourse(testDb), createCourse(testDb), createCourse(testDb)]);
    await testDb.insert(coursePrerequisites).values([
      { courseId: advanced.id, prerequisiteCourseId: intro.id },
      { courseId: advanced.id, prerequisiteCourseId: math.id },
    ]);
    const section = await createSection(testDb, { termId: term.id, courseId: advanced.id });
    await completeCourse(testDb, intro.id, [student.id], (await createPastTerm(testDb)).id);
    // Completed in this very term: does not count.
    await completeCourse(testDb, math.id, [student.id], term.id);

    const { refusal } = await insertEnrollment(testDb, student.id, section.id);
    const missing = [
      { group: expect.any(Number), courses: [{ courseId: math.id, course: `TEST ${math.number}`, minGrade: null }] },
    ];
    expect(refusal).toEqual({
      rule: 'prerequisite_missing',
      detail: { sectionId: section.id, course: `TEST ${advanced.number}`, missing },
    });
    expect(await findMissingPrerequisites(student.id, section.id, testDb)).toEqual({
      course: `TEST ${advanced.number}`,
      missing,
    });
  });

  it('registration_hold names the reason; lifting it lets the student enroll', async () => {
    const section = await createSection(testDb);
    const student = await createUser(testDb);
    const hold = await placeHold(student.id, 'Immunization records missing', null, testDb);
    expect(hold.ok).toBe(true);
    const { refusal } = await insertEnrollment(testDb, student.id, section.id);
    expect(refusal).toEqual({
      rule: 'registration_hold',
      detail: expect.objectContaining({ reason: 'Immunization records missing', sectionId: section.id }),
    });
    expect(await liftHold(hold.ok ? hold.value.id : 0, student.id, null, testDb)).toBe(true);
    expect((await enroll(student.id, section.id, testDb)).ok).toBe(true);
  });

  it('the contract inserts work with only their columns', async () => {
    const section = await createSection(testDb);
    const student = await createUser(testDb);
    await testDb.execute(
      sql`INSERT INTO section_meetings (section_id, day, starts_at, ends_at) VALUES (${section.id}, 1, '08:00', '08:50')`,
    );
    await testDb.execute(sql`INSERT INTO registration_holds (student_id, reason) VALUES (${student.id}, 'Library fine')`);
    expect(await enroll(student.id, section.id, testDb)).toMatchObject({ ok: false, reason: 'registration_hold' });
  });
});

describe('registrar changes keep the invariants', () => {
  it('a meeting change reaches enrolled students, and is refused when it would overlap one of their classes', async () => {
    const term = await createTerm(testDb);
    const student = await createUser(testDb);
    const a = await createSection(testDb, { termId: term.id, meetings: MWF('09:00', '09:50') });
    const b = await createSection(testDb, { termId: term.id, meetings: TR('09:00', '10:15') });
    await enroll(student.id, a.id, testDb);
    await enroll(student.id, b.id, testDb);

    expect(await replaceSectionMeetings(b.id, TR('13:00', '14:15'), testDb)).toEqual({ ok: true, value: TR('13:00', '14:15') });
    const refused = await replaceSectionMeetings(b.id, [{ day: 1, startsAt: '09:30', endsAt: '10:00' }], testDb);
    expect(refused).toEqual({ ok: false, reason: 'schedule_change_conflict' });
    expect((await listSectionMeetings([b.id], testDb)).get(b.id)).toEqual(TR('13:00', '14:15'));
    expect(await findRuleDrift(testDb)).toEqual([]);
  });

  it("a section's own meetings cannot overlap; times must be ordered; days are 1–7", async () => {
    const section = await createSection(testDb, { meetings: MWF('09:00', '09:50') });
    const attempts = [
      { day: 1, startsAt: '09:30', endsAt: '10:00' },
      { day: 2, startsAt: '10:00', endsAt: '09:00' },
      { day: 8, startsAt: '09:00', endsAt: '10:00' },
    ];
    for (const m of attempts) {
      const failure = await testDb
        .insert(sectionMeetings)
        .values({ sectionId: section.id, ...m })
        .then(
          () => 'inserted',
          (e: unknown) => classifyDbError(e),
        );
      expect(failure).toBe('invalid_value');
    }
  });

  it("a section's course or term cannot change while seats are held, nor a course's credits", async () => {
    const section = await createSection(testDb);
    const student = await createUser(testDb);
    const otherTerm = await createTerm(testDb);
    const otherCourse = await createCourse(testDb);
    await enroll(student.id, section.id, testDb);
    const change = (values: Partial<typeof sections.$inferInsert>) =>
      testDb
        .update(sections)
        .set(values)
        .where(eq(sections.id, section.id))
        .then(
          () => 'changed',
          (e: unknown) => classifyDbError(e, 'update_section'),
        );
    expect(await change({ termId: otherTerm.id })).toBe('section_in_use');
    expect(await change({ courseId: otherCourse.id })).toBe('section_in_use');
    const credits = await testDb
      .update(courses)
      .set({ credits: 5 })
      .where(eq(courses.id, section.courseId))
      .then(
        () => 'changed',
        (e: unknown) => classifyDbError(e),
      );
    expect(credits).toBe('section_in_use');
    const { drop } = await import('../db/queries/enrollments');
    await drop(student.id, section.id, testDb);
    expect(await change({ termId: otherTerm.id })).toBe('changed');
  });

  it('the derived rows cannot be written directly', async () => {
    const section = await createSection(testDb, { meetings: MWF('09:00', '09:50') });
    const student = await createUser(testDb);
    await enroll(student.id, section.id, testDb);
    for (const statement of [
      sql`UPDATE student_term_credits SET credits = 0 WHERE student_id = ${student.id}`,
      sql`DELETE FROM student_seats WHERE student_id = ${student.id}`,
      sql`INSERT INTO student_seats (enrollment_id, student_id, term_id, course_id, section_id, credits, time_exempt, credits_exempt)
          VALUES (-1, ${student.id}, ${section.termId}, ${section.courseId}, ${section.id}, 3, false, false)`,
      sql`DELETE FROM student_meetings WHERE student_id = ${student.id}`,
    ]) {
      await expect(testDb.execute(statement)).rejects.toMatchObject({ cause: { code: '23514' } });
    }
    expect(await findRuleDrift(testDb)).toEqual([]);
  });
});

describe('formatMeetings', () => {
  it('groups days with the same time', () => {
    expect(formatMeetings([...MWF('09:00', '09:50')])).toBe('MWF 9:00–9:50 AM');
    expect(
      formatMeetings([
        { day: 1, startsAt: '09:00', endsAt: '09:50' },
        { day: 3, startsAt: '14:00', endsAt: '15:15' },
        { day: 5, startsAt: '09:00', endsAt: '09:50' },
        { day: 2, startsAt: '11:30', endsAt: '12:20' },
      ]),
    ).toBe('MF 9:00–9:50 AM, T 11:30 AM–12:20 PM, W 2:00–3:15 PM');
    expect(formatMeetings([])).toBe('Arranged');
  });
});
