/** Who reaches the notice pages and actions, and what bad input gets (docs/decisions/0026). */
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { notificationOptOuts, notifications, type User } from '../db/schema';
import { createUser } from '../testing/factories';
import { testDb } from './db';
import { form, signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = '1';

const NoticesPage = (await import('../app/(app)/notifications/page')).default;
const PreferencesPage = (await import('../app/(app)/notifications/preferences/page')).default;
const DeliveryPage = (await import('../app/(app)/registrar/notifications/page')).default;
const DevMailPage = (await import('../app/dev/mail/page')).default;
const studentActions = await import('../app/(app)/notifications/actions');
const registrarActions = await import('../app/(app)/registrar/notifications/actions');
const { IDLE } = await import('../lib/web/action-state');
const noticesRoute = await import('../app/api/notifications/route');
const readRoute = await import('../app/api/notifications/read/route');

async function api(handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>, body?: string) {
  const request = new Request('http://test.local/api/notifications', {
    method: body === undefined ? 'GET' : 'POST',
    body,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  const response = await handler(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function answer(render: () => Promise<unknown>): Promise<string> {
  try {
    const state = (await render()) as { status?: string; message?: string } | undefined;
    return state && typeof state === 'object' && 'status' in state ? `${state.status}: ${state.message}` : '200';
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? '');
    if (digest.startsWith('NEXT_REDIRECT')) return `redirect ${digest.split(';')[2]}`;
    if (digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;')) return digest.split(';')[1]!;
    throw error;
  }
}

const noSearch = { searchParams: Promise.resolve({}) };

describe('notice pages and actions', () => {
  it('students see their notices and preferences; registrars see delivery problems; /dev/mail needs the dev sink', async () => {
    const student = await createUser(testDb);
    const registrar = await createUser(testDb, 'registrar');
    const pages = async (user: User | null) => {
      signInAs(user);
      return [
        await answer(() => NoticesPage()),
        await answer(() => PreferencesPage(noSearch)),
        await answer(() => DeliveryPage()),
      ];
    };
    expect(await pages(student)).toEqual(['200', '200', '403']);
    expect(await pages(registrar)).toEqual(['403', '403', '200']);
    expect((await pages(null))[0]).toMatch(/^redirect \/login/);
    delete process.env.DEV_MAIL_DIR;
    expect(await answer(() => DevMailPage())).toBe('404');
  });

  it('marking read touches only the caller’s notices; a registrar cannot, a malformed id is refused', async () => {
    const [mine, theirs] = [await createUser(testDb), await createUser(testDb)];
    await testDb.insert(notifications).values([
      { studentId: mine.id, kind: 'hold_lifted' },
      { studentId: theirs.id, kind: 'hold_lifted' },
    ]);
    const [theirNotice] = await testDb.select().from(notifications).where(eq(notifications.studentId, theirs.id));

    signInAs(mine);
    expect(await answer(() => studentActions.markReadAction(IDLE, form({ noticeId: String(theirNotice!.id) })))).toBe(
      'redirect /notifications',
    );
    expect((await testDb.select().from(notifications).where(eq(notifications.studentId, theirs.id)))[0]!.readAt).toBeNull();
    expect(await answer(() => studentActions.markReadAction(IDLE, form({ noticeId: 'all' })))).toBe('redirect /notifications');
    expect((await testDb.select().from(notifications).where(eq(notifications.studentId, mine.id)))[0]!.readAt).not.toBeNull();
    expect(await answer(() => studentActions.markReadAction(IDLE, form({ noticeId: 'x1' })))).toBe(
      'error: Please correct the highlighted fields',
    );

    signInAs(await createUser(testDb, 'registrar'));
    expect(await answer(() => studentActions.markReadAction(IDLE, form({ noticeId: 'all' })))).toBe(
      'error: You do not have access to this',
    );
  });

  it('preferences: unchecked kinds become opt-outs; an essential or unknown kind is a field error', async () => {
    const student = await createUser(testDb);
    signInAs(student);
    expect(
      await answer(() => studentActions.savePreferencesAction(IDLE, form({ mail: ['hold_lifted', 'section_changed'] }))),
    ).toBe('redirect /notifications/preferences?saved=1');
    const optOuts = await testDb.select().from(notificationOptOuts).where(eq(notificationOptOuts.studentId, student.id));
    expect(optOuts.map((o) => o.kind).sort()).toEqual(['dropped_by_registrar', 'reserved_released']);
    const refused = await studentActions.savePreferencesAction(IDLE, form({ mail: ['promoted'] }));
    expect(refused.status).toBe('error');
    expect(Object.keys(refused.fieldErrors ?? {})).toEqual(['mail']);
  });

  it('retry: registrars only; a notice already sent or unknown is not found', async () => {
    const student = await createUser(testDb);
    const [notice] = await testDb
      .insert(notifications)
      .values({ studentId: student.id, kind: 'hold_lifted', failedAt: new Date(), lastError: '550 no', attempts: 8 })
      .returning();
    signInAs(student);
    expect(await answer(() => registrarActions.retryNoticeAction(IDLE, form({ noticeId: String(notice!.id) })))).toBe(
      'error: You do not have access to this',
    );
    signInAs(await createUser(testDb, 'registrar'));
    expect(await answer(() => registrarActions.retryNoticeAction(IDLE, form({ noticeId: String(notice!.id) })))).toBe(
      'redirect /registrar/notifications',
    );
    expect(await answer(() => registrarActions.retryNoticeAction(IDLE, form({ noticeId: '999999999' })))).toBe(
      'error: Not found',
    );
  });

  it('GET /api/notifications and POST /api/notifications/read: the caller’s own, 401/403 otherwise, 400 on bad input', async () => {
    const student = await createUser(testDb);
    await testDb
      .insert(notifications)
      .values({ studentId: student.id, kind: 'hold_lifted', detail: { reason: 'Fees', holdsLeft: 0 } });
    signInAs(student);
    const listed = await api(noticesRoute.GET);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      unread: 1,
      notices: [{ kind: 'hold_lifted', title: 'A registration hold was lifted', href: '/schedule', readAt: null }],
    });
    expect(await api(readRoute.POST, JSON.stringify({ notice: 'all' }))).toEqual({ status: 200, body: { marked: 1 } });
    expect((await api(noticesRoute.GET)).body.unread).toBe(0);
    const bad = await api(readRoute.POST, JSON.stringify({ notice: 'x' }));
    expect(bad.status).toBe(400);
    signInAs(await createUser(testDb, 'registrar'));
    expect((await api(noticesRoute.GET)).status).toBe(403);
    signInAs(null);
    expect((await api(noticesRoute.GET)).status).toBe(401);
  });
});
