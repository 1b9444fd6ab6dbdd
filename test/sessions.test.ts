/** Sessions that end (docs/decisions/0010): the session is stubbed (Auth.js); the users row it is checked against is real. */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { enrollments, users } from '../db/schema';
import { testDb } from './db';
import { createSection, createUser } from '../testing/factories';
import { authMock, signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const { getSessionUser, requireRole } = await import('../lib/web/authz');
const { endSessions, SESSION_LIFETIME_SECONDS } = await import('../lib/domain/accounts');
const { POST } = await import('../app/api/sections/[id]/enrollments/route');

const reload = async (id: number) => (await testDb.select().from(users).where(eq(users.id, id)))[0]!;

describe('a session ends', () => {
  it('when the role changes, even by hand in psql, and the role is read from the database', async () => {
    const registrar = await createUser(testDb, 'registrar');
    signInAs(registrar);
    expect(await requireRole('registrar')).toMatchObject({ ok: true, value: { id: registrar.id, role: 'registrar' } });
    await testDb.execute(sql`UPDATE users SET role = 'student' WHERE id = ${registrar.id}`);
    expect(await getSessionUser()).toBeNull();
    expect(await requireRole('registrar')).toEqual({ ok: false, reason: 'unauthenticated' });
    // Signing in again gives a session with the new role.
    signInAs(await reload(registrar.id));
    expect(await requireRole('registrar')).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('when the password changes; not when the name does', async () => {
    const student = await createUser(testDb);
    await testDb.update(users).set({ name: 'Renamed' }).where(eq(users.id, student.id));
    signInAs(student);
    expect(await getSessionUser()).toMatchObject({ id: student.id, name: 'Renamed' });
    await testDb.update(users).set({ passwordHash: 'another hash' }).where(eq(users.id, student.id));
    expect(await getSessionUser()).toBeNull();
  });

  it('on sign-out, everywhere; a stale token signing out ends nothing newer', async () => {
    const student = await createUser(testDb);
    signInAs(student);
    await endSessions({ userId: student.id, sessionVersion: student.sessionVersion });
    expect(await getSessionUser()).toBeNull();
    const now = await reload(student.id);
    expect(now.sessionVersion).toBe(student.sessionVersion + 1);
    await endSessions({ userId: student.id, sessionVersion: student.sessionVersion });
    expect((await reload(student.id)).sessionVersion).toBe(now.sessionVersion);
  });

  it('a fixed time after signing in, however often it was renewed', async () => {
    const student = await createUser(testDb);
    signInAs(student);
    const session = await authMock.auth();
    const signedInAt = Math.floor(Date.now() / 1000);
    authMock.auth.mockResolvedValue({ ...session, signedInAt: signedInAt - SESSION_LIFETIME_SECONDS + 60 });
    expect(await getSessionUser()).toMatchObject({ id: student.id });
    authMock.auth.mockResolvedValue({ ...session, signedInAt: signedInAt - SESSION_LIFETIME_SECONDS - 1 });
    expect(await getSessionUser()).toBeNull();
    authMock.auth.mockResolvedValue({ ...session, signedInAt: undefined });
    expect(await getSessionUser()).toBeNull();
  });
});

describe("the enroll route's session, checked by the enroll statement itself (docs/decisions/0016)", () => {
  const enrollVia = async (sectionId: number, body?: string) => {
    const request = new Request(`http://app.test/api/sections/${sectionId}/enrollments`, {
      method: 'POST',
      ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}),
    });
    return POST(request, { params: Promise.resolve({ id: String(sectionId) }) });
  };
  const seats = async (sectionId: number) =>
    (await testDb.select().from(enrollments).where(eq(enrollments.sectionId, sectionId))).length;

  it('a session that ended (signed out, role changed) enrolls no one and is answered 401, before any other answer', async () => {
    const student = await createUser(testDb);
    const open = await createSection(testDb, { capacity: 5 });
    const full = await createSection(testDb, { capacity: 0 });
    signInAs(student);
    await endSessions({ userId: student.id, sessionVersion: student.sessionVersion });
    for (const sectionId of [open.id, full.id, 999_999]) expect((await enrollVia(sectionId)).status).toBe(401);
    expect(await seats(open.id)).toBe(0);

    const demoted = await createUser(testDb);
    signInAs(demoted);
    await testDb.execute(sql`UPDATE users SET role = 'instructor', session_version = session_version WHERE id = ${demoted.id}`);
    expect((await enrollVia(open.id)).status).toBe(401);
    // A swap is not that statement: its path asks the users row first.
    expect((await enrollVia(open.id, JSON.stringify({ swapFrom: full.id }))).status).toBe(401);
    expect(await seats(open.id)).toBe(0);
  });

  it('a session that holds enrolls in the same one statement; another role is refused 403 as before', async () => {
    const student = await createUser(testDb);
    const section = await createSection(testDb, { capacity: 5 });
    signInAs(student);
    expect((await enrollVia(section.id)).status).toBe(201);
    expect((await enrollVia(section.id)).status).toBe(409);
    signInAs(await createUser(testDb, 'registrar'));
    expect((await enrollVia(section.id)).status).toBe(403);
    expect(await seats(section.id)).toBe(1);
  });
});
