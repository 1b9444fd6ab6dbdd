/** The API's answers to odd client input (issue 27): never a 500, every answer private, a swap that would change nothing refused. */
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { enrollmentEvents, enrollments } from '../db/schema';
import { testDb } from './db';
import { createSection, createUser } from '../testing/factories';
import { signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const enrollmentsRoute = await import('../app/api/sections/[id]/enrollments/route');
const waitlistRoute = await import('../app/api/sections/[id]/waitlist/route');

async function call(handler: typeof enrollmentsRoute.POST, method: string, id: number, body?: string) {
  const url = `http://test.local/api/sections/${id}/enrollments`;
  const request = new Request(url, { method, body, headers: body ? { 'content-type': 'application/json' } : {} });
  const response = await handler(request, { params: Promise.resolve({ id: String(id) }) });
  return {
    status: response.status,
    cache: response.headers.get('cache-control'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('the API edge', () => {
  it('every answer of enroll, drop and the waitlist is Cache-Control: no-store', async () => {
    const student = await createUser(testDb);
    const section = await createSection(testDb, { capacity: 2 });
    signInAs(student);
    const answers = [
      await call(enrollmentsRoute.POST, 'POST', section.id),
      await call(enrollmentsRoute.POST, 'POST', section.id),
      await call(enrollmentsRoute.DELETE, 'DELETE', section.id),
      await call(waitlistRoute.POST, 'POST', section.id),
    ];
    expect(answers.map((a) => [a.status, a.cache])).toEqual([
      [201, 'no-store'],
      [409, 'no-store'],
      [200, 'no-store'],
      [409, 'no-store'],
    ]);
  });

  it('a JSON body nested thousands deep is a 400, not a 500', async () => {
    signInAs(await createUser(testDb));
    const section = await createSection(testDb);
    const deep = '['.repeat(4000) + ']'.repeat(4000);
    for (let i = 0; i < 5; i++) {
      expect(await call(enrollmentsRoute.POST, 'POST', section.id, deep)).toMatchObject({
        status: 400,
        body: { error: 'invalid_input' },
      });
    }
    const deepField = `{"swapFrom":${'['.repeat(4000)}${']'.repeat(4000)}}`;
    expect(await call(enrollmentsRoute.POST, 'POST', section.id, deepField)).toMatchObject({
      status: 400,
      body: { error: 'invalid_input' },
    });
  });

  it('a swap into the section already held is refused: same enrollment, nothing in the history', async () => {
    const student = await createUser(testDb);
    const section = await createSection(testDb, { capacity: 3 });
    signInAs(student);
    expect(await call(enrollmentsRoute.POST, 'POST', section.id)).toMatchObject({ status: 201 });
    const seat = () =>
      testDb
        .select()
        .from(enrollments)
        .where(and(eq(enrollments.studentId, student.id), eq(enrollments.sectionId, section.id)));
    const events = async () =>
      (await testDb.select({ n: count() }).from(enrollmentEvents).where(eq(enrollmentEvents.sectionId, section.id)))[0]!.n;
    const [before, eventsBefore] = [await seat(), await events()];
    expect(await call(enrollmentsRoute.POST, 'POST', section.id, JSON.stringify({ swapFrom: section.id }))).toMatchObject({
      status: 409,
      cache: 'no-store',
      body: { error: 'swap_to_same_section' },
    });
    expect(await seat()).toEqual(before);
    expect(await events()).toBe(eventsBefore);
  });
});
