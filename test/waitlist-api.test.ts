import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { enrollments, sections } from '../db/schema';
import { testDb } from './db';
import { createCourse, createSection, createTerm, createUser, fillSection } from '../testing/factories';
import { MWF } from './rules-helpers';
import { signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const waitlistRoute = await import('../app/api/sections/[id]/waitlist/route');
const enrollmentsRoute = await import('../app/api/sections/[id]/enrollments/route');
const sectionRoute = await import('../app/api/sections/[id]/route');

type Route = 'waitlist' | 'enrollments' | 'section';

async function call(route: Route, method: 'POST' | 'DELETE' | 'GET', id: string | number, body?: string) {
  const path = route === 'section' ? '' : `/${route}`;
  const request = new Request(`http://test.local/api/sections/${id}${path}`, {
    method,
    body,
    headers: body ? { 'content-type': 'application/json' } : {},
  });
  const routes = route === 'waitlist' ? waitlistRoute : route === 'enrollments' ? enrollmentsRoute : sectionRoute;
  const handler = (routes as unknown as Record<string, typeof sectionRoute.GET>)[method]!;
  const response = await handler(request, { params: Promise.resolve({ id: String(id) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function fullSectionWithWaitlist(waitlistCapacity: number, options: Parameters<typeof createSection>[1] = {}) {
  const section = await createSection(testDb, { capacity: 1, ...options });
  await testDb.update(sections).set({ waitlistCapacity }).where(eq(sections.id, section.id));
  const [holder] = await fillSection(testDb, section.id, 1);
  return { section, holder: holder! };
}

describe('POST and DELETE /api/sections/{id}/waitlist', () => {
  it('201 {position, length}; 409 already_waitlisted, waitlist_full, seats_available, already_enrolled; 200 and 404 on leaving', async () => {
    const { section, holder } = await fullSectionWithWaitlist(2);
    const [a, b, c] = [await createUser(testDb), await createUser(testDb), await createUser(testDb)];
    signInAs(a);
    expect(await call('waitlist', 'POST', section.id)).toEqual({ status: 201, body: { position: 1, length: 1 } });
    expect(await call('waitlist', 'POST', section.id)).toMatchObject({ status: 409, body: { error: 'already_waitlisted' } });
    expect(await call('section', 'GET', section.id)).toMatchObject({
      status: 200,
      body: { waitlist: { capacity: 2, length: 1 }, myPosition: 1 },
    });
    signInAs(b);
    expect(await call('waitlist', 'POST', section.id)).toEqual({ status: 201, body: { position: 2, length: 2 } });
    signInAs(c);
    expect(await call('waitlist', 'POST', section.id)).toMatchObject({ status: 409, body: { error: 'waitlist_full' } });
    expect(await call('enrollments', 'POST', section.id)).toEqual({
      status: 409,
      body: {
        error: 'section_full',
        message: expect.stringMatching(/^Section is full: [A-Z]+ \S+-\S+ has no open seats\.$/),
        waitlist: { open: false, length: 2 },
      },
    });
    signInAs(holder);
    expect(await call('waitlist', 'POST', section.id)).toMatchObject({ status: 409, body: { error: 'already_enrolled' } });
    signInAs(a);
    expect(await call('waitlist', 'DELETE', section.id)).toMatchObject({ status: 200 });
    expect(await call('waitlist', 'DELETE', section.id)).toMatchObject({ status: 404, body: { error: 'not_waitlisted' } });
    signInAs(b);
    expect(await call('section', 'GET', section.id)).toMatchObject({ body: { myPosition: 1, waitlist: { length: 1 } } });
    // The holder drops: b is promoted in that request's transaction.
    signInAs(holder);
    expect(await call('enrollments', 'DELETE', section.id)).toMatchObject({ status: 200, body: { action: 'drop' } });
    const seats = await testDb.select().from(enrollments).where(eq(enrollments.sectionId, section.id));
    expect(seats.map((e) => e.studentId)).toEqual([b.id]);
    signInAs(c);
    expect(await call('waitlist', 'POST', section.id)).toEqual({ status: 201, body: { position: 1, length: 1 } });
    // A capacity raise promotes c in the same statement; the seat left over is for anyone.
    await testDb.update(sections).set({ capacity: 3 }).where(eq(sections.id, section.id));
    expect(await call('section', 'GET', section.id)).toMatchObject({ body: { enrolledCount: 2, myPosition: null } });
    signInAs(await createUser(testDb));
    expect(await call('waitlist', 'POST', section.id)).toMatchObject({ status: 409, body: { error: 'seats_available' } });
  });

  it('the rules answer at joining; bad inputs: unknown section, not a student, malformed swapFrom, a section you do not hold', async () => {
    const term = await createTerm(testDb);
    const course = await createCourse(testDb);
    const { section: full } = await fullSectionWithWaitlist(5, {
      termId: term.id,
      courseId: course.id,
      meetings: MWF('09:00', '09:50'),
    });
    const other = await createSection(testDb, { termId: term.id, courseId: course.id, meetings: MWF('13:00', '13:50') });
    const student = await createUser(testDb);
    signInAs(student);
    expect(await call('enrollments', 'POST', other.id)).toMatchObject({ status: 201 });
    const otherLabel = `${course.subject} ${course.number}-${other.code}`;
    expect(await call('waitlist', 'POST', full.id)).toMatchObject({
      status: 409,
      body: { error: 'already_in_course', message: expect.stringContaining(otherLabel) },
    });
    expect(await call('waitlist', 'POST', full.id, JSON.stringify({ swapFrom: other.id }))).toEqual({
      status: 201,
      body: { position: 1, length: 1 },
    });

    expect(await call('waitlist', 'POST', 2_000_000_000)).toMatchObject({ status: 404, body: { error: 'section_not_found' } });
    expect(await call('waitlist', 'DELETE', 2_000_000_000)).toMatchObject({ status: 404, body: { error: 'section_not_found' } });
    expect(await call('waitlist', 'POST', 'abc')).toMatchObject({ status: 400, body: { error: 'invalid_section_id' } });
    expect(await call('enrollments', 'POST', full.id, '{"swapFrom": "x1"}')).toMatchObject({
      status: 400,
      body: { error: 'invalid_input' },
    });
    expect(await call('enrollments', 'POST', full.id, '{"swapFrom": -3}')).toMatchObject({ status: 400 });
    expect(await call('enrollments', 'POST', full.id, '{"swapFrom"')).toMatchObject({
      status: 400,
      body: { error: 'malformed_json' },
    });
    const notHeld = await createSection(testDb, { termId: term.id });
    expect(await call('enrollments', 'POST', full.id, JSON.stringify({ swapFrom: notHeld.id }))).toMatchObject({
      status: 409,
      body: { error: 'swap_source_not_held' },
    });

    signInAs(await createUser(testDb, 'instructor'));
    expect(await call('waitlist', 'POST', full.id)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await call('section', 'GET', full.id)).body).not.toHaveProperty('myPosition');
  });

  it('a swap with a free seat moves the student in one request; a refused swap keeps the old seat', async () => {
    const term = await createTerm(testDb);
    const course = await createCourse(testDb);
    const a = await createSection(testDb, { termId: term.id, courseId: course.id, meetings: MWF('09:00', '09:50') });
    const b = await createSection(testDb, { termId: term.id, courseId: course.id, capacity: 1, meetings: MWF('09:00', '09:50') });
    const c = await createSection(testDb, { termId: term.id, courseId: course.id, meetings: MWF('11:00', '11:50') });
    const student = await createUser(testDb);
    signInAs(student);
    await call('enrollments', 'POST', a.id);
    expect(await call('enrollments', 'POST', b.id, JSON.stringify({ swapFrom: a.id }))).toMatchObject({
      status: 201,
      body: { sectionId: b.id },
    });
    await fillSection(testDb, c.id, 10);
    expect(await call('enrollments', 'POST', c.id, JSON.stringify({ swapFrom: b.id }))).toMatchObject({
      status: 409,
      body: { error: 'section_full' },
    });
    const held = await testDb.select().from(enrollments).where(eq(enrollments.studentId, student.id));
    expect(held.map((e) => e.sectionId)).toEqual([b.id]);

    // A refusal names what it is about, as for a plain enroll: here the section that clashes.
    const other = await createCourse(testDb);
    const clash = await createSection(testDb, { termId: term.id, courseId: other.id, meetings: MWF('10:30', '11:20') });
    const d = await createSection(testDb, { termId: term.id, meetings: MWF('10:00', '10:50') });
    expect(await call('enrollments', 'POST', d.id)).toMatchObject({ status: 201 });
    const refused = await call('enrollments', 'POST', clash.id, JSON.stringify({ swapFrom: b.id }));
    expect(refused).toMatchObject({ status: 409, body: { error: 'time_conflict' } });
    expect(refused.body.message).toMatch(/^This section meets at the same time as /);
  });
});
