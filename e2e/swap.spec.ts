/**
 * Swaps in the browser (docs/decisions/0011): a section taken in place of another in one step; a swap the rules
 * refuse changes nothing; a swap carried by a waitlist entry happens when the student's turn comes.
 */
import { and, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { enrollments, sections } from '../db/schema';
import type { Executor } from '../db/executor';
import { enrollDirectly, enrollmentPanel, expect, raceTest as test } from './race-fixtures';

const swapPanel = (page: Page) => page.getByRole('region', { name: 'Swap a section' });
const waitlistPanel = (page: Page) => page.getByRole('region', { name: 'Waitlist' });

async function seatsOf(db: Executor, studentId: number): Promise<number[]> {
  const rows = await db
    .select({ sectionId: enrollments.sectionId })
    .from(enrollments)
    .where(and(eq(enrollments.studentId, studentId), eq(enrollments.completionStatus, 'enrolled')));
  return rows.map((r) => r.sectionId).sort((a, b) => a - b);
}

test('a student swaps sections; a refused swap keeps the old seat; a waitlisted swap happens at their turn', async ({
  page,
  db,
  makeStudents,
  makeSection,
  signIn,
}) => {
  const [student, holder] = await makeStudents(2);
  const monday9 = [{ day: 1, startsAt: '09:00', endsAt: '09:50' }];
  const a = await makeSection({ capacity: 5 });
  const b = await makeSection({ capacity: 5, taken: 2 });
  const d = await makeSection({ capacity: 5, meetings: monday9 });
  const clash = await makeSection({ capacity: 5, meetings: [{ day: 1, startsAt: '09:30', endsAt: '10:20' }] });
  const full = await makeSection({ capacity: 1 });
  await enrollDirectly(db, a.id, [student!.id]);
  await enrollDirectly(db, d.id, [student!.id]);
  await enrollDirectly(db, full.id, [holder!.id]);
  await db.update(sections).set({ waitlistCapacity: 3 }).where(eq(sections.id, full.id));
  await signIn(page, student!);

  await test.step('B in place of A: one step', async () => {
    await page.goto(`/sections/${b.id}`);
    await swapPanel(page)
      .getByLabel('In place of')
      .selectOption({ label: `${a.label} ${a.title}` });
    await swapPanel(page).getByRole('button', { name: 'Swap' }).click();
    await expect(page.getByText('and your seat in the other section was released.')).toBeVisible();
    await expect(enrollmentPanel(page).getByRole('paragraph')).toHaveText('You are enrolled in this section.');
    expect(await seatsOf(db, student!.id)).toEqual([b.id, d.id].sort((x, y) => x - y));
  });

  await test.step('a clashing section in place of B: refused, B kept', async () => {
    await page.goto(`/sections/${clash.id}`);
    await swapPanel(page)
      .getByLabel('In place of')
      .selectOption({ label: `${b.label} ${b.title}` });
    await swapPanel(page).getByRole('button', { name: 'Swap' }).click();
    await expect(swapPanel(page).getByRole('status')).toContainText(`at the same time as ${d.label}`);
    expect(await seatsOf(db, student!.id)).toEqual([b.id, d.id].sort((x, y) => x - y));
  });

  await test.step('waiting for a full section in place of B: B is released when the seat comes', async () => {
    await page.goto(`/sections/${full.id}`);
    await expect(waitlistPanel(page).getByText('Section is full')).toBeVisible();
    await waitlistPanel(page)
      .getByLabel('When your turn comes, release')
      .selectOption({ label: `${b.label} ${b.title}` });
    await waitlistPanel(page).getByRole('button', { name: 'Join waitlist' }).click();
    await expect(waitlistPanel(page).getByRole('status')).toContainText('You are number 1 of 1 on the waitlist.');
    await page.goto('/schedule');
    await expect(page.getByRole('region', { name: 'Your waitlists' })).toContainText(`In place of ${b.label}`);

    await db.delete(enrollments).where(and(eq(enrollments.studentId, holder!.id), eq(enrollments.sectionId, full.id)));
    expect(await seatsOf(db, student!.id)).toEqual([d.id, full.id].sort((x, y) => x - y));
    await page.reload();
    await expect(page.getByRole('row', { name: new RegExp(full.label) })).toContainText('Enrolled');
    await expect(page.getByRole('row', { name: new RegExp(b.label) })).toHaveCount(0);
  });
});
