/**
 * What the pages say about priority registration (issue 23): the appointment on the section and schedule pages and on
 * the Enroll button, reserved seats and the cross-list on the section page, "shared with" in the catalog.
 */
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { testDb } from './db';
import { signInAs } from './session';
import { createSection, createTerm, createUser } from '../testing/factories';
import { crossList, reserveSeats, setAppointment } from '../testing/priority';
import type { User } from '../db/schema';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
// Rendered outside Next's app router: the Enroll button's router (it refreshes the page after a seat) is a stand-in.
vi.mock('next/navigation', async (original) => ({
  ...(await original<Record<string, unknown>>()),
  useRouter: () => ({ refresh: vi.fn(), push: vi.fn(), replace: vi.fn(), back: vi.fn(), forward: vi.fn(), prefetch: vi.fn() }),
}));

const SectionPage = (await import('../app/(app)/sections/[id]/page')).default;

let student: User;
beforeAll(async () => {
  student = await createUser(testDb);
});

/** The page as HTML: the server component's tree, client components rendered as on the server. */
const text = (tree: unknown) => renderToStaticMarkup(tree as ReactElement);

describe('the section page', () => {
  it('names the reserved seats and the sections sharing the capacity, and the appointment on the Enroll button', async () => {
    const term = await createTerm(testDb);
    const section = await createSection(testDb, { termId: term.id, capacity: 10 });
    const partner = await createSection(testDb, { termId: term.id, capacity: 10 });
    await reserveSeats(testDb, section.id, 'senior', 3, '2099-04-10T15:00:00Z');
    await crossList(testDb, term.id, 15, [section.id, partner.id]);
    await setAppointment(testDb, [student.id], term.id, '2099-04-06T13:00:00Z');
    signInAs(student);

    const page = text(await SectionPage({ params: Promise.resolve({ id: String(section.id) }) }));
    expect(page).toContain('3 of 10 seats reserved for seniors until Apr 10');
    expect(page).toMatch(/Shared with TEST \w+-\w+/);
    expect(page).toContain('Your registration opens Mon, Apr 6, 1:00 PM.');
    expect(page).toContain('Enroll (registration opens Mon, Apr 6, 1:00 PM)');
  });
});

describe('POST /api/sections/{id}/enrollments', () => {
  const enrollmentsRoute = import('../app/api/sections/[id]/enrollments/route');
  const post = async (sectionId: number) =>
    (await enrollmentsRoute).POST(new Request('http://localhost', { method: 'POST' }), {
      params: Promise.resolve({ id: String(sectionId) }),
    });

  it('answers 403 appointment_not_reached naming the time, and 409 seats_reserved naming the group and date', async () => {
    const term = await createTerm(testDb);
    const early = await createUser(testDb);
    const section = await createSection(testDb, { termId: term.id, capacity: 1 });
    await setAppointment(testDb, [early.id], term.id, '2099-04-06T13:00:00Z');
    signInAs(early);
    const refused = await post(section.id);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: 'appointment_not_reached',
      message: 'Your registration opens Mon, Apr 6, 1:00 PM.',
    });

    await reserveSeats(testDb, section.id, 'senior', 1, '2099-04-10T15:00:00Z');
    signInAs(student);
    const reserved = await post(section.id);
    expect(reserved.status).toBe(409);
    expect(await reserved.json()).toMatchObject({
      error: 'seats_reserved',
      message: expect.stringMatching(/reserved for seniors until Apr 10\.$/),
    });
  });
});
