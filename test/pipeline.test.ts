import { describe, expect, it, vi } from 'vitest';
import { testDb } from './db';
import { createSection, createUser } from '../testing/factories';
import { form, signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
// next-auth's own modules need Next's bundler to resolve; the sign-in test stops at validation, before Auth.js.
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));
const { revalidatePath } = await import('next/cache');
const { enrollAction } = await import('../app/(app)/sections/[id]/actions');
const { registrarEnrollAction } = await import('../app/(app)/sections/[id]/roster/actions');
const { updateSectionAction } = await import('../app/(app)/registrar/actions');
const enrollmentsRoute = await import('../app/api/sections/[id]/enrollments/route');
const { sectionPages } = await import('../lib/web/revalidate');
const { IDLE } = await import('../lib/web/action-state');

describe('the one action pipeline', () => {
  it('revalidates every page that shows the section, whichever action changed it', async () => {
    const section = await createSection(testDb, { capacity: 5 });
    signInAs(await createUser(testDb));
    vi.mocked(revalidatePath).mockClear();
    await enrollAction(IDLE, form({ sectionId: section.id }));
    const studentPaths = vi.mocked(revalidatePath).mock.calls.map(([path]) => path);

    signInAs(await createUser(testDb, 'registrar'));
    vi.mocked(revalidatePath).mockClear();
    const student = await createUser(testDb);
    await registrarEnrollAction(IDLE, form({ sectionId: section.id, studentEmail: student.email }));
    const registrarPaths = vi.mocked(revalidatePath).mock.calls.map(([path]) => path);

    expect(studentPaths).toEqual(sectionPages(section.id));
    expect(registrarPaths).toEqual(sectionPages(section.id));
    expect(sectionPages(section.id)).toEqual(
      expect.arrayContaining([
        '/sections',
        `/sections/${section.id}`,
        `/sections/${section.id}/roster`,
        '/schedule',
        '/registrar',
      ]),
    );
  });

  it('hands the typed values back with an error, so the form shows them again', async () => {
    const section = await createSection(testDb);
    signInAs(await createUser(testDb, 'registrar'));
    const state = await registrarEnrollAction(IDLE, form({ sectionId: section.id, studentEmail: 'nobody-here@curriculab.test' }));
    expect(state).toMatchObject({
      status: 'error',
      message: 'Student not found',
      fieldErrors: { studentEmail: ['Student not found'] },
      values: { studentEmail: 'nobody-here@curriculab.test' },
    });
    const invalid = await updateSectionAction(IDLE, form({ sectionId: section.id, capacity: 'lots', meetingDay: ['1', '3'] }));
    expect(invalid).toMatchObject({ status: 'error', values: { capacity: 'lots', meetingDay: ['1', '3'] } });
    expect(invalid.fieldErrors?.capacity).toEqual(['Enter a whole number of seats']);
  });

  it('never hands a password back', async () => {
    const { signInAction } = await import('../app/(auth)/login/actions');
    const state = await signInAction(IDLE, form({ email: 'not-an-email', password: 'hunter2' }));
    expect(state).toMatchObject({ status: 'error', values: { email: 'not-an-email' } });
    expect(state.values).not.toHaveProperty('password');
  });
});

describe('the one route pipeline', () => {
  it('reads the request body only where the route declares one', async () => {
    const section = await createSection(testDb);
    signInAs(await createUser(testDb));
    const post = new Request(`http://test.local/api/sections/${section.id}/enrollments`, { method: 'POST', body: '{}' });
    await enrollmentsRoute.POST(post, { params: Promise.resolve({ id: String(section.id) }) });
    expect(post.bodyUsed).toBe(true);
    const del = new Request(`http://test.local/api/sections/${section.id}/enrollments`, { method: 'DELETE', body: 'ignored' });
    const response = await enrollmentsRoute.DELETE(del, { params: Promise.resolve({ id: String(section.id) }) });
    expect(response.status).toBe(200);
    expect(del.bodyUsed).toBe(false);
  });

  it('answers a body that does not fit the schema with 400 and the fields to correct', async () => {
    const section = await createSection(testDb);
    signInAs(await createUser(testDb));
    const request = new Request(`http://test.local/api/sections/${section.id}/enrollments`, { method: 'POST', body: '[1, 2]' });
    const response = await enrollmentsRoute.POST(request, { params: Promise.resolve({ id: String(section.id) }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_input' });
  });
});
