import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { joinWaitlist } from '../db/queries/waitlists';
import { sectionMeetings, sections } from '../db/schema';
import { testDb } from './db';
import { createCourse, createSection, createTerm, createUser, fillSection } from '../testing/factories';
import { signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const { CATALOG_PAGE_SIZE, countTermSections, listCatalog } = await import('../db/queries/sections');
const catalogRoute = await import('../app/api/sections/route');

async function get(query: string) {
  const response = await catalogRoute.GET(new Request(`http://test.local/api/sections${query}`));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the catalog query', () => {
  it('searches by subject, subject and number, or title; filters open seats; pages in SQL', async () => {
    const term = await createTerm(testDb);
    const algorithms = await createCourse(testDb, { subject: 'CATA', number: '310', title: 'Algorithms' });
    const systems = await createCourse(testDb, { subject: 'CATA', number: '220', title: 'Computer Systems' });
    const physics = await createCourse(testDb, { subject: 'CATB', number: '101', title: 'Physics of Cats' });
    const full = await createSection(testDb, { termId: term.id, courseId: algorithms.id, capacity: 1 });
    await fillSection(testDb, full.id, 1);
    await createSection(testDb, { termId: term.id, courseId: systems.id, capacity: 5 });
    await createSection(testDb, { termId: term.id, courseId: physics.id, capacity: 5 });

    const titles = async (search: string, openOnly = false) =>
      (await listCatalog({ termId: term.id, search, openOnly })).rows.map((r) => r.course.title).sort();

    expect(await titles('cata')).toEqual(['Algorithms', 'Computer Systems']);
    expect(await titles('CATA 3')).toEqual(['Algorithms']);
    expect(await titles('cata310')).toEqual(['Algorithms']);
    expect(await titles('systems')).toEqual(['Computer Systems']);
    expect(await titles('cats')).toEqual(['Physics of Cats']);
    expect(await titles('cata', true)).toEqual(['Computer Systems']);
    expect(await titles('100%_')).toEqual([]);

    for (let i = 0; i < CATALOG_PAGE_SIZE + 2; i++) await createSection(testDb, { termId: term.id, courseId: physics.id });
    const second = await listCatalog({ termId: term.id, search: 'CATB', page: 2 });
    expect(second).toMatchObject({ total: CATALOG_PAGE_SIZE + 3, page: 2, pages: 2 });
    expect(second.rows).toHaveLength(3);
    expect(await listCatalog({ termId: term.id, search: 'CATB', page: 9 })).toMatchObject({
      rows: [],
      total: CATALOG_PAGE_SIZE + 3,
      pages: 2,
    });
    expect(await countTermSections(term.id)).toEqual({ total: CATALOG_PAGE_SIZE + 5, full: 1 });
  });

  it('pages walk every matching section exactly once', async () => {
    const term = await createTerm(testDb);
    const course = await createCourse(testDb, { subject: 'CATP', number: '100' });
    const made = [];
    for (let i = 0; i < 2 * CATALOG_PAGE_SIZE + 1; i++)
      made.push(await createSection(testDb, { termId: term.id, courseId: course.id }));
    // OFFSET paging over a total order (subject, number, code), so no section shows on two pages or on none.
    const seen: number[] = [];
    for (let page = 1; page <= 3; page++) seen.push(...(await listCatalog({ termId: term.id, page })).rows.map((r) => r.id));
    expect(seen.sort((a, b) => a - b)).toEqual(made.map((s) => s.id).sort((a, b) => a - b));
  });
});

describe('GET /api/sections (the JSON catalog)', () => {
  it('answers a page per the contract: course, seats, meetings, waitlist; a total and the next page', async () => {
    const term = await createTerm(testDb);
    const course = await createCourse(testDb, { subject: 'CATJ', number: '210', title: 'Jellicle Songs', credits: 4 });
    const section = await createSection(testDb, { termId: term.id, courseId: course.id, capacity: 1 });
    await testDb.update(sections).set({ waitlistCapacity: 3 }).where(eq(sections.id, section.id));
    await testDb.insert(sectionMeetings).values({ sectionId: section.id, day: 2, startsAt: '10:00', endsAt: '11:15' });
    await fillSection(testDb, section.id, 1);
    const waiting = await createUser(testDb);
    // Through waitlist_join, as the app joins: a bare INSERT is refused (drizzle/0009, issue 28.14).
    expect((await joinWaitlist(waiting.id, section.id, null, testDb)).ok).toBe(true);
    for (let i = 0; i < CATALOG_PAGE_SIZE; i++) await createSection(testDb, { termId: term.id, courseId: course.id });
    signInAs(await createUser(testDb));

    const first = await get(`?term=${term.code}&q=CATJ`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      term: { code: term.code },
      page: 1,
      pageSize: CATALOG_PAGE_SIZE,
      total: CATALOG_PAGE_SIZE + 1,
      pages: 2,
      nextPage: 2,
    });
    const second = await get(`?term=${term.code}&q=CATJ&page=2`);
    expect(second.body).toMatchObject({ page: 2, nextPage: null });
    expect(first.body.sections).toHaveLength(CATALOG_PAGE_SIZE);
    expect(second.body.sections).toHaveLength(1);
    // Codes are random, so the full section may sort onto either page.
    const rows = [first, second].flatMap((answer) => answer.body.sections as Record<string, unknown>[]);
    expect(rows.find((r) => r.id === section.id)).toEqual(
      expect.objectContaining({
        course: { subject: 'CATJ', number: '210', title: 'Jellicle Songs', credits: 4 },
        code: section.code,
        capacity: 1,
        enrolledCount: 1,
        seatsLeft: 0,
        meetings: [{ day: 2, startsAt: '10:00', endsAt: '11:15' }],
        waitlist: { capacity: 3, length: 1 },
      }),
    );
    expect((await get(`?term=${term.code}&q=CATJ&open=1`)).body).toMatchObject({ total: CATALOG_PAGE_SIZE });
  });

  it('401 signed out; 404 unknown term; 400 with field errors for a bad page, term or search', async () => {
    const term = await createTerm(testDb);
    signInAs(null);
    expect(await get(`?term=${term.code}`)).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
    signInAs(await createUser(testDb, 'instructor'));
    expect(await get('?term=NO-SUCH-TERM')).toMatchObject({ status: 404, body: { error: 'unknown_term' } });
    for (const page of ['0', '-1', 'abc', '1.5', '99999']) {
      const answer = await get(`?term=${term.code}&page=${page}`);
      expect(answer, page).toMatchObject({ status: 400, body: { error: 'invalid_input' } });
      expect(Object.keys(answer.body.fields as object)).toEqual(['page']);
    }
    expect(await get(`?term=${'x'.repeat(41)}`)).toMatchObject({ status: 400, body: { fields: { term: [expect.any(String)] } } });
    expect(await get('?term=%00')).toMatchObject({ status: 400, body: { fields: { term: [expect.any(String)] } } });
    expect(await get(`?term=${term.code}&q=${'a'.repeat(101)}`)).toMatchObject({
      status: 400,
      body: { fields: { q: [expect.any(String)] } },
    });
    expect(await get(`?term=${term.code}&open=maybe`)).toMatchObject({
      status: 400,
      body: { fields: { open: [expect.any(String)] } },
    });
    expect(await get(`?term=${term.code}&page=2&page=x`)).toMatchObject({ status: 200, body: { page: 2, total: 0 } });
  });
});
