/**
 * A registrar types a course's prerequisites as an expression (PUT /api/sections/{id}/prerequisites), and the
 * section's instructor or a registrar records final grades on the roster (PUT /api/sections/{id}/grades and the
 * roster's form), which completes the enrollments in one transaction (docs/decisions/0023). Bad input answers 400.
 */
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { describeRefusal } from '@/core/rules';
import { enroll } from '../db/queries/enrollments';
import { coursePrerequisites, enrollments, sections } from '../db/schema';
import { testDb } from './db';
import { form, signInAs } from './session';
import { createCourse, createSection, createTerm, createUser, fillSection, uniqueTag } from '../testing/factories';
import { createPastTerm } from './rules-helpers';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
const prerequisitesRoute = await import('../app/api/sections/[id]/prerequisites/route');
const gradesRoute = await import('../app/api/sections/[id]/grades/route');
const { recordGradesAction } = await import('../app/(app)/sections/[id]/roster/grade-actions');
const { IDLE } = await import('../lib/web/action-state');

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

async function call(handler: Handler, method: 'GET' | 'PUT', id: number | string, body?: unknown) {
  const request = new Request(`http://test.local/api/sections/${id}/x`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  const response = await handler(request, { params: Promise.resolve({ id: String(id) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Three catalog courses with a shared random subject, so expressions can name them. */
async function catalog() {
  const subject = `P${uniqueTag().slice(0, 5).toUpperCase().replace(/\d/g, 'Q')}`;
  const [intro, alt, math, target] = await Promise.all(
    ['1301', '1315', '1551', '1331'].map((number) => createCourse(testDb, { subject, number })),
  );
  const section = await createSection(testDb, { courseId: target!.id, capacity: 30 });
  return { subject, intro: intro!, alt: alt!, math: math!, target: target!, section };
}

describe('PUT /api/sections/{id}/prerequisites', () => {
  it('stores an expression as groups and prints it back canonically; the rule then decides by them', async () => {
    const { subject: s, intro, alt, math, target, section } = await catalog();
    signInAs(await createUser(testDb, 'registrar'));
    const typed = `( ${s.toLowerCase()} 1301 [c] OR ${s} 1315 [C] )and ${s} 1551`;
    const answer = await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: typed });
    expect(answer).toEqual({
      status: 200,
      body: {
        courseId: target.id,
        course: `${s} 1331`,
        expression: `(${s} 1301 [C] or ${s} 1315 [C]) and ${s} 1551`,
        groups: [
          [
            { subject: s, number: '1301', minGrade: 'C' },
            { subject: s, number: '1315', minGrade: 'C' },
          ],
          [{ subject: s, number: '1551', minGrade: null }],
        ],
      },
    });
    const rows = await testDb.select().from(coursePrerequisites).where(eq(coursePrerequisites.courseId, target.id));
    expect(rows.map((r) => [r.groupNo, r.prerequisiteCourseId, r.minGrade]).sort()).toEqual(
      [
        [1, intro.id, 'C'],
        [1, alt.id, 'C'],
        [2, math.id, null],
      ].sort(),
    );
    signInAs(await createUser(testDb));
    expect((await call(prerequisitesRoute.GET, 'GET', section.id)).body.expression).toBe(answer.body.expression);

    const student = await createUser(testDb);
    const refused = await enroll(student.id, section.id, testDb);
    expect(refused).toMatchObject({ ok: false, reason: 'prerequisite_missing' });
    expect(!refused.ok && 'refusal' in refused && refused.refusal && describeRefusal(refused.refusal)).toBe(
      `${s} 1331 needs one of ${s} 1301, ${s} 1315 with C or better and ${s} 1551.`,
    );

    // Replacing: the old groups are gone; "" removes them all.
    signInAs(await createUser(testDb, 'registrar'));
    expect((await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: `${s} 1551` })).body.expression).toBe(
      `${s} 1551`,
    );
    expect(await testDb.select().from(coursePrerequisites).where(eq(coursePrerequisites.courseId, target.id))).toHaveLength(1);
    expect((await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: '' })).body.expression).toBe('');
    expect((await enroll(student.id, section.id, testDb)).ok).toBe(true);
  });

  it('a malformed expression is 400 saying where; an unknown course and the course itself are named; nothing changes', async () => {
    const { subject: s, target, section } = await catalog();
    signInAs(await createUser(testDb, 'registrar'));
    await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: `${s} 1301` });

    const malformed = await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: `${s} 1301 and or ${s} 1315` });
    const at = `${s} 1301 and `.length;
    expect(malformed).toEqual({
      status: 400,
      body: {
        error: 'invalid_input',
        message: `Expected a course (such as CS 1301) or "(", found "or" at character ${at + 1}.`,
        fields: { expression: [`Expected a course (such as CS 1301) or "(", found "or" at character ${at + 1}.`] },
        position: at,
      },
    });
    const unknown = await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: `${s} 1301 or ${s} 9999 or ZZZ 1` });
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: 'invalid_input', message: `These courses are not in the catalog: ${s} 9999, ZZZ 1.` },
    });
    expect(await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: `${s} 1331 or ${s} 1301` })).toMatchObject({
      status: 400,
      body: { message: `${s} 1331 cannot be its own prerequisite.` },
    });
    expect(await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: `${s} 1301 [F]` })).toMatchObject({
      status: 400,
      body: { position: `${s} 1301 `.length },
    });
    expect(await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: 42 })).toMatchObject({
      status: 400,
      body: { error: 'invalid_input', fields: { expression: expect.any(Array) } },
    });
    expect((await call(prerequisitesRoute.GET, 'GET', section.id)).body.expression).toBe(`${s} 1301`);
    expect(await testDb.select().from(coursePrerequisites).where(eq(coursePrerequisites.courseId, target.id))).toHaveLength(1);
  });

  it('only a registrar: a student or an instructor is 403; an unknown section 404; a malformed id 400', async () => {
    const { section } = await catalog();
    const statuses: number[] = [];
    for (const role of ['student', 'instructor'] as const) {
      signInAs(await createUser(testDb, role));
      statuses.push((await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: '' })).status);
    }
    signInAs(null);
    statuses.push((await call(prerequisitesRoute.PUT, 'PUT', section.id, { expression: '' })).status);
    signInAs(await createUser(testDb, 'registrar'));
    statuses.push((await call(prerequisitesRoute.PUT, 'PUT', 2_000_000_000, { expression: '' })).status);
    statuses.push((await call(prerequisitesRoute.PUT, 'PUT', 'abc', { expression: '' })).status);
    expect(statuses).toEqual([403, 403, 401, 404, 400]);
  });
});

describe('final grades', () => {
  async function pastSection() {
    const past = await createPastTerm(testDb);
    const instructor = await createUser(testDb, 'instructor');
    const section = await createSection(testDb, { termId: past.id, instructorId: instructor.id, capacity: 5 });
    const students = await fillSection(testDb, section.id, 3);
    return { past, instructor, section, students };
  }
  const rowsOf = (sectionId: number) =>
    testDb
      .select({ studentId: enrollments.studentId, status: enrollments.completionStatus, grade: enrollments.grade })
      .from(enrollments)
      .where(eq(enrollments.sectionId, sectionId));

  it('the instructor records grades on the roster: the enrollments complete in one save, the history says completed', async () => {
    const { instructor, section, students } = await pastSection();
    const [a, b, c] = students;
    signInAs(instructor);
    const answer = await call(gradesRoute.PUT, 'PUT', section.id, {
      grades: [
        { studentId: a!.id, grade: 'B+' },
        { studentId: b!.id, grade: 'P' },
      ],
    });
    expect(answer).toEqual({ status: 200, body: { completed: 2 } });
    expect(new Map((await rowsOf(section.id)).map((r) => [r.studentId, [r.status, r.grade]]))).toEqual(
      new Map([
        [a!.id, ['completed', 'B+']],
        [b!.id, ['completed', 'P']],
        [c!.id, ['enrolled', null]],
      ]),
    );
    const events = await testDb.execute<{ kind: string; actor_id: number } & Record<string, unknown>>(
      sql`SELECT kind, actor_id FROM enrollment_events WHERE section_id = ${section.id} AND kind = 'completed' ORDER BY id`,
    );
    expect(events.map((e) => [e.kind, e.actor_id])).toEqual([
      ['completed', instructor.id],
      ['completed', instructor.id],
    ]);
    // A regrade keeps the record completed; the seat count never moved.
    expect((await call(gradesRoute.PUT, 'PUT', section.id, { grades: [{ studentId: a!.id, grade: 'A-' }] })).status).toBe(200);
    const [row] = await testDb
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.sectionId, section.id), eq(enrollments.studentId, a!.id)));
    expect(row).toMatchObject({ completionStatus: 'completed', grade: 'A-' });
    const [after] = await testDb.select().from(sections).where(eq(sections.id, section.id));
    expect(after!.enrolledCount).toBe(3);
  });

  it('the roster form: a grade outside the scale is that field’s error; a student without a seat refuses the whole save', async () => {
    const { section, students } = await pastSection();
    const [a, b] = students;
    signInAs(await createUser(testDb, 'registrar'));
    const bad = await recordGradesAction(
      IDLE,
      form({ sectionId: String(section.id), [`grade-${a!.id}`]: 'E', [`grade-${b!.id}`]: 'B' }),
    );
    expect(bad).toMatchObject({
      status: 'error',
      fieldErrors: { [`grade-${a!.id}`]: [expect.stringContaining('Choose a grade on the scale')] },
    });

    const stranger = await createUser(testDb);
    const refused = await recordGradesAction(
      IDLE,
      form({ sectionId: String(section.id), [`grade-${a!.id}`]: 'A', [`grade-${stranger.id}`]: 'B' }),
    );
    expect(refused).toMatchObject({ status: 'error', message: expect.stringContaining('nothing was saved') });
    expect((await rowsOf(section.id)).every((r) => r.status === 'enrolled')).toBe(true);

    const saved = await recordGradesAction(
      IDLE,
      form({ sectionId: String(section.id), [`grade-${a!.id}`]: 'A', [`grade-${b!.id}`]: '' }),
    );
    expect(saved).toMatchObject({ status: 'success', message: 'Final grades saved: 1 student completed the course.' });
  });

  it('bad input and the wrong people: 400 off the scale, 403 another instructor or a student, 404, 409 before classes end', async () => {
    const { section, students } = await pastSection();
    const [a] = students;
    signInAs(await createUser(testDb, 'registrar'));
    for (const grade of ['E', 'a', 'F+', '', 4]) {
      expect(
        (await call(gradesRoute.PUT, 'PUT', section.id, { grades: [{ studentId: a!.id, grade }] })).status,
        String(grade),
      ).toBe(400);
    }
    expect((await call(gradesRoute.PUT, 'PUT', section.id, { grades: [] })).status).toBe(400);
    expect((await call(gradesRoute.PUT, 'PUT', 2_000_000_000, { grades: [{ studentId: a!.id, grade: 'A' }] })).status).toBe(404);
    expect(await call(gradesRoute.PUT, 'PUT', section.id, { grades: [{ studentId: 2_000_000_000, grade: 'A' }] })).toMatchObject({
      status: 404,
      body: { error: 'student_not_enrolled' },
    });

    const current = await createSection(testDb, { termId: (await createTerm(testDb, 'past_withdraw')).id });
    const [enrolled] = await fillSection(testDb, current.id, 1);
    const early = await call(gradesRoute.PUT, 'PUT', current.id, { grades: [{ studentId: enrolled!.id, grade: 'A' }] });
    expect(early).toMatchObject({
      status: 409,
      body: { error: 'grading_not_open', message: expect.stringMatching(/once classes end on \w{3} \d+, \d{4}\.$/) },
    });

    signInAs(await createUser(testDb, 'instructor'));
    expect((await call(gradesRoute.PUT, 'PUT', section.id, { grades: [{ studentId: a!.id, grade: 'A' }] })).status).toBe(403);
    signInAs(a!);
    expect((await call(gradesRoute.PUT, 'PUT', section.id, { grades: [{ studentId: a!.id, grade: 'A' }] })).status).toBe(403);
    expect((await rowsOf(section.id)).every((r) => r.status === 'enrolled')).toBe(true);
  });

  it('a grade recorded here meets the next course’s prerequisite, or not, by its minimum', async () => {
    const { instructor, section, students } = await pastSection();
    const [good, low] = students;
    const next = await createCourse(testDb);
    const [row] = await testDb.select({ courseId: sections.courseId }).from(sections).where(eq(sections.id, section.id));
    await testDb.insert(coursePrerequisites).values({ courseId: next.id, prerequisiteCourseId: row!.courseId, minGrade: 'C' });
    const nextSection = await createSection(testDb, { courseId: next.id });
    signInAs(instructor);
    await call(gradesRoute.PUT, 'PUT', section.id, {
      grades: [
        { studentId: good!.id, grade: 'C' },
        { studentId: low!.id, grade: 'D+' },
      ],
    });
    expect((await enroll(good!.id, nextSection.id, testDb)).ok).toBe(true);
    expect(await enroll(low!.id, nextSection.id, testDb)).toMatchObject({ ok: false, reason: 'prerequisite_missing' });
  });
});
