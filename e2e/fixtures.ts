/**
 * Playwright fixtures: each test makes its own students and sections directly in the e2e database and signs
 * them in through the real login, so tests share no mutable state and run in parallel.
 */
import { test as base, expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { createDatabase } from '../db/client';
import type { Executor } from '../db/executor';
import { terms, type User } from '../db/schema';
import { DEMO_TERM } from '../db/tooling/seed-data';
import { TEST_PASSWORD, createCourse, createSection, createUser, createUsers, fillSection } from '../testing/factories';
import { APP_BASE_URLS } from '../playwright.config';

export { expect };

/** Both app servers (or the stack's balancer, or E2E_BASE_URL alone): race tests spread their tabs across them. */
export const APP_URLS = APP_BASE_URLS;

export interface SectionSpec {
  capacity: number;
  /** Seats already taken by other students. */
  taken?: number;
  title?: string;
  /** The course's credits (3 by default); a race that reuses its students across rounds uses 0. */
  credits?: number;
  instructorId?: number | null;
  /** Weekly meetings (ISO day, 'HH:MM'); none by default. */
  meetings?: { day: number; startsAt: string; endsAt: string }[];
}

interface WorkerFixtures {
  db: Executor;
  demoTermId: number;
}

interface TestFixtures {
  makeStudents: (count: number) => Promise<User[]>;
  makeUser: (role: User['role'], name?: string) => Promise<User>;
  makeSection: (spec: SectionSpec) => Promise<{ id: number; label: string; title: string }>;
  signIn: (page: Page, user: Pick<User, 'email'>, baseURL?: string) => Promise<void>;
  apiAs: (user: Pick<User, 'email'>, baseURL?: string) => Promise<APIRequestContext>;
  /** The set-up most API specs repeat: a new student, a new section, and the student signed in through the API. */
  apiStudent: (
    section: SectionSpec,
    baseURL?: string,
  ) => Promise<{ student: User; section: { id: number; label: string; title: string }; api: APIRequestContext }>;
}

/**
 * At most this many sign-ins in flight per worker. Through the balancer every request comes from one address, and
 * the throttle counts an attempt before its password is checked (docs/decisions/0019): 300 students signing in at
 * the same instant would meet the address limit (100) while their passwords are still being hashed, and every
 * attempt writes that address's one row (seen: statements timing out on it in CI when 32 were in flight).
 */
const SIGN_INS_IN_FLIGHT = 4;
let signInsInFlight = 0;
const waitingForSignIn: (() => void)[] = [];
async function signInSlot<T>(work: () => Promise<T>): Promise<T> {
  while (signInsInFlight >= SIGN_INS_IN_FLIGHT) await new Promise<void>((resolve) => waitingForSignIn.push(resolve));
  signInsInFlight++;
  try {
    return await work();
  } finally {
    signInsInFlight--;
    waitingForSignIn.shift()?.();
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  db: [
    async ({}, use) => {
      const url = process.env.E2E_DATABASE_URL;
      if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test` (see e2e/README.md)');
      const { db, close } = createDatabase(url, { max: 4 });
      await use(db);
      await close();
    },
    { scope: 'worker' },
  ],
  demoTermId: [
    async ({ db }, use) => {
      const [term] = await db.select({ id: terms.id }).from(terms).where(eq(terms.code, DEMO_TERM.code));
      if (!term) throw new Error(`the e2e database has no ${DEMO_TERM.code} term: was it seeded?`);
      await use(term.id);
    },
    { scope: 'worker' },
  ],

  makeStudents: async ({ db }, use) => use((count) => createUsers(db, count)),
  makeUser: async ({ db }, use) => use((role, name) => createUser(db, role, name)),

  makeSection: async ({ db, demoTermId }, use) => {
    await use(async ({ capacity, taken = 0, title, credits, instructorId = null, meetings }) => {
      const course = await createCourse(db, { ...(title ? { title } : {}), ...(credits === undefined ? {} : { credits }) });
      const section = await createSection(db, { capacity, termId: demoTermId, courseId: course.id, instructorId, meetings });
      if (taken) await fillSection(db, section.id, taken);
      return { id: section.id, label: `${course.subject} ${course.number}-${section.code}`, title: course.title };
    });
  },

  signIn: async ({}, use) => {
    await use(async (page, user, baseURL) => {
      await page.goto(`${baseURL ?? ''}/login`);
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).not.toHaveURL(/\/login/);
    });
  },

  apiAs: async ({}, use) => {
    const contexts: APIRequestContext[] = [];
    await use(async (user, baseURL = APP_URLS[0]!) => {
      const context = await playwrightRequest.newContext({ baseURL });
      contexts.push(context);
      const response = await signInSlot(async () => {
        const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
        return context.post('/api/auth/callback/credentials', {
          form: { csrfToken, email: user.email, password: TEST_PASSWORD },
          maxRedirects: 0,
        });
      });
      expect(response.status(), `sign-in of ${user.email}`).toBe(302);
      expect(response.headers()['location'] ?? '').not.toContain('error');
      return context;
    });
    await Promise.all(contexts.map((c) => c.dispose()));
  },

  apiStudent: async ({ makeUser, makeSection, apiAs }, use) => {
    await use(async (spec, baseURL) => {
      const student = await makeUser('student');
      const section = await makeSection(spec);
      return { student, section, api: await apiAs(student, baseURL) };
    });
  },
});
