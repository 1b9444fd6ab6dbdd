import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { copyTermSections } from '../db/queries/terms';
import { crossLists, enrollments, sectionMeetings, sections, terms } from '../db/schema';
import { createCourse, createTerm, createUser, createUsers } from '../testing/factories';
import { testDb } from './db';

/** What a roll-over must carry over, per section, by course and code (ids differ). */
async function shape(termId: number) {
  const rows = await testDb.execute(sql`
    SELECT s.course_id, s.code, s.instructor_id, s.capacity, s.location, s.waitlist_capacity, s.component, s.credits,
           l.code AS linked_code, x.code AS cross_list, x.capacity AS cross_list_capacity, s.enrolled_count,
           (SELECT json_agg(json_build_object('day', m.day, 'at', m.starts_at, 'to', m.ends_at, 'on', m.starts_on, 'until', m.ends_on)
                            ORDER BY m.day, m.starts_at) FROM section_meetings m WHERE m.section_id = s.id) AS meetings
      FROM sections s LEFT JOIN sections l ON l.id = s.linked_section_id LEFT JOIN cross_lists x ON x.id = s.cross_list_id
     WHERE s.term_id = ${termId} ORDER BY s.course_id, s.code`);
  return [...rows];
}

describe('copying a term’s sections (roll-over)', () => {
  it('copies components, links, credits, capacities, waitlists, instructors, cross-lists and shifted meetings; nobody enrolled', async () => {
    const { id: fromId, ...from } = await createTerm(testDb);
    const [to] = await testDb
      .insert(terms)
      .values({
        ...from,
        code: `${from.code}-N`,
        name: 'Next',
        classesStartOn: '2027-01-11',
        classesEndOn: '2027-05-01',
      })
      .returning();
    await testDb.update(terms).set({ classesStartOn: '2026-08-17', classesEndOn: '2026-12-10' }).where(eq(terms.id, fromId));
    const course = await createCourse(testDb);
    const other = await createCourse(testDb);
    const instructor = await createUser(testDb, 'instructor');
    const [xl] = await testDb.insert(crossLists).values({ termId: fromId, code: 'XL1', capacity: 40 }).returning();
    const [lec, lab] = await testDb
      .insert(sections)
      .values([
        {
          courseId: course.id,
          termId: fromId,
          code: 'A',
          capacity: 30,
          waitlistCapacity: 5,
          instructorId: instructor.id,
          location: 'Hall 1',
          crossListId: xl!.id,
        },
        { courseId: course.id, termId: fromId, code: 'A01', capacity: 15, component: 'LAB', credits: 0 },
        { courseId: other.id, termId: fromId, code: '001', capacity: 10, credits: 1.5, component: 'IND' },
      ])
      .returning();
    await testDb.update(sections).set({ linkedSectionId: lec!.id }).where(eq(sections.id, lab!.id));
    await testDb.insert(sectionMeetings).values([
      { sectionId: lec!.id, day: 1, startsAt: '09:00', endsAt: '09:50' },
      { sectionId: lab!.id, day: 2, startsAt: '13:00', endsAt: '15:50', startsOn: '2026-08-17', endsOn: '2026-10-09' },
    ]);
    // Complete sets (docs/decisions/0022): each student holds the lecture with its lab, in one statement.
    const students = await createUsers(testDb, 3);
    await testDb
      .insert(enrollments)
      .values(students.flatMap((s) => [lec!.id, lab!.id].map((sectionId) => ({ studentId: s.id, sectionId }))));

    const result = await copyTermSections(fromId, to!.id, testDb);
    expect(result).toEqual({ ok: true, value: { sections: 3, meetings: 2 } });
    const before = await shape(fromId);
    const after = await shape(to!.id);
    // Meeting dates move by the class-start difference (147 days), everything else is equal; no seats held.
    const expected = before.map((r) => ({
      ...r,
      enrolled_count: 0,
      ...(r.code === 'A01'
        ? { meetings: [{ day: 2, at: '13:00:00', to: '15:50:00', on: '2027-01-11', until: '2027-03-05' }] }
        : {}),
    }));
    expect(after).toEqual(expected);
    const [held] = await testDb.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM enrollments e JOIN sections s ON s.id = e.section_id WHERE s.term_id = ${to!.id}`,
    );
    expect(held!.n).toBe(0);

    // All or nothing: a second copy finds the codes taken and writes nothing.
    const again = await copyTermSections(fromId, to!.id, testDb);
    expect(again).toEqual({ ok: false, reason: 'duplicate_section_code' });
    expect(await shape(to!.id)).toEqual(after);
  });
});
