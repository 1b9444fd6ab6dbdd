import { describe, expect, it, vi } from 'vitest';
import { createDatabase } from '../db/client';
import { testDb } from './db';
import { createSection, createUser } from '../testing/factories';
import { signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const enrollmentsRoute = await import('../app/api/sections/[id]/enrollments/route');
const sectionRoute = await import('../app/api/sections/[id]/route');

type Method = 'POST' | 'DELETE' | 'GET';

async function call(method: Method, id: string | number, body?: string) {
  const url = `http://test.local/api/sections/${id}${method === 'GET' ? '' : '/enrollments'}`;
  const request = new Request(url, { method, body, headers: body ? { 'content-type': 'application/json' } : {} });
  const handler = method === 'GET' ? sectionRoute.GET : enrollmentsRoute[method];
  const response = await handler(request, { params: Promise.resolve({ id: String(id) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/sections/{id}/enrollments', () => {
  it('201 with the enrollment, then 409 already_enrolled', async () => {
    const student = await createUser(testDb);
    const section = await createSection(testDb, { capacity: 3 });
    signInAs(student);
    const first = await call('POST', section.id);
    expect(first).toMatchObject({ status: 201, body: { studentId: student.id, sectionId: section.id, status: 'enrolled' } });
    expect(await call('POST', section.id)).toEqual({
      status: 409,
      body: { error: 'already_enrolled', message: 'You are already enrolled' },
    });
  });

  it('409 section_full when the last seat is gone', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    signInAs(await createUser(testDb));
    await call('POST', section.id);
    signInAs(await createUser(testDb));
    expect(await call('POST', section.id)).toEqual({
      status: 409,
      body: {
        error: 'section_full',
        message: expect.stringMatching(/^Section is full: [A-Z]+ \S+-\S+ has no open seats\.$/),
        waitlist: { open: false, length: 0 },
      },
    });
  });

  it('404 unknown section, 400 malformed id, 400 malformed JSON', async () => {
    signInAs(await createUser(testDb));
    expect(await call('POST', 2_000_000_000)).toMatchObject({ status: 404, body: { error: 'section_not_found' } });
    for (const bad of ['abc', '0', '-4', '1e3', '3.0']) {
      expect(await call('POST', bad)).toMatchObject({ status: 400, body: { error: 'invalid_section_id' } });
    }
    const section = await createSection(testDb);
    expect(await call('POST', section.id, '{"oops"')).toMatchObject({ status: 400, body: { error: 'malformed_json' } });
    expect(await call('POST', section.id, '{"studentId": 1}')).toMatchObject({ status: 201 });
  });

  it('401 signed out, 403 for instructors and registrars, 403 when registration is closed', async () => {
    const section = await createSection(testDb);
    signInAs(null);
    expect(await call('POST', section.id)).toEqual({
      status: 401,
      body: { error: 'unauthenticated', message: 'Please sign in' },
    });
    for (const role of ['instructor', 'registrar'] as const) {
      signInAs(await createUser(testDb, role));
      expect(await call('POST', section.id)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    }
    const closed = await createSection(testDb, { phase: 'closed_before_drop_deadline' });
    signInAs(await createUser(testDb));
    expect(await call('POST', closed.id)).toEqual({
      status: 403,
      body: { error: 'registration_closed', message: 'Registration is closed' },
    });
  });

  it('503 with a clear message when the database is down, never the SQL', async () => {
    signInAs(await createUser(testDb));
    const section = await createSection(testDb);
    const holder = globalThis as unknown as { curriculabDb?: unknown };
    const healthy = holder.curriculabDb;
    const down = createDatabase('postgres://nobody:secret@127.0.0.1:1/none', { connectTimeoutSeconds: 2 });
    holder.curriculabDb = down.db;
    try {
      const answer = await call('POST', section.id);
      expect(answer).toEqual({
        status: 503,
        body: { error: 'unavailable', message: 'Registration is temporarily unavailable. Please try again in a moment.' },
      });
    } finally {
      holder.curriculabDb = healthy;
      await down.close();
    }
  });
});

describe('DELETE /api/sections/{id}/enrollments and GET /api/sections/{id}', () => {
  it('drops, then 404 when there is nothing to drop; seats are reported', async () => {
    const student = await createUser(testDb);
    const section = await createSection(testDb, { capacity: 4 });
    signInAs(student);
    await call('POST', section.id);
    expect(await call('GET', section.id)).toEqual({
      status: 200,
      body: {
        id: section.id,
        capacity: 4,
        enrolledCount: 1,
        seatsLeft: 3,
        waitlist: { capacity: 0, length: 0 },
        myPosition: null,
        mySwapFrom: null,
      },
    });
    expect(await call('DELETE', section.id)).toMatchObject({ status: 200, body: { action: 'drop' } });
    expect(await call('DELETE', section.id)).toMatchObject({ status: 404, body: { error: 'not_enrolled' } });
    expect(await call('GET', section.id)).toMatchObject({ body: { enrolledCount: 0, seatsLeft: 4 } });
  });

  it('withdraws after the drop deadline', async () => {
    const section = await createSection(testDb, { phase: 'withdraw_period' });
    signInAs(await createUser(testDb));
    await call('POST', section.id);
    expect(await call('DELETE', section.id)).toMatchObject({
      status: 200,
      body: { action: 'withdraw', enrollment: { status: 'withdrawn' } },
    });
  });

  it('GET needs a session and a real section', async () => {
    signInAs(null);
    expect(await call('GET', 1)).toMatchObject({ status: 401 });
    signInAs(await createUser(testDb, 'instructor'));
    expect(await call('GET', 2_000_000_000)).toMatchObject({ status: 404, body: { error: 'section_not_found' } });
    expect(await call('GET', 'x')).toMatchObject({ status: 400 });
  });
});
