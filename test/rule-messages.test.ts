import { describe, expect, it, vi } from 'vitest';
import { coursePrerequisites, registrationHolds } from '../db/schema';
import { testDb } from './db';
import { createCourse, createSection, createTerm, createUser } from '../testing/factories';
import { MWF } from './rules-helpers';
import { form, signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
const { enrollStudent } = await import('../lib/domain/students');
const enrollmentsRoute = await import('../app/api/sections/[id]/enrollments/route');
const { enrollAction } = await import('../app/(app)/sections/[id]/actions');
const { IDLE } = await import('../lib/web/action-state');

const label = (course: { subject: string; number: string }, section: { code: string }) =>
  `${course.subject} ${course.number}-${section.code}`;

describe('every rule refusal is one sentence that names what it is about', () => {
  it('time conflict: the other section and its time, in the page and in the API', async () => {
    const term = await createTerm(testDb);
    const [a, b] = [await createCourse(testDb), await createCourse(testDb)];
    const held = await createSection(testDb, { termId: term.id, courseId: a.id, meetings: MWF('09:00', '09:50') });
    const other = await createSection(testDb, { termId: term.id, courseId: b.id, meetings: MWF('09:30', '10:20') });
    const student = await createUser(testDb);
    expect(await enrollStudent(student.id, held.id)).toMatchObject({ ok: true });
    const message = `This section meets at the same time as ${label(a, held)} (MWF 9:00–9:50 AM), which you are enrolled in.`;
    expect(await enrollStudent(student.id, other.id)).toEqual({ ok: false, reason: 'time_conflict', message });

    signInAs(student);
    expect(await enrollAction(IDLE, form({ sectionId: other.id }))).toMatchObject({ status: 'error', message });
    const response = await enrollmentsRoute.POST(
      new Request(`http://test.local/api/sections/${other.id}/enrollments`, { method: 'POST' }),
      { params: Promise.resolve({ id: String(other.id) }) },
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: 'time_conflict', message });
  });

  it('one seat per course, credit maximum, prerequisites and holds', async () => {
    const term = await createTerm(testDb);
    const course = await createCourse(testDb, { credits: 4 });
    const [first, second] = [
      await createSection(testDb, { termId: term.id, courseId: course.id }),
      await createSection(testDb, { termId: term.id, courseId: course.id }),
    ];
    const student = await createUser(testDb);
    await enrollStudent(student.id, first.id);
    expect(await enrollStudent(student.id, second.id)).toMatchObject({
      reason: 'already_in_course',
      message: `You already hold a seat in ${label(course, first)}, another section of this course.`,
    });

    const heavy = await Promise.all([6, 6, 4].map((credits) => createCourse(testDb, { credits })));
    for (const c of heavy.slice(0, 2))
      await enrollStudent(student.id, (await createSection(testDb, { termId: term.id, courseId: c.id })).id);
    const tooMuch = await createSection(testDb, { termId: term.id, courseId: heavy[2]!.id });
    expect(await enrollStudent(student.id, tooMuch.id)).toMatchObject({
      reason: 'credit_limit',
      message: 'This section would bring you to 20 credits this term; the maximum is 18.',
    });

    const [intro, advanced] = [await createCourse(testDb), await createCourse(testDb)];
    await testDb.insert(coursePrerequisites).values({ courseId: advanced.id, prerequisiteCourseId: intro.id });
    const needsIntro = await createSection(testDb, { termId: term.id, courseId: advanced.id });
    expect(await enrollStudent(student.id, needsIntro.id)).toMatchObject({
      reason: 'prerequisite_missing',
      message: `${advanced.subject} ${advanced.number} needs ${intro.subject} ${intro.number}.`,
    });

    const held = await createUser(testDb);
    await testDb.insert(registrationHolds).values({ studentId: held.id, reason: 'Unpaid tuition balance' });
    expect(await enrollStudent(held.id, first.id)).toMatchObject({
      reason: 'registration_hold',
      message: "You have a registration hold: Unpaid tuition balance. Contact the registrar's office to lift it.",
    });
  });
});
