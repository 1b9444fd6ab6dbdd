import { test, expect } from './fixtures';
import { uniqueTag } from '../testing/factories';

test.describe('the enrollment history', () => {
  test('a student enrolls, drops, and reads both in their history, newest first', async ({
    page,
    makeStudents,
    makeSection,
    signIn,
  }) => {
    const [student] = await makeStudents(1);
    const section = await makeSection({ capacity: 10, title: `Paleoclimate ${uniqueTag()}` });
    await signIn(page, student!);
    await page.goto(`/sections/${section.id}`);
    await page.getByRole('button', { name: 'Enroll' }).click();
    await expect(page.getByRole('status')).toHaveText('You are enrolled in this section.');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My schedule' }).click();
    const row = page.getByRole('row', { name: new RegExp(section.label) });
    await row.getByRole('button', { name: 'Drop' }).click();
    await row.getByRole('button', { name: 'Confirm drop' }).click();
    await expect(page.getByRole('status').first()).toHaveText(`You dropped ${section.label}.`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My history' }).click();
    const events = page.getByRole('table', { name: 'My enrollment history' }).getByRole('row');
    await expect(events).toHaveCount(3);
    await expect(events.nth(1)).toContainText(`Dropped ${section.label}`);
    await expect(events.nth(2)).toContainText(`Enrolled in ${section.label}`);

    await page.getByLabel('Kind of event').selectOption('enrolled');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(events).toHaveCount(2);
    await expect(events.nth(1)).toContainText(`Enrolled in ${section.label}`);
  });
});
