/**
 * Sets, section credits and half-term meetings (docs/decisions/0022), decided by the database: every path below
 * goes through plain SQL or the app's one enroll statement, and the database's answer is what is checked.
 */
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeRefusal } from '../core/rules';
import { choicesInWords } from '../core/rules/incomplete-set';
import { meetingWeeks } from '../core/meetings';
import { classifyDbError, ruleRefusalOf } from '../db/errors';
import { enroll, swap } from '../db/queries/enrollments';
import { enrollSet, leaveSet, setMembersHeld } from '../db/queries/sets';
import { joinWaitlist } from '../db/queries/waitlists';
import { enrollments, sections, studentTermCredits, waitlistEntries } from '../db/schema';
import { testDb } from './db';
import { createCourse, createSection, createSectionSet, createTerm, createUser } from '../testing/factories';

async function seatsOf(studentId: number) {
  const rows = await testDb
    .select({ sectionId: enrollments.sectionId })
    .from(enrollments)
    .where(and(eq(enrollments.studentId, studentId), eq(enrollments.completionStatus, 'enrolled')));
  return rows.map((r) => r.sectionId).sort((a, b) => a - b);
}

/** The database's refusal of `run`, as the translator reads it. */
async function refusalOf(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    return { code: classifyDbError(error, 'enroll'), refusal: ruleRefusalOf(error) };
  }
  return null;
}

describe('complete sets', () => {
  it('takes a lecture with one of its labs, and refuses either alone at commit, naming what is missing', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 8 });
    const student = await createUser(testDb);

    const alone = await enrollSet(student.id, [lecture.id]);
    expect(alone.ok).toBe(false);
    if (alone.ok || alone.reason !== 'incomplete_set') throw new Error('expected incomplete_set');
    expect(alone.sectionId).toBe(lecture.id);
    expect(describeRefusal(alone.refusal!)).toMatch(/^TEST \w+-A needs a LAB section: A01–A08\.$/);

    const labOnly = await enroll(student.id, labs[0]!.id);
    expect(labOnly).toMatchObject({ ok: false, reason: 'incomplete_set' });
    expect(describeRefusal(labOnly.ok ? null! : labOnly.refusal!)).toMatch(/-A01 needs a LEC section: A\.$/);
    expect(await seatsOf(student.id)).toEqual([]);

    const set = await enrollSet(student.id, [labs[2]!.id, lecture.id]);
    expect(set.ok).toBe(true);
    expect(await seatsOf(student.id)).toEqual([lecture.id, labs[2]!.id].sort((a, b) => a - b));
  });

  it('holds one section per component of a course: a second lab is already_in_course', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 2 });
    const student = await createUser(testDb);
    expect((await enrollSet(student.id, [lecture.id, labs[0]!.id])).ok).toBe(true);
    const second = await enroll(student.id, labs[1]!.id);
    expect(second).toMatchObject({ ok: false, reason: 'already_in_course' });
  });

  it('keeps sets complete in psql: a lab alone cannot be dropped, the whole set can', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 2 });
    const student = await createUser(testDb);
    await enrollSet(student.id, [lecture.id, labs[0]!.id]);

    const refused = await refusalOf(() =>
      testDb.delete(enrollments).where(and(eq(enrollments.studentId, student.id), eq(enrollments.sectionId, labs[0]!.id))),
    );
    expect(refused?.code).toBe('incomplete_set');
    expect(await seatsOf(student.id)).toHaveLength(2);

    const lectureOut = await refusalOf(() =>
      testDb
        .update(enrollments)
        .set({ completionStatus: 'withdrawn' })
        .where(and(eq(enrollments.studentId, student.id), eq(enrollments.sectionId, lecture.id))),
    );
    expect(lectureOut?.code).toBe('incomplete_set');

    expect(await setMembersHeld(student.id, labs[0]!.id)).toEqual([lecture.id, labs[0]!.id].sort((a, b) => a - b));
    const left = await leaveSet(student.id, await setMembersHeld(student.id, labs[0]!.id), 'drop');
    expect(left.ok && left.value.map((e) => e.sectionId).sort()).toEqual([lecture.id, labs[0]!.id].sort());
    expect(await seatsOf(student.id)).toEqual([]);
  });

  it('swaps a lab for another lab of the same lecture in one transaction, and refuses a swap that breaks the set', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 2 });
    const other = await createSection(testDb, { termId: lecture.termId });
    const student = await createUser(testDb);
    await enrollSet(student.id, [lecture.id, labs[0]!.id]);

    expect((await swap(student.id, labs[0]!.id, labs[1]!.id, 'drop')).ok).toBe(true);
    expect(await seatsOf(student.id)).toEqual([lecture.id, labs[1]!.id].sort((a, b) => a - b));

    await expect(swap(student.id, labs[1]!.id, other.id, 'drop')).rejects.toSatisfy(
      (error) => classifyDbError(error, 'enroll') === 'incomplete_set',
    );
    expect(await seatsOf(student.id)).toEqual([lecture.id, labs[1]!.id].sort((a, b) => a - b));
  });

  it('validates links in the database: same course and term, another component', async () => {
    const { lecture } = await createSectionSet(testDb, { labs: 1 });
    const otherCourse = await createCourse(testDb);
    const cases = [
      { courseId: otherCourse.id, termId: lecture.termId, component: 'LAB' },
      { courseId: lecture.courseId, termId: (await createTerm(testDb)).id, component: 'LAB' },
      { courseId: lecture.courseId, termId: lecture.termId, component: 'LEC' },
    ];
    for (const c of cases) {
      const refused = await refusalOf(() =>
        testDb.insert(sections).values({ ...c, code: `X${Math.random()}`.slice(0, 8), capacity: 5, linkedSectionId: lecture.id }),
      );
      expect(refused?.code).toBe('invalid_link');
    }
  });

  it('refuses a link that would leave enrolled students with an incomplete set, and a held lab changing component', async () => {
    const lecture = await createSection(testDb, { code: 'A' });
    const student = await createUser(testDb);
    expect((await enroll(student.id, lecture.id)).ok).toBe(true);
    const refused = await refusalOf(() =>
      testDb.insert(sections).values({
        courseId: lecture.courseId,
        termId: lecture.termId,
        code: 'A01',
        capacity: 5,
        component: 'LAB',
        linkedSectionId: lecture.id,
      }),
    );
    expect(refused?.code).toBe('incomplete_set');

    const { lecture: l2, labs } = await createSectionSet(testDb, { labs: 1 });
    await enrollSet(student.id, [l2.id, labs[0]!.id]);
    const changed = await refusalOf(() => testDb.update(sections).set({ component: 'REC' }).where(eq(sections.id, labs[0]!.id)));
    expect(changed?.code).toBe('section_in_use');
  });

  it('promotes a waitlist entry with the rest of its set, or leaves it saying why', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 1, capacity: 5, labCapacity: 1 });
    const holder = await createUser(testDb);
    const waiting = await createUser(testDb);
    await enrollSet(holder.id, [lecture.id, labs[0]!.id]);
    await testDb.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, labs[0]!.id));
    expect((await joinWaitlist(waiting.id, labs[0]!.id, null, testDb, waiting.id, [lecture.id])).ok).toBe(true);

    // The holder's set goes: both seats are free, so the waiting student's set is promoted whole.
    await leaveSet(holder.id, [lecture.id, labs[0]!.id], 'drop');
    expect(await seatsOf(waiting.id)).toEqual([lecture.id, labs[0]!.id].sort((a, b) => a - b));
    const left = await testDb.select().from(waitlistEntries).where(eq(waitlistEntries.studentId, waiting.id));
    expect(left).toEqual([]);
  });

  it('passes a set over at promotion when another member has no seat, keeping the entry with its reason', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 1, capacity: 1, labCapacity: 1 });
    const holder = await createUser(testDb);
    const waiting = await createUser(testDb);
    await enrollSet(holder.id, [lecture.id, labs[0]!.id]);
    await testDb.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, labs[0]!.id));
    expect((await joinWaitlist(waiting.id, labs[0]!.id, null, testDb, waiting.id, [lecture.id])).ok).toBe(true);
    // The lab's capacity grows; the lecture stays full.
    await testDb.update(sections).set({ capacity: 2 }).where(eq(sections.id, labs[0]!.id));
    expect(await seatsOf(waiting.id)).toEqual([]);
    const [entry] = await testDb.select().from(waitlistEntries).where(eq(waitlistEntries.studentId, waiting.id));
    expect(entry?.passedOverReason).toBe('section_full');
  });
});

describe('credits', () => {
  it('adds sections’ own credits (a 0-credit lab beside a 1.5-credit lecture) under the maximum', async () => {
    const term = await createTerm(testDb);
    const course = await createCourse(testDb, { credits: 1.5 });
    const lecture = await createSection(testDb, { termId: term.id, courseId: course.id, code: 'A' });
    const lab = await createSection(testDb, {
      termId: term.id,
      courseId: course.id,
      component: 'LAB',
      linkedSectionId: lecture.id,
      credits: 0,
    });
    const big = await createSection(testDb, { termId: term.id, courseId: (await createCourse(testDb, { credits: 17 })).id });
    const student = await createUser(testDb);
    expect((await enrollSet(student.id, [lecture.id, lab.id])).ok).toBe(true);
    const [load] = await testDb.select().from(studentTermCredits).where(eq(studentTermCredits.studentId, student.id));
    expect(load?.credits).toBe(1.5);
    const refused = await enroll(student.id, big.id);
    expect(refused).toMatchObject({ ok: false, reason: 'credit_limit' });
    expect(describeRefusal(refused.ok ? null! : refused.refusal!)).toBe(
      'This section would bring you to 18.5 credits this term; the maximum is 18.',
    );
  });
});

describe('half-term meetings', () => {
  it('conflict only when their dates overlap too', async () => {
    const term = await createTerm(testDb);
    const at = { day: 2, startsAt: '10:00', endsAt: '11:15' };
    const first = await createSection(testDb, {
      termId: term.id,
      meetings: [{ ...at, endsOn: mid(term) }],
    });
    const second = await createSection(testDb, { termId: term.id, meetings: [{ ...at, startsOn: next(mid(term)) }] });
    const overlapping = await createSection(testDb, { termId: term.id, meetings: [{ ...at, startsOn: mid(term) }] });
    const wholeTerm = await createSection(testDb, { termId: term.id, meetings: [at] });
    const student = await createUser(testDb);
    expect((await enroll(student.id, first.id)).ok).toBe(true);
    expect((await enroll(student.id, second.id)).ok).toBe(true);
    expect(await enroll(student.id, overlapping.id)).toMatchObject({ ok: false, reason: 'time_conflict' });
    expect(await enroll(student.id, wholeTerm.id)).toMatchObject({ ok: false, reason: 'time_conflict' });
  });

  it('the EXCLUDE constraint itself carries the dates (rows of student_meetings)', async () => {
    const rows = await testDb.execute<{ def: string }>(
      sql`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'student_meetings_no_overlap'`,
    );
    expect(rows[0]?.def).toContain('daterange(starts_on, ends_on');
  });
});

function mid(term: { classesStartOn: string | null; classesEndOn: string | null }) {
  const start = Date.parse(term.classesStartOn!);
  const end = Date.parse(term.classesEndOn!);
  return new Date((start + end) / 2).toISOString().slice(0, 10);
}
function next(day: string) {
  return new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
}

describe('the weeks a part-of-term meeting runs', () => {
  it('counts weeks from the first class day, and says nothing for a meeting of the whole term', () => {
    const classes = { startsOn: '2027-01-11', endsOn: '2027-05-07' };
    const at = { day: 2, startsAt: '16:00', endsAt: '17:15' };
    expect(meetingWeeks({ ...at, endsOn: '2027-03-05' }, classes)).toBe('Weeks 1–8');
    expect(meetingWeeks({ ...at, startsOn: '2027-03-08' }, classes)).toBe('Weeks 9–17');
    expect(meetingWeeks(at, classes)).toBeNull();
  });
});

describe('choices in words', () => {
  it('writes a run as a range and anything else as a list', () => {
    expect(choicesInWords(['A01', 'A02', 'A03'])).toBe('A01–A03');
    expect(choicesInWords(['A01', 'A03', 'A04'])).toBe('A01, A03, A04');
    expect(choicesInWords(['A'])).toBe('A');
  });
});
