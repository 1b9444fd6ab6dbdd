import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { swap } from '../db/queries/enrollments';
import { enrollments, sections } from '../db/schema';
import { testDb } from './db';
import { createCourse, createSection, createTerm, createUser, fillSection } from '../testing/factories';
import { signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const waitlistRoute = await import('../app/api/sections/[id]/waitlist/route');
const sectionRoute = await import('../app/api/sections/[id]/route');

async function call(route: 'waitlist' | 'section', method: 'POST' | 'PATCH' | 'GET', id: number, body?: string) {
  const request = new Request(`http://test.local/api/sections/${id}${route === 'waitlist' ? '/waitlist' : ''}`, {
    method,
    body,
    headers: body ? { 'content-type': 'application/json' } : {},
  });
  const routes = route === 'waitlist' ? waitlistRoute : sectionRoute;
  const handler = (routes as unknown as Record<string, typeof sectionRoute.GET>)[method]!;
  const response = await handler(request, { params: Promise.resolve({ id: String(id) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('PATCH /api/sections/{id}/waitlist {"swapFrom": id | null} (docs/decisions/0018)', () => {
  it('reports a stale release choice, changes it keeping the place, and answers 400/404/409', async () => {
    const term = await createTerm(testDb);
    const course = await createCourse(testDb);
    const [a, b, c] = [
      await createSection(testDb, { termId: term.id, courseId: course.id }),
      await createSection(testDb, { termId: term.id, courseId: course.id, capacity: 1 }),
      await createSection(testDb, { termId: term.id, courseId: course.id }),
    ];
    await testDb.update(sections).set({ waitlistCapacity: 3 }).where(eq(sections.id, b!.id));
    await fillSection(testDb, b!.id, 1);
    const student = await createUser(testDb);
    await testDb.insert(enrollments).values({ studentId: student.id, sectionId: a!.id });
    signInAs(student);
    expect(await call('waitlist', 'POST', b!.id, JSON.stringify({ swapFrom: a!.id }))).toMatchObject({ status: 201 });
    expect((await swap(student.id, a!.id, c!.id, 'drop', testDb)).ok).toBe(true);

    expect(await call('section', 'GET', b!.id)).toMatchObject({
      status: 200,
      body: { myPosition: 1, mySwapFrom: { sectionId: a!.id, stale: true } },
    });
    expect(await call('waitlist', 'PATCH', b!.id, JSON.stringify({ swapFrom: a!.id }))).toMatchObject({
      status: 409,
      body: { error: 'swap_source_not_held' },
    });
    expect(await call('waitlist', 'PATCH', b!.id, JSON.stringify({ swapFrom: null }))).toMatchObject({
      status: 409,
      body: { error: 'already_in_course' },
    });
    expect(await call('waitlist', 'PATCH', b!.id, JSON.stringify({}))).toMatchObject({ status: 400 });
    expect(await call('waitlist', 'PATCH', b!.id, JSON.stringify({ swapFrom: c!.id }))).toEqual({
      status: 200,
      body: { position: 1, length: 1, promoted: false },
    });
    expect(await call('section', 'GET', b!.id)).toMatchObject({
      body: { myPosition: 1, mySwapFrom: { sectionId: c!.id, stale: false } },
    });
    signInAs(await createUser(testDb));
    expect(await call('waitlist', 'PATCH', b!.id, JSON.stringify({ swapFrom: null }))).toMatchObject({
      status: 404,
      body: { error: 'not_waitlisted' },
    });
  });
});
