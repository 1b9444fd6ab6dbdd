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
import { crossList, reserveSeats, setAppointment } from './priority-helpers';
import type { User } from '../db/schema';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

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
