import { eq } from 'drizzle-orm';
import { renderToString } from 'react-dom/server';
import type { ReactElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { enrollments, sections } from '../db/schema';
import { testDb } from './db';
import { signInAs } from './session';
import { createSection, createTerm, createUser, createUsers, fillSection } from '../testing/factories';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const { getRoster } = await import('../db/queries/rosters');
const { listTermSections } = await import('../db/queries/sections');
const RosterPage = (await import('../app/(app)/sections/[id]/roster/page')).default;
const InstructorPage = (await import('../app/(app)/instructor/page')).default;

describe('the roster', () => {
  it('lists seat holders (matching enrolled_count) and withdrawn students separately', async () => {
    const section = await createSection(testDb, { capacity: 8 });
    const seated = await fillSection(testDb, section.id, 5);
    await testDb.update(enrollments).set({ completionStatus: 'withdrawn' }).where(eq(enrollments.studentId, seated[0]!.id));
    await testDb.update(enrollments).set({ completionStatus: 'completed' }).where(eq(enrollments.studentId, seated[1]!.id));

    const roster = (await getRoster(section.id))!;
    expect(roster.section.enrolledCount).toBe(4);
    expect(roster.seated).toHaveLength(roster.section.enrolledCount);
    expect(roster.seated.map((e) => e.status).sort()).toEqual(['completed', 'enrolled', 'enrolled', 'enrolled']);
    expect(roster.withdrawn.map((e) => e.studentId)).toEqual([seated[0]!.id]);
    expect(await getRoster(2_000_000_000)).toBeUndefined();
  });

  it('a re-enrolled student is listed by the time they took the seat again', async () => {
    const section = await createSection(testDb);
    const [first, second] = await createUsers(testDb, 2);
    await testDb.insert(enrollments).values({ studentId: first!.id, sectionId: section.id });
    await testDb.insert(enrollments).values({ studentId: second!.id, sectionId: section.id });
    await testDb.update(enrollments).set({ completionStatus: 'withdrawn' }).where(eq(enrollments.studentId, first!.id));
    await testDb.update(enrollments).set({ completionStatus: 'enrolled' }).where(eq(enrollments.studentId, first!.id));
    const roster = (await getRoster(section.id, 'time'))!;
    expect(roster.seated.map((e) => e.studentId)).toEqual([second!.id, first!.id]);
  });

  it('the page shows the counts, both lists, the CSV link, and the registrar tools only to registrars', async () => {
    const instructor = await createUser(testDb, 'instructor');
    const section = await createSection(testDb, { capacity: 6, instructorId: instructor.id });
    const students = await fillSection(testDb, section.id, 3);
    await testDb.update(enrollments).set({ completionStatus: 'withdrawn' }).where(eq(enrollments.studentId, students[2]!.id));
    const props = { params: Promise.resolve({ id: String(section.id) }), searchParams: Promise.resolve({ sort: 'time' }) };

    signInAs(instructor);
    const html = renderToString((await RosterPage(props)) as ReactElement);
    expect(html).toContain('Students holding a seat (<!-- -->2<!-- -->)');
    expect(html).toContain('Withdrawn (<!-- -->1<!-- -->)');
    expect(html).toContain(`href="/api/sections/${section.id}/roster.csv?sort=time"`);
    for (const s of students) expect(html).toContain(s.email);
    expect(html).not.toContain('Enroll a student');

    signInAs(await createUser(testDb, 'registrar'));
    const asRegistrar = renderToString((await RosterPage(props)) as ReactElement);
    expect(asRegistrar).toContain('Enroll a student');
    expect(asRegistrar).toContain('>Drop<');
  });
});

describe('the instructor dashboard', () => {
  it("shows the instructor's own sections of the term, with fill and a roster link", async () => {
    const term = await createTerm(testDb, 'open');
    const [mine, theirs] = [await createUser(testDb, 'instructor'), await createUser(testDb, 'instructor')];
    const a = await createSection(testDb, { termId: term.id, instructorId: mine.id, capacity: 4 });
    const b = await createSection(testDb, { termId: term.id, instructorId: theirs.id });
    await fillSection(testDb, a.id, 3);

    const rows = await listTermSections(term.id, { instructorId: mine.id });
    expect(rows.map((r) => [r.id, r.enrolledCount, r.capacity])).toEqual([[a.id, 3, 4]]);

    signInAs(mine);
    const [section] = await testDb.select().from(sections).where(eq(sections.id, a.id));
    const html = renderToString((await InstructorPage({ searchParams: Promise.resolve({ term: term.code }) })) as ReactElement);
    expect(html).toContain(`href="/sections/${a.id}/roster"`);
    expect(html).not.toContain(`href="/sections/${b.id}/roster"`);
    expect(html).toContain(`${section!.enrolledCount} / ${section!.capacity}`.replace(' / ', '<!-- --> / <!-- -->'));
  });
});
