/**
 * Race helpers (e2e/race-*.spec.ts): many signed-in tabs, spread over both app servers, that act at the same
 * instant, and the database's own account of what happened.
 */
import {
  expect,
  request as playwrightRequest,
  type APIRequestContext,
  type BrowserContext,
  type Page,
  type Route,
} from '@playwright/test';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/executor';
import { SEAT_HOLDING_STATUSES, enrollments, sections, type User } from '../db/schema';
import { createCourse, createSectionSet } from '../testing/factories';
import { APP_URLS, test } from './fixtures';

export { APP_URLS, expect };

/**
 * How many times each race runs per `playwright test` (a fresh section each round). Two: each round is a real race
 * of up to 12 browser contexts, 10–30 s on two busy cores, and the suite has 15 minutes for everything; the same
 * races run 3–5 rounds at the database level (test/*-race.test.ts), where a round costs about a second. Set
 * E2E_RACE_ROUNDS for more (issue 28.21).
 */
export const RACE_ROUNDS = Number(process.env.E2E_RACE_ROUNDS ?? 2);
/** A round's time budget: a dozen tabs loading and re-rendering on two busy cores, with room to spare. */
export const ROUND_BUDGET_MS = 60_000;
export const rounds = () => Array.from({ length: RACE_ROUNDS }, (_, i) => i + 1);

/** The answers the section page announces in its live region. */
export const ANSWER = {
  enrolled: 'You are enrolled in this section.',
  /** The start of "Section is full: CS 101-003 has no open seats."; answersOf() reads the whole sentence as this. */
  full: 'Section is full',
  alreadyEnrolled: 'You are already enrolled',
  dropped: 'You dropped this section.',
} as const;

/** The app server a tab or request number `index` goes to: alternating, so every race spans both. */
export const appUrl = (index: number) => APP_URLS[index % APP_URLS.length]!;

/** The "Your enrollment" panel of a section page, and the live region its answers appear in. */
export const enrollmentPanel = (page: Page) => page.getByRole('region', { name: 'Your enrollment' });
export const answerOf = (page: Page) => enrollmentPanel(page).getByRole('status');

/**
 * Makes every page perform `act` (typically one click) and lets the requests those acts send reach the
 * servers together. The barrier is the network: each tab's first POST is held in its browser until every
 * tab has sent one, then all are released at once. So the race is decided by the database, not by the
 * order in which Playwright happened to click.
 */
export async function releaseTogether(pages: Page[], act: (page: Page, index: number) => Promise<void>, timeoutMs = 30_000) {
  if (!pages.length) return;
  let held = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const handlers = pages.map((page) => {
    let heldOne = false;
    const handler = async (route: Route) => {
      if (heldOne || route.request().method() !== 'POST') return route.fallback();
      heldOne = true;
      if (++held === pages.length) open();
      await gate;
      await route.continue();
    };
    return { page, handler };
  });
  await Promise.all(handlers.map(({ page, handler }) => page.route('**/*', handler)));
  try {
    await Promise.all(pages.map((page, i) => act(page, i)));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`only ${held} of ${pages.length} tabs sent their request within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    await Promise.race([gate, late]).finally(() => clearTimeout(timer));
  } finally {
    await Promise.all(handlers.map(({ page, handler }) => page.unroute('**/*', handler)));
  }
}

/** Sends every tab to `path` on the app server it is already on (tabs are reused from round to round). */
export async function visitAll(tabs: Page[], path: string) {
  await Promise.all(tabs.map((tab) => tab.goto(new URL(path, tab.url()).href)));
}

/** Waits until each page has announced an answer, and returns them in page order. */
export async function answersOf(pages: Page[]): Promise<string[]> {
  return Promise.all(
    pages.map(async (page) => {
      const status = answerOf(page);
      await expect(status).toHaveText(/\S/);
      const answer = ((await status.textContent()) ?? '').trim();
      return /^Section is full: .+ has no open seats\.$/.test(answer) ? ANSWER.full : answer;
    }),
  );
}

/** `n` copies of `answer`, to compare a sorted list of answers against. */
export const times = (n: number, answer: string) => Array.from({ length: n }, () => answer);

export interface SeatLedger {
  capacity: number;
  enrolledCount: number;
  /** Rows holding a seat (enrolled or completed). */
  seatHolders: number;
  /** Seat-holding rows of the given students only. */
  ofStudents: number;
}

/** What the database says about one section, straight from the tables (not through the app). */
export async function seatLedger(db: Executor, sectionId: number, studentIds: number[] = []): Promise<SeatLedger> {
  const [section] = await db
    .select({ capacity: sections.capacity, enrolledCount: sections.enrolledCount })
    .from(sections)
    .where(eq(sections.id, sectionId));
  if (!section) throw new Error(`section ${sectionId} does not exist`);
  const holding = and(eq(enrollments.sectionId, sectionId), inArray(enrollments.completionStatus, [...SEAT_HOLDING_STATUSES]));
  const [all] = await db.select({ n: count() }).from(enrollments).where(holding);
  const [ours] = studentIds.length
    ? await db
        .select({ n: count() })
        .from(enrollments)
        .where(and(holding, inArray(enrollments.studentId, studentIds)))
    : [{ n: 0 }];
  return { ...section, seatHolders: all!.n, ofStudents: ours!.n };
}

/** Enrolls existing students directly in the database (the trigger counts them), for set-ups like "a full section". */
export async function enrollDirectly(db: Executor, sectionId: number, studentIds: number[]) {
  if (studentIds.length) await db.insert(enrollments).values(studentIds.map((studentId) => ({ studentId, sectionId })));
}

/** One API answer as a race reads it: the server it came from, its status and its error code. */
export interface Answer {
  server: string;
  status: number;
  error?: string;
}

/** Sends one request to `server` (a full URL: the race picks the server, not the client's baseURL). */
export async function send(
  client: APIRequestContext,
  server: string,
  method: 'POST' | 'DELETE',
  path: string,
  data?: unknown,
): Promise<Answer> {
  const response = await client.fetch(`${server}${path}`, { method, ...(data === undefined ? {} : { data }) });
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  return { server, status: response.status(), error: body.error };
}

/** The answers that are neither `ok` nor a refusal named in `refusals` (status and code): what a race must never see. */
export const unexpectedAnswers = (answers: Answer[], ok: number, refusals: Record<string, number>) =>
  answers.filter((a) => a.status !== ok && !(a.error !== undefined && refusals[a.error] === a.status));

/** Students take whole sets directly in the database: one statement, so the deferred complete-set check sees each set whole. */
export async function holdSets(db: Executor, studentIds: number[], sectionIds: number[]) {
  const rows = studentIds.flatMap((studentId) => sectionIds.map((sectionId) => ({ studentId, sectionId })));
  if (rows.length) await db.insert(enrollments).values(rows);
}

/** The seat-holding sections of each student among `sectionIds`, sorted (students without any are absent). */
export async function heldSections(db: Executor, studentIds: number[], sectionIds: number[]): Promise<Map<number, number[]>> {
  const rows = await db
    .select({ studentId: enrollments.studentId, sectionId: enrollments.sectionId })
    .from(enrollments)
    .where(
      and(
        inArray(enrollments.studentId, studentIds),
        inArray(enrollments.sectionId, sectionIds),
        inArray(enrollments.completionStatus, [...SEAT_HOLDING_STATUSES]),
      ),
    );
  const held = new Map<number, number[]>();
  for (const { studentId, sectionId } of rows) held.set(studentId, [...(held.get(studentId) ?? []), sectionId]);
  for (const ids of held.values()) ids.sort((a, b) => a - b);
  return held;
}

/** How many of these students hold an incomplete set, by the database's own definition (student_set_gap). */
export async function incompleteSets(db: Executor, studentIds: number[]): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM (SELECT DISTINCT e.student_id, s.course_id, s.term_id
      FROM enrollments e JOIN sections s ON s.id = e.section_id
     WHERE e.student_id = ANY(${`{${studentIds.join(',')}}`}::int[]) AND enrollment_holds_seat(e.completion_status)) h
     WHERE student_set_gap(h.student_id, h.course_id, h.term_id) IS NOT NULL`);
  return row!.n;
}

interface RaceFixtures {
  /**
   * Signs `users` in through the real login (alternating app servers) and opens, for each user, one browser
   * context with `tabsPerUser` tabs on `path`, tab k on app server k mod 2. Returns the tabs, user by user.
   */
  openTabs: (users: Pick<User, 'email'>[], path: string, options?: { tabsPerUser?: number }) => Promise<Page[]>;
  /**
   * One signed-in HTTP client per user (signed in through the real login, alternating app servers) that opens
   * a new connection for every request. A kept-alive socket left idle after sign-in races the server's
   * keep-alive timeout (Node's 5 s): the server closes it as the next request goes out, and the client gets
   * ECONNRESET, a transport artefact that must not decide a race.
   */
  apiClients: (users: Pick<User, 'email'>[]) => Promise<APIRequestContext[]>;
  /**
   * A lecture (code A unless given) with `labs` linked LAB sections in the demo term, of a 0-credit course (so a
   * race can reuse its students round after round), or of `courseId` for a second set of the same course.
   */
  makeSet: (spec: {
    labs: number;
    capacity: number;
    labCapacity: number;
    code?: string;
    courseId?: number;
  }) => Promise<{ lecture: { id: number; courseId: number }; labs: { id: number }[] }>;
}

export const raceTest = test.extend<RaceFixtures>({
  makeSet: async ({ db, demoTermId }, use) => {
    await use(async ({ courseId, ...spec }) =>
      createSectionSet(db, { ...spec, termId: demoTermId, courseId: courseId ?? (await createCourse(db, { credits: 0 })).id }),
    );
  },

  openTabs: async ({ browser, apiAs }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (users, path, { tabsPerUser = 1 } = {}) => {
      const sessions = await Promise.all(users.map(async (user, i) => (await apiAs(user, appUrl(i))).storageState()));
      const perUser = await Promise.all(
        sessions.map(async (storageState, u) => {
          const context = await browser.newContext({ storageState });
          contexts.push(context);
          return Promise.all(
            Array.from({ length: tabsPerUser }, async (_, t) => {
              const page = await context.newPage();
              await page.goto(`${appUrl(u * tabsPerUser + t)}${path}`);
              return page;
            }),
          );
        }),
      );
      return perUser.flat();
    });
    await Promise.all(contexts.map((c) => c.close()));
  },

  apiClients: async ({ apiAs }, use) => {
    const clients: APIRequestContext[] = [];
    await use(async (users) => {
      const sessions = await Promise.all(users.map(async (user, i) => (await apiAs(user, appUrl(i))).storageState()));
      const fresh = await Promise.all(
        sessions.map((storageState, i) =>
          playwrightRequest.newContext({ baseURL: appUrl(i), storageState, extraHTTPHeaders: { connection: 'close' } }),
        ),
      );
      clients.push(...fresh);
      return fresh;
    });
    await Promise.all(clients.map((c) => c.dispose()));
  },
});
