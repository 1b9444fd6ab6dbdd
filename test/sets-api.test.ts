/** The HTTP API of sets (docs/decisions/0022): POST /api/enrollments, the set's drop, a waitlist place with `with`. */
import { describe, expect, it, vi } from 'vitest';
import { testDb } from './db';
import { createSection, createSectionSet, createUser } from '../testing/factories';
import { signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const setRoute = await import('../app/api/enrollments/route');
const enrollmentsRoute = await import('../app/api/sections/[id]/enrollments/route');
const waitlistRoute = await import('../app/api/sections/[id]/waitlist/route');

async function postSet(body: unknown) {
  const request = new Request('http://test.local/api/enrollments', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const response = await setRoute.POST(request, {});
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function onSection(route: 'enrollments' | 'waitlist', method: 'POST' | 'DELETE', id: number, body?: unknown) {
  const request = new Request(`http://test.local/api/sections/${id}/${route}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  const handler = route === 'enrollments' ? enrollmentsRoute[method] : waitlistRoute[method];
  const response = await handler(request, { params: Promise.resolve({ id: String(id) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/enrollments {"sections": [...]}', () => {
  it('201 with every enrollment of the set; a lecture alone is 409 incomplete_set naming the choices', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 3 });
    signInAs(await createUser(testDb));
    expect(await postSet({ sections: [lecture.id] })).toEqual({
      status: 409,
      body: {
        error: 'incomplete_set',
        message: expect.stringMatching(/^TEST \w+-A needs a LAB section: A01–A03\.$/),
        sectionId: lecture.id,
      },
    });
    const taken = await postSet({ sections: [lecture.id, labs[1]!.id] });
    expect(taken.status).toBe(201);
    expect((taken.body.enrollments as { sectionId: number }[]).map((e) => e.sectionId).sort()).toEqual(
      [lecture.id, labs[1]!.id].sort(),
    );
  });

  it('the first refusal names its section, and nothing is held', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 1, labCapacity: 0 });
    const student = await createUser(testDb);
    signInAs(student);
    expect(await postSet({ sections: [lecture.id, labs[0]!.id] })).toEqual({
      status: 409,
      body: { error: 'section_full', message: expect.stringMatching(/-A01 has no open seats\.$/), sectionId: labs[0]!.id },
    });
    expect(await onSection('enrollments', 'DELETE', lecture.id)).toMatchObject({ status: 404, body: { error: 'not_enrolled' } });
  });

  it('404 naming unknown ids, 400 for sections of different courses, 400 for a malformed body', async () => {
    const { lecture } = await createSectionSet(testDb, { labs: 1 });
    const other = await createSection(testDb, { termId: lecture.termId });
    signInAs(await createUser(testDb));
    expect(await postSet({ sections: [lecture.id, 2_000_000_001, 2_000_000_002] })).toEqual({
      status: 404,
      body: {
        error: 'sections_not_found',
        message: 'No section has the id 2000000001, 2000000002.',
        missing: [2_000_000_001, 2_000_000_002],
      },
    });
    expect(await postSet({ sections: [lecture.id, other.id] })).toMatchObject({ status: 400, body: { error: 'mixed_sections' } });
    for (const bad of [{}, { sections: [] }, { sections: ['x'] }, { sections: 5 }]) {
      expect(await postSet(bad)).toMatchObject({ status: 400, body: { error: 'invalid_input' } });
    }
  });

  it('403 for a registrar, 401 signed out', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 1 });
    signInAs(await createUser(testDb, 'registrar'));
    expect(await postSet({ sections: [lecture.id, labs[0]!.id] })).toMatchObject({ status: 403 });
    signInAs(null);
    expect(await postSet({ sections: [lecture.id, labs[0]!.id] })).toMatchObject({ status: 401 });
  });
});

describe('a set dropped, and a waitlist place with the rest of the set', () => {
  it('dropping the lab drops the lecture too, and the answer lists both', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 2 });
    signInAs(await createUser(testDb));
    await postSet({ sections: [lecture.id, labs[0]!.id] });
    const left = await onSection('enrollments', 'DELETE', labs[0]!.id);
    expect(left.status).toBe(200);
    expect(left.body.action).toBe('drop');
    expect((left.body.enrollments as { sectionId: number }[]).map((e) => e.sectionId).sort()).toEqual(
      [lecture.id, labs[0]!.id].sort(),
    );
  });

  it('swapFrom trades one lab for another of the same lecture', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 2 });
    signInAs(await createUser(testDb));
    await postSet({ sections: [lecture.id, labs[0]!.id] });
    expect(await onSection('enrollments', 'POST', labs[1]!.id, { swapFrom: labs[0]!.id })).toMatchObject({ status: 201 });
  });

  it('a place on a full lab carries `with`: the lecture comes with the seat', async () => {
    const { lecture, labs } = await createSectionSet(testDb, { labs: 1, labCapacity: 1 });
    const { sections } = await import('../db/schema');
    const { eq } = await import('drizzle-orm');
    await testDb.update(sections).set({ waitlistCapacity: 3 }).where(eq(sections.id, labs[0]!.id));
    const holder = await createUser(testDb);
    signInAs(holder);
    await postSet({ sections: [lecture.id, labs[0]!.id] });
    const waiting = await createUser(testDb);
    signInAs(waiting);
    expect(await onSection('waitlist', 'POST', labs[0]!.id, { with: [lecture.id] })).toEqual({
      status: 201,
      body: { position: 1, length: 1, with: [lecture.id] },
    });
    expect(await onSection('waitlist', 'POST', labs[0]!.id, { with: [2_000_000_003] })).toMatchObject({ status: 404 });
    signInAs(holder);
    await onSection('enrollments', 'DELETE', lecture.id);
    signInAs(waiting);
    const again = await onSection('enrollments', 'DELETE', labs[0]!.id);
    expect((again.body.enrollments as { sectionId: number }[]).map((e) => e.sectionId).sort()).toEqual(
      [lecture.id, labs[0]!.id].sort(),
    );
  });
});
