/**
 * Who gets what: every instructor/registrar page, action and route, for each role and a signed-out visitor.
 * The session is stubbed (Auth.js); everything behind it, the database included, is real.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { enrollments, sections, waitlistEntries, type User } from '../db/schema';
import { testDb } from './db';
import { form, signInAs as signInAsUser } from './session';
import {
  createCourse,
  createSection,
  createSectionSet,
  createTerm,
  createUser,
  fillSection,
  uniqueTag,
} from '../testing/factories';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
// revalidatePath needs a Next request; its effect is not what these tests are about.
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = '1'; // next.config.ts: experimental.authInterrupts (forbidden())

const InstructorPage = (await import('../app/(app)/instructor/page')).default;
const RegistrarPage = (await import('../app/(app)/registrar/page')).default;
const NewSectionPage = (await import('../app/(app)/registrar/sections/new/page')).default;
const EditSectionPage = (await import('../app/(app)/registrar/sections/[id]/page')).default;
const RosterPage = (await import('../app/(app)/sections/[id]/roster/page')).default;
const TermsPage = (await import('../app/(app)/registrar/terms/page')).default;
const EditTermPage = (await import('../app/(app)/registrar/terms/[id]/page')).default;
const ImportPage = (await import('../app/(app)/registrar/import/page')).default;
const registrarActions = await import('../app/(app)/registrar/actions');
const rosterActions = await import('../app/(app)/sections/[id]/roster/actions');
const sectionActions = await import('../app/(app)/sections/[id]/actions');
const csvRoute = await import('../app/api/sections/[id]/roster.csv/route');
const enrollmentsRoute = await import('../app/api/sections/[id]/enrollments/route');
const waitlistRoute = await import('../app/api/sections/[id]/waitlist/route');
const setRoute = await import('../app/api/enrollments/route');
const waitlistActions = await import('../app/(app)/sections/[id]/waitlist-actions');
const { IDLE } = await import('../lib/web/action-state');

const WHO = ['signed out', 'student', 'other instructor', 'its instructor', 'registrar'] as const;
type Who = (typeof WHO)[number];

let people: Record<Exclude<Who, 'signed out'>, User>;
let termId: number;

function signInAs(who: Who) {
  signInAsUser(who === 'signed out' ? null : people[who]);
}

/** A section taught by "its instructor", with one student holding a seat. */
async function taughtSection() {
  const section = await createSection(testDb, { termId, instructorId: people['its instructor'].id, capacity: 10 });
  const [student] = await fillSection(testDb, section.id, 1);
  return { section, student: student! };
}

/** What Next would answer for a page: it renders, or redirect/forbidden/notFound interrupted it. */
async function pageAnswer(render: () => Promise<unknown>): Promise<string> {
  try {
    await render();
    return '200';
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? '');
    if (digest.startsWith('NEXT_REDIRECT')) return `redirect ${digest.split(';')[2]}`;
    if (digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;')) return digest.split(';')[1]!;
    throw error;
  }
}

/** An action's answer: its message, or where it redirected. */
async function actionAnswer(run: () => Promise<{ status: string; message: string }>): Promise<string> {
  try {
    const state = await run();
    return `${state.status}: ${state.message}`;
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? '');
    if (digest.startsWith('NEXT_REDIRECT')) return `redirect ${digest.split(';')[2]}`;
    throw error;
  }
}

const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });
const noSearch = { searchParams: Promise.resolve({}) };
const SIGN_IN = 'error: Please sign in';
const FORBIDDEN = 'error: You do not have access to this';

beforeAll(async () => {
  termId = (await createTerm(testDb, 'open')).id;
  people = {
    student: await createUser(testDb, 'student'),
    'other instructor': await createUser(testDb, 'instructor'),
    'its instructor': await createUser(testDb, 'instructor'),
    registrar: await createUser(testDb, 'registrar'),
  };
});

describe('pages', () => {
  const expected: Record<string, Record<Who, string>> = {
    '/instructor': {
      'signed out': 'redirect /login',
      student: '403',
      'other instructor': '200',
      'its instructor': '200',
      registrar: '403',
    },
    '/registrar': {
      'signed out': 'redirect /login',
      student: '403',
      'other instructor': '403',
      'its instructor': '403',
      registrar: '200',
    },
    '/registrar/sections/new': {
      'signed out': 'redirect /login',
      student: '403',
      'other instructor': '403',
      'its instructor': '403',
      registrar: '200',
    },
    '/registrar/sections/[id]': {
      'signed out': 'redirect /login',
      student: '403',
      'other instructor': '403',
      'its instructor': '403',
      registrar: '200',
    },
    '/registrar/terms': {
      'signed out': 'redirect /login',
      student: '403',
      'other instructor': '403',
      'its instructor': '403',
      registrar: '200',
    },
    '/registrar/terms/[id]': {
      'signed out': 'redirect /login',
      student: '403',
      'other instructor': '403',
      'its instructor': '403',
      registrar: '200',
    },
    '/registrar/import': {
      'signed out': 'redirect /login',
      student: '403',
      'other instructor': '403',
      'its instructor': '403',
      registrar: '200',
    },
    '/sections/[id]/roster': {
      'signed out': 'redirect /login',
      student: '403',
      'other instructor': '403',
      'its instructor': '200',
      registrar: '200',
    },
  };
  const render: Record<string, (sectionId: number) => Promise<unknown>> = {
    '/instructor': () => InstructorPage(noSearch),
    '/registrar': () => RegistrarPage(noSearch),
    '/registrar/sections/new': () => NewSectionPage(noSearch),
    '/registrar/sections/[id]': (id) => EditSectionPage({ ...params(id), ...noSearch }),
    '/sections/[id]/roster': (id) => RosterPage({ ...params(id), ...noSearch }),
    '/registrar/terms': () => TermsPage(noSearch),
    '/registrar/terms/[id]': () => EditTermPage(params(termId)),
    '/registrar/import': () => ImportPage(),
  };

  it.for(Object.keys(expected))('%s answers each role as expected', async (path) => {
    const { section } = await taughtSection();
    const answers: Record<string, string> = {};
    for (const who of WHO) {
      signInAs(who);
      answers[who] = await pageAnswer(() => render[path]!(section.id));
    }
    expect(answers).toEqual(expected[path]);
  });

  it('an unknown or malformed section id is a 404 for those who may see rosters and edit sections', async () => {
    signInAs('registrar');
    expect(await pageAnswer(() => RosterPage({ ...params(2_000_000_000), ...noSearch }))).toBe('404');
    expect(await pageAnswer(() => RosterPage({ ...params('abc'), ...noSearch }))).toBe('404');
    expect(await pageAnswer(() => EditSectionPage({ ...params(2_000_000_000), ...noSearch }))).toBe('404');
    expect(await pageAnswer(() => EditTermPage(params(2_000_000_000)))).toBe('404');
    expect(await pageAnswer(() => RegistrarPage({ searchParams: Promise.resolve({ term: 'NO-SUCH-TERM' }) }))).toBe('404');
  });
});

describe('routes', () => {
  const get = (id: number | string) => csvRoute.GET(new Request(`http://localhost/api/sections/${id}/roster.csv`), params(id));

  it('GET /api/sections/{id}/roster.csv: 401, 403, 403, 200, 200', async () => {
    const { section } = await taughtSection();
    const statuses: Record<string, number> = {};
    for (const who of WHO) {
      signInAs(who);
      const response = await get(section.id);
      statuses[who] = response.status;
      if (response.status !== 200) {
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(Object.keys(await response.json())).toEqual(['error', 'message']);
      } else {
        expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      }
    }
    expect(statuses).toEqual({ 'signed out': 401, student: 403, 'other instructor': 403, 'its instructor': 200, registrar: 200 });
  });

  it('GET roster.csv of an unknown section is 404, of a malformed id 400', async () => {
    signInAs('registrar');
    expect((await get(2_000_000_000)).status).toBe(404);
    expect((await get('1e3')).status).toBe(400);
  });

  it('POST /api/sections/{id}/enrollments: only a student enrolls, for themself', async () => {
    const statuses: Record<string, number> = {};
    for (const who of WHO) {
      const { section } = await taughtSection();
      signInAs(who);
      const response = await enrollmentsRoute.POST(new Request('http://localhost', { method: 'POST' }), params(section.id));
      statuses[who] = response.status;
      const rows = await testDb.select().from(enrollments).where(eq(enrollments.sectionId, section.id));
      expect(rows, who).toHaveLength(who === 'student' ? 2 : 1);
    }
    expect(statuses).toEqual({ 'signed out': 401, student: 201, 'other instructor': 403, 'its instructor': 403, registrar: 403 });
  });

  it('POST /api/enrollments: only a student enrolls in a set, for themself', async () => {
    const statuses: Record<string, number> = {};
    for (const who of WHO) {
      const { section } = await taughtSection();
      signInAs(who);
      const request = new Request('http://localhost/api/enrollments', {
        method: 'POST',
        body: JSON.stringify({ sections: [section.id] }),
        headers: { 'content-type': 'application/json' },
      });
      statuses[who] = (await setRoute.POST(request, {})).status;
      const rows = await testDb.select().from(enrollments).where(eq(enrollments.sectionId, section.id));
      expect(rows, who).toHaveLength(who === 'student' ? 2 : 1);
    }
    expect(statuses).toEqual({ 'signed out': 401, student: 201, 'other instructor': 403, 'its instructor': 403, registrar: 403 });
  });

  it('DELETE /api/sections/{id}/enrollments: only a student, and only their own enrollment', async () => {
    const statuses: Record<string, number> = {};
    for (const who of WHO) {
      const { section } = await taughtSection();
      signInAs(who);
      const response = await enrollmentsRoute.DELETE(new Request('http://localhost', { method: 'DELETE' }), params(section.id));
      statuses[who] = response.status;
      expect(await testDb.select().from(enrollments).where(eq(enrollments.sectionId, section.id)), who).toHaveLength(1);
    }
    // The student is not enrolled in it: someone else's seat is not theirs to drop.
    expect(statuses).toEqual({ 'signed out': 401, student: 404, 'other instructor': 403, 'its instructor': 403, registrar: 403 });
  });
});

describe('actions', () => {
  const refused = { 'signed out': SIGN_IN, student: FORBIDDEN, 'other instructor': FORBIDDEN, 'its instructor': FORBIDDEN };

  it('POST /api/sections/{id}/waitlist: only a student joins; removeFromWaitlistAction: registrars only', async () => {
    const section = await createSection(testDb, { termId, instructorId: people['its instructor'].id, capacity: 1 });
    await testDb.update(sections).set({ waitlistCapacity: 10 }).where(eq(sections.id, section.id));
    await fillSection(testDb, section.id, 1);
    const statuses: Record<string, number> = {};
    for (const who of WHO) {
      signInAs(who);
      const request = new Request(`http://localhost/api/sections/${section.id}/waitlist`, { method: 'POST' });
      statuses[who] = (await waitlistRoute.POST(request, params(section.id))).status;
    }
    expect(statuses).toEqual({ 'signed out': 401, student: 201, 'other instructor': 403, 'its instructor': 403, registrar: 403 });

    const answers: Record<string, string> = {};
    for (const who of WHO) {
      signInAs(who);
      answers[who] = await actionAnswer(() =>
        waitlistActions.removeFromWaitlistAction(IDLE, form({ sectionId: String(section.id), email: people.student.email })),
      );
      const waiting = await testDb.select().from(waitlistEntries).where(eq(waitlistEntries.sectionId, section.id));
      expect(waiting, who).toHaveLength(who === 'registrar' ? 0 : 1);
    }
    expect(answers).toEqual({ ...refused, registrar: `success: ${people.student.email} was removed from the waitlist.` });
  });

  it('createSectionAction: registrars only', async () => {
    const course = await createCourse(testDb);
    const answers: Record<string, string> = {};
    for (const who of WHO) {
      signInAs(who);
      const code = `C${uniqueTag().slice(0, 4)}`.toUpperCase();
      answers[who] = await actionAnswer(() =>
        registrarActions.createSectionAction(
          IDLE,
          form({ courseId: String(course.id), termId: String(termId), code, capacity: '12' }),
        ),
      );
    }
    const created = await testDb.select().from(sections).where(eq(sections.courseId, course.id));
    expect(created).toHaveLength(1);
    expect(answers).toEqual({ ...refused, registrar: `redirect /registrar/sections/${created[0]!.id}?created=1` });
  });

  it('updateSectionAction: registrars only', async () => {
    const answers: Record<string, string> = {};
    for (const who of WHO) {
      const { section } = await taughtSection();
      signInAs(who);
      answers[who] = await actionAnswer(() =>
        registrarActions.updateSectionAction(IDLE, form({ sectionId: String(section.id), capacity: '3', instructorId: '' })),
      );
      const [after] = await testDb.select().from(sections).where(eq(sections.id, section.id));
      expect(after!.capacity, who).toBe(who === 'registrar' ? 3 : 10);
    }
    expect(answers).toEqual({ ...refused, registrar: 'success: Section saved.' });
  });

  it('deleteSectionAction: registrars only', async () => {
    const answers: Record<string, string> = {};
    for (const who of WHO) {
      const section = await createSection(testDb, { termId });
      signInAs(who);
      answers[who] = await actionAnswer(() =>
        registrarActions.deleteSectionAction(IDLE, form({ sectionId: String(section.id) })),
      );
      const left = await testDb.select().from(sections).where(eq(sections.id, section.id));
      expect(left, who).toHaveLength(who === 'registrar' ? 0 : 1);
    }
    expect(answers).toEqual({ ...refused, registrar: 'redirect /registrar?deleted=1' });
  });

  it('registrarEnrollAction and registrarDropAction: registrars only', async () => {
    const enrollAnswers: Record<string, string> = {};
    const dropAnswers: Record<string, string> = {};
    for (const who of WHO) {
      const { section, student } = await taughtSection();
      const newcomer = await createUser(testDb, 'student');
      signInAs(who);
      enrollAnswers[who] = await actionAnswer(() =>
        rosterActions.registrarEnrollAction(IDLE, form({ sectionId: String(section.id), studentEmail: newcomer.email })),
      );
      dropAnswers[who] = await actionAnswer(() =>
        rosterActions.registrarDropAction(IDLE, form({ sectionId: String(section.id), studentEmail: student.email })),
      );
      const held = await testDb.select().from(enrollments).where(eq(enrollments.sectionId, section.id));
      expect(
        held.map((e) => e.studentId),
        who,
      ).toEqual(who === 'registrar' ? [newcomer.id] : [student.id]);
    }
    expect(enrollAnswers).toEqual({
      ...refused,
      registrar: expect.stringMatching(/^success: .* is enrolled in this section\.$/),
    });
    expect(dropAnswers).toEqual({
      ...refused,
      registrar: expect.stringMatching(/^success: .* was dropped from this section\.$/),
    });
  });

  it('enrollAction (the section page): students only, never on behalf of someone else', async () => {
    const answers: Record<string, string> = {};
    for (const who of WHO) {
      const { section } = await taughtSection();
      signInAs(who);
      answers[who] = await actionAnswer(() =>
        // A studentId in the form is ignored: the student is whoever is signed in.
        sectionActions.enrollAction(IDLE, form({ sectionId: String(section.id), studentId: String(people.student.id) })),
      );
      const held = await testDb.select().from(enrollments).where(eq(enrollments.sectionId, section.id));
      expect(held, who).toHaveLength(who === 'student' ? 2 : 1);
    }
    expect(answers).toEqual({
      'signed out': SIGN_IN,
      student: 'success: You are enrolled in this section.',
      'other instructor': FORBIDDEN,
      'its instructor': FORBIDDEN,
      registrar: FORBIDDEN,
    });
  });
  it('enrollSetAction (a lecture with its lab): students only, never on behalf of someone else', async () => {
    const answers: Record<string, string> = {};
    for (const who of WHO) {
      const { lecture, labs } = await createSectionSet(testDb, { labs: 1 });
      signInAs(who);
      answers[who] = await actionAnswer(() =>
        sectionActions.enrollSetAction(
          IDLE,
          form({ sections: [String(lecture.id), String(labs[0]!.id)], studentId: String(people.student.id) }),
        ),
      );
      const held = await testDb.select().from(enrollments).where(eq(enrollments.sectionId, lecture.id));
      expect(held, who).toHaveLength(who === 'student' ? 1 : 0);
    }
    expect(answers).toEqual({
      'signed out': SIGN_IN,
      student: 'success: You are enrolled in the set.',
      'other instructor': FORBIDDEN,
      'its instructor': FORBIDDEN,
      registrar: FORBIDDEN,
    });
  });
});
