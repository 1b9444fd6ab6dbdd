/**
 * The history's pages and files (docs/decisions/0012): a student sees only their own history; registrars see
 * every student's and section's timeline and its CSV; instructors get 403; unknown ids 404; bad filters 400.
 */
import { parse } from 'csv-parse/sync';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '../db/schema';
import { testDb } from './db';
import { createSection, createTerm, createUser } from '../testing/factories';
import { signInAs as signInAsUser } from './session';
import type { ReactElement } from 'react';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = '1';

const HistoryPage = (await import('../app/(app)/history/page')).default;
const StudentHistoryPage = (await import('../app/(app)/registrar/students/[id]/history/page')).default;
const SectionHistoryPage = (await import('../app/(app)/registrar/sections/[id]/history/page')).default;
const sectionCsv = await import('../app/api/sections/[id]/history.csv/route');
const studentCsv = await import('../app/api/students/[id]/history.csv/route');
const { enrollStudent } = await import('../lib/domain/students');
const { enrollOnBehalf } = await import('../lib/domain/registrar');

const WHO = ['signed out', 'student', 'instructor', 'registrar'] as const;
type Who = (typeof WHO)[number];
let people: Record<Exclude<Who, 'signed out'>, User>;
let other: User;
let sectionId: number;
let termCode: string;

const signInAs = (who: Who) => signInAsUser(who === 'signed out' ? null : people[who]);
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });
const search = (query: Record<string, string> = {}) => ({ searchParams: Promise.resolve(query) });
/** A student's history is per term (`?term=`, the default term without it): this file's term, named. */
const mine = (query: Record<string, string> = {}) => search({ term: termCode, ...query });

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

const html = async (page: Promise<ReactElement>) => renderToStaticMarkup(await page);

beforeAll(async () => {
  const term = await createTerm(testDb, 'open');
  termCode = term.code;
  people = {
    student: await createUser(testDb, 'student', 'Ada Student'),
    instructor: await createUser(testDb, 'instructor'),
    registrar: await createUser(testDb, 'registrar', 'Rao'),
  };
  other = await createUser(testDb, 'student', '=HYPERLINK("http://evil")');
  sectionId = (await createSection(testDb, { termId: term.id, capacity: 5 })).id;
  expect((await enrollStudent(people.student.id, sectionId)).ok).toBe(true);
  expect((await enrollOnBehalf(other.email, sectionId, people.registrar.id)).ok).toBe(true);
});

describe('history pages', () => {
  it('/history: students only, and only their own events', async () => {
    const answers: Record<string, string> = {};
    for (const who of WHO) {
      signInAs(who);
      answers[who] = await pageAnswer(() => HistoryPage(mine()));
    }
    expect(answers).toEqual({ 'signed out': 'redirect /login', student: '200', instructor: '403', registrar: '403' });

    signInAs('student');
    const page = await html(HistoryPage(mine()));
    expect(page).toMatch(/Enrolled in TEST [0-9a-f]+-[0-9A-F]+</);
    expect(page).not.toContain('HYPERLINK');
    // A filter that matches none of their events shows none; a malformed one is answered next to its field.
    expect(await html(HistoryPage(mine({ kind: 'dropped' })))).toContain('No events match.');
    const bad = await html(HistoryPage(mine({ from: '2026-13-45', kind: 'nonsense' })));
    expect(bad).toContain('Enter a real date');
    expect(bad).toContain('Choose a kind of event');
  });

  it('registrar timelines per student and per section; instructors and students 403; unknown ids 404', async () => {
    const render = {
      student: (id: number | string) => StudentHistoryPage({ ...params(id), ...search() }),
      section: (id: number | string) => SectionHistoryPage({ ...params(id), ...search() }),
    };
    for (const [name, page] of Object.entries(render)) {
      const id = name === 'student' ? other.id : sectionId;
      const answers: Record<string, string> = {};
      for (const who of WHO) {
        signInAs(who);
        answers[who] = await pageAnswer(() => page(id));
      }
      expect(answers, name).toEqual({ 'signed out': 'redirect /login', student: '403', instructor: '403', registrar: '200' });
      signInAs('registrar');
      expect(await pageAnswer(() => page(2_000_000_000))).toBe('404');
      expect(await pageAnswer(() => page('abc'))).toBe('404');
    }
    // A registrar's id is not a student's.
    expect(await pageAnswer(() => render.student(people.registrar.id))).toBe('404');

    signInAs('registrar');
    const timeline = await html(render.section(sectionId));
    expect(timeline).toContain('by Registrar Rao');
    expect(timeline).toContain(`/registrar/students/${people.student.id}/history`);
  });

  it('names a registrar whose name already says so once: "by Rita Registrar"', async () => {
    const rita = await createUser(testDb, 'registrar', 'Rita Registrar');
    const student = await createUser(testDb, 'student');
    const section = await createSection(testDb, { capacity: 5 });
    expect((await enrollOnBehalf(student.email, section.id, rita.id)).ok).toBe(true);
    signInAs('registrar');
    const timeline = await html(SectionHistoryPage({ ...params(section.id), ...search() }));
    expect(timeline).toContain('by Rita Registrar');
    expect(timeline).not.toContain('by Registrar Rita');
  });
});

describe('history CSV', () => {
  const get = (route: typeof sectionCsv, kind: 'sections' | 'students', id: number | string, query = '') =>
    route.GET(new Request(`http://localhost/api/${kind}/${id}/history.csv${query}`), params(id));

  it('registrars only: 401, 403, 403, 200; 404 unknown; 400 malformed id or filter', async () => {
    for (const [route, kind, id] of [
      [sectionCsv, 'sections', sectionId],
      [studentCsv, 'students', other.id],
    ] as const) {
      const statuses: Record<string, number> = {};
      for (const who of WHO) {
        signInAs(who);
        statuses[who] = (await get(route, kind, id)).status;
      }
      expect(statuses, kind).toEqual({ 'signed out': 401, student: 403, instructor: 403, registrar: 200 });
      signInAs('registrar');
      expect((await get(route, kind, 2_000_000_000)).status).toBe(404);
      const malformed = await get(route, kind, 'abc');
      expect(malformed.status).toBe(400);
      expect((await malformed.json()).error).toBe(kind === 'sections' ? 'invalid_section_id' : 'invalid_student_id');
      const badFilter = await get(route, kind, id, '?to=2026-01-01&from=2026-02-01');
      expect(badFilter.status).toBe(400);
      expect(await badFilter.json()).toMatchObject({ error: 'invalid_input', fields: { to: [expect.any(String)] } });
    }
  });

  it('the file: one row per event, formulas neutralised, the kind filter applied', async () => {
    signInAs('registrar');
    const response = await get(sectionCsv, 'sections', sectionId);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows: string[][] = parse((await response.text()).replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['At', 'Event', 'Student', 'Email', 'Section', 'From section', 'Actor', 'Actor role', 'Description']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[6]])).toEqual([
      ['enrolled', `'=HYPERLINK("http://evil")`, 'Rao'],
      ['enrolled', 'Ada Student', 'Ada Student'],
    ]);
    expect(rows[1]![8]).toMatch(/^Enrolled in .* by Registrar Rao$/);
    const filtered: string[][] = parse(
      (await (await get(sectionCsv, 'sections', sectionId, '?kind=dropped')).text()).replace(/^\uFEFF/, ''),
    );
    expect(filtered).toHaveLength(1);
  });
});
