/**
 * Waitlist promotion across both app servers (docs/decisions/0011): a full section, three tabs join its waitlist,
 * a fourth drops; the drop's own transaction gives the seat to the first in line, whose page (after a reload)
 * shows the seat as theirs, while the others moved up one place. The steps run one after another, so one pass
 * shows it; the promotion under races is test/waitlist-race.test.ts (many connections at once).
 */
import type { Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { sections } from '../db/schema';
import { ANSWER, enrollDirectly, enrollmentPanel, expect, raceTest as test, seatLedger, visitAll } from './race-fixtures';

const waitlistPanel = (page: Page) => page.getByRole('region', { name: 'Waitlist' });

test('three tabs wait on a full section, a fourth drops: the first in line holds the seat', async ({
  db,
  makeStudents,
  makeSection,
  openTabs,
}) => {
  const [dropper, ...waiters] = await makeStudents(4);
  const tabs = await openTabs([dropper!, ...waiters], '/sections');
  const [dropperTab, ...waiterTabs] = tabs;

  const section = await makeSection({ capacity: 2, taken: 1 });
  await enrollDirectly(db, section.id, [dropper!.id]);
  await db.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, section.id));
  await visitAll(tabs, `/sections/${section.id}`);

  // One after another, so the order of the line is known.
  for (const [i, tab] of waiterTabs.entries()) {
    await expect(waitlistPanel(tab).getByText('Section is full')).toBeVisible();
    await waitlistPanel(tab).getByRole('button', { name: 'Join waitlist' }).click();
    await expect(waitlistPanel(tab).getByRole('status')).toHaveText(`You are number ${i + 1} of ${i + 1} on the waitlist.`);
  }

  await enrollmentPanel(dropperTab!).getByRole('button', { name: 'Drop' }).click();
  await enrollmentPanel(dropperTab!).getByRole('button', { name: 'Confirm drop' }).click();
  await expect(enrollmentPanel(dropperTab!).getByRole('status')).toHaveText(ANSWER.dropped);

  await Promise.all(waiterTabs.map((tab) => tab.reload()));
  await expect(enrollmentPanel(waiterTabs[0]!).getByRole('paragraph')).toHaveText(ANSWER.enrolled);
  await expect(waitlistPanel(waiterTabs[1]!)).toContainText('You are number 1 of 2 on the waitlist.');
  await expect(waitlistPanel(waiterTabs[2]!)).toContainText('You are number 2 of 2 on the waitlist.');
  expect(await seatLedger(db, section.id, [waiters[0]!.id]), 'the section in the database').toEqual({
    capacity: 2,
    enrolledCount: 2,
    seatHolders: 2,
    ofStudents: 1,
  });
});
