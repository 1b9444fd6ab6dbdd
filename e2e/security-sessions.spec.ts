/**
 * Issue 13, items 1 and 4 over HTTP against the production server, on both app servers: sessions that end
 * (docs/decisions/0010) and sign-in throttling kept in PostgreSQL.
 */
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { decode, encode } from 'next-auth/jwt';
import { users } from '../db/schema';
import { TEST_PASSWORD, uniqueTag } from '../testing/factories';
import { APP_URLS, expect, test } from './fixtures';

const [A, B] = [APP_URLS[0]!, APP_URLS.at(-1)!];
const COOKIE = 'authjs.session-token';
const secret = () => {
  const value = process.env.E2E_AUTH_SECRET;
  if (!value) throw new Error('E2E_AUTH_SECRET is not set: run through `npx playwright test`');
  return value;
};

async function contextWith(cookie: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    storageState: {
      cookies: [
        {
          name: COOKIE,
          value: cookie,
          domain: '127.0.0.1',
          path: '/',
          expires: -1,
          httpOnly: true,
          secure: false,
          sameSite: 'Lax',
        },
      ],
      origins: [],
    },
  });
}

async function sessionCookie(context: APIRequestContext): Promise<string> {
  const cookie = (await context.storageState()).cookies.find((c) => c.name === COOKIE);
  if (!cookie) throw new Error('no session cookie');
  return cookie.value;
}

/** Auth.js's credentials sign-in as an API caller does it, optionally from a client address the balancer names. */
async function signInOver(context: APIRequestContext, baseURL: string, email: string, password: string, from?: string) {
  const { csrfToken } = (await (await context.get(`${baseURL}/api/auth/csrf`)).json()) as { csrfToken: string };
  return context.post(`${baseURL}/api/auth/callback/credentials`, {
    form: { csrfToken, email, password },
    headers: from ? { 'X-Forwarded-For': from } : {},
    maxRedirects: 0,
  });
}

test.describe('a session ends', () => {
  test('when its user signs out through Auth.js: a copied cookie no longer enrolls, on either server', async ({ apiStudent }) => {
    const { section, api } = await apiStudent({ capacity: 5 }, A);
    const copied = await contextWith(await sessionCookie(api));
    const { csrfToken } = (await (await api.get(`${A}/api/auth/csrf`)).json()) as { csrfToken: string };
    expect((await api.post(`${A}/api/auth/signout`, { form: { csrfToken }, maxRedirects: 0 })).status()).toBe(302);
    for (const server of [A, B]) {
      expect((await copied.post(`${server}/api/sections/${section.id}/enrollments`)).status(), server).toBe(401);
    }
    await copied.dispose();
  });

  test('when its user signs out from the page (the server action)', async ({ page, makeUser, makeSection, signIn }) => {
    const student = await makeUser('student');
    const section = await makeSection({ capacity: 5 });
    await signIn(page, student);
    const cookie = (await page.context().cookies()).find((c) => c.name === COOKIE)!.value;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    const copied = await contextWith(cookie);
    expect((await copied.post(`${B}/api/sections/${section.id}/enrollments`)).status()).toBe(401);
    await copied.dispose();
  });

  test('when the role changes in the database: the old registrar cookie reads no roster on the other server', async ({
    db,
    makeUser,
    makeSection,
    apiAs,
  }) => {
    const registrar = await makeUser('registrar');
    const section = await makeSection({ capacity: 5 });
    const api = await apiAs(registrar, A);
    expect((await api.get(`${B}/api/sections/${section.id}/roster.csv`)).status()).toBe(200);
    await db.update(users).set({ role: 'student' }).where(eq(users.id, registrar.id));
    expect((await api.get(`${B}/api/sections/${section.id}/roster.csv`)).status()).toBe(401);
    expect((await api.get(`${A}/api/sections/${section.id}`)).status()).toBe(401);
  });

  test('when the password changes', async ({ apiStudent, db }) => {
    const { student, section, api } = await apiStudent({ capacity: 5 }, A);
    await db.update(users).set({ passwordHash: 'changed elsewhere' }).where(eq(users.id, student.id));
    expect((await api.post(`${B}/api/sections/${section.id}/enrollments`)).status()).toBe(401);
  });

  test('eight hours after signing in, however often /api/auth/session renewed it', async ({ makeUser, makeSection, apiAs }) => {
    const student = await makeUser('student');
    const section = await makeSection({ capacity: 5 });

    // Renewal re-signs the token with a later expiry but keeps the sign-in time.
    const api = await apiAs(student, A);
    const before = await decode({ token: await sessionCookie(api), secret: secret(), salt: COOKIE });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await api.get(`${B}/api/auth/session`)).status()).toBe(200);
    const after = await decode({ token: await sessionCookie(api), secret: secret(), salt: COOKIE });
    expect(after!.exp!).toBeGreaterThan(before!.exp!);
    expect(after!.signedInAt).toBe(before!.signedInAt);

    // A token still inside its own expiry, from a sign-in nine hours ago: neither renewed nor accepted.
    const old = await encode({
      token: { ...before!, signedInAt: Math.floor(Date.now() / 1000) - 9 * 3600 },
      secret: secret(),
      salt: COOKIE,
      maxAge: 3600,
    });
    const stale = await contextWith(old);
    const renewal = await stale.get(`${A}/api/auth/session`);
    expect(await renewal.json()).toBeNull();
    expect(renewal.headers()['set-cookie'] ?? '').toContain(`${COOKIE}=;`);
    const replay = await contextWith(old);
    expect((await replay.post(`${B}/api/sections/${section.id}/enrollments`)).status()).toBe(401);
    await Promise.all([stale.dispose(), replay.dispose()]);
  });
});

test.describe('failed sign-ins are throttled across app servers', () => {
  test('40 wrong passwords, then the right one: 429 with Retry-After, not signed in, on either server', async ({ makeUser }) => {
    test.setTimeout(120_000);
    const student = await makeUser('student');
    const context = await playwrightRequest.newContext();
    const from = `203.0.113.${uniqueTag()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await signInOver(context, i % 2 ? B : A, student.email, `wrong-${i}`, from)).status());
    }
    expect(statuses.slice(0, 10).every((s) => s === 302)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    for (const server of [A, B]) {
      const right = await signInOver(context, server, student.email, TEST_PASSWORD, from);
      expect(right.status(), server).toBe(429);
      expect(Number(right.headers()['retry-after'])).toBeGreaterThan(60);
      expect(await right.json()).toMatchObject({ error: 'too_many_sign_ins' });
    }
    expect((await context.storageState()).cookies.some((c) => c.name === COOKIE)).toBe(false);
    await context.dispose();
  });

  test('the sign-in form says how long to wait; an unknown email is answered the same', async ({ page, makeUser }) => {
    test.setTimeout(120_000);
    const student = await makeUser('student');
    const unknown = `nobody-${uniqueTag()}@curriculab.test`;
    const context = await playwrightRequest.newContext();
    for (const email of [student.email, unknown]) {
      const answers = [];
      for (let i = 0; i < 11; i++) answers.push((await signInOver(context, A, email, 'wrong')).status());
      expect(answers, email).toEqual([...Array<number>(10).fill(302), 429]);
    }
    await context.dispose();

    await page.goto(`${B}/login`);
    await page.getByLabel('Email').fill(student.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(/Too many failed sign-ins\. Try again in 1[45] minutes\./)).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });
});
