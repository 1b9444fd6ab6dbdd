import fs from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { parse } from 'csv-parse/sync';
import type { Page } from '@playwright/test';
import { DEMO_TERM } from '../db/tooling/seed-data';
import { uniqueTag } from '../testing/factories';
import { test, expect } from './fixtures';

async function expectNoSeriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${page.url()}: ${v.id} (${v.nodes.length})`)).toEqual([]);
}

test('an instructor opens a roster from their dashboard and downloads it as CSV', async ({
  page,
  makeUser,
  makeSection,
  signIn,
}, testInfo) => {
  const instructor = await makeUser('instructor');
  const section = await makeSection({
    capacity: 5,
    taken: 2,
    instructorId: instructor.id,
    title: `Roster Studies ${uniqueTag()}`,
  });
  await signIn(page, instructor);

  await expect(page).toHaveURL(/\/instructor$/);
  await expectNoSeriousA11yViolations(page);
  const row = page.getByRole('row', { name: new RegExp(section.label) });
  await expect(row).toContainText('2 / 5');
  await row.getByRole('link', { name: `Roster of ${section.label}` }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Roster: ${section.label}`);
  await expect(page.getByRole('heading', { name: 'Students holding a seat (2)' })).toBeVisible();
  await expect(page.getByRole('table', { name: `Students holding a seat in ${section.label}` }).getByRole('row')).toHaveCount(3);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: testInfo.outputPath('roster.png'), fullPage: true });

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${section.label} ${DEMO_TERM.code} roster.csv`);
  const records: string[][] = parse(await fs.readFile(await download.path(), 'utf8'), { bom: true });
  expect(records[0]).toEqual(['Name', 'Email', 'Status', 'Enrolled at', 'Withdrawn at']);
  expect(records.slice(1).map((r) => r[2])).toEqual(['enrolled', 'enrolled']);
});

test('another instructor cannot open the roster', async ({ page, makeUser, makeSection, signIn }) => {
  const [owner, other] = [await makeUser('instructor'), await makeUser('instructor')];
  const section = await makeSection({ capacity: 5, taken: 1, instructorId: owner.id });
  await signIn(page, other);
  const response = await page.goto(`/sections/${section.id}/roster`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'This is another instructor’s section' })).toBeVisible();
  expect((await page.request.get(`/api/sections/${section.id}/roster.csv`)).status()).toBe(403);
});

test('a registrar creates a section, then cannot lower a capacity below the students enrolled', async ({
  page,
  makeUser,
  makeSection,
  signIn,
}, testInfo) => {
  const registrar = await makeUser('registrar');
  const instructor = await makeUser('instructor', `Professor ${uniqueTag()}`);
  const busy = await makeSection({ capacity: 10, taken: 4 });
  const code = `E${uniqueTag().slice(0, 5).toUpperCase()}`;
  await signIn(page, registrar);

  await expect(page).toHaveURL(/\/registrar$/);
  await page.getByRole('link', { name: 'New section' }).click();
  await page.getByLabel('Course', { exact: true }).selectOption({ label: 'CS 101: Introduction to Programming' });
  await page.getByLabel('Section code').fill(code);
  await page.getByLabel('Capacity').fill('25');
  await page.getByLabel('Instructor').selectOption({ label: `${instructor.name} (${instructor.email})` });
  // Meetings: Monday 10:00–10:50, then a second row that starts two days later at the same time (Wednesday).
  await page.getByRole('button', { name: 'Add meeting' }).click();
  await page.getByLabel('Day of meeting 1').selectOption({ label: 'Monday' });
  await page.getByLabel('Starts (meeting 1)').fill('10:00');
  await page.getByLabel('Ends (meeting 1)').fill('10:50');
  await page.getByRole('button', { name: 'Add meeting' }).click();
  await expect(page.getByLabel('Day of meeting 2')).toHaveValue('3');
  await page.getByLabel('Location').fill('Hopper Hall 12');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Create section' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'was created' })).toHaveText(`Section CS 101-${code} was created.`);
  await expect(page.getByLabel('Capacity')).toHaveValue('25');
  await expect(page.getByLabel('Starts (meeting 2)')).toHaveValue('10:00');
  await expectNoSeriousA11yViolations(page);

  await page.goto(`/registrar/sections/${busy.id}`);
  await page.getByLabel('Capacity').fill('2');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const message = "Capacity can't be lower than the 4 students already enrolled";
  await expect(page.getByRole('status').filter({ hasText: /\S/ })).toHaveText(message);
  await expect(page.locator('#capacity-error')).toHaveText(message);
  await expect(page.getByLabel('Capacity')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Capacity')).toHaveValue('2');
  await page.screenshot({ path: testInfo.outputPath('capacity-refused.png'), fullPage: true });

  await page.getByLabel('Capacity').fill('4');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: /\S/ })).toHaveText('Section saved.');
  await expect(page.getByText('4 enrolled of 4 seats')).toBeVisible();
});

test('a registrar enrolls a student by email from the roster; a mistyped email stays in the field', async ({
  page,
  makeUser,
  makeStudents,
  makeSection,
  signIn,
}) => {
  const registrar = await makeUser('registrar');
  const [student] = await makeStudents(1);
  const section = await makeSection({ capacity: 3, taken: 1 });
  await signIn(page, registrar);
  await page.goto(`/sections/${section.id}/roster`);

  const typo = `x${student!.email}`;
  await page.getByLabel('Student email').fill(typo);
  await page.getByRole('button', { name: 'Enroll student' }).click();
  await expect(page.locator('#studentEmail-error')).toHaveText('Student not found');
  await expect(page.getByLabel('Student email')).toHaveValue(typo);

  await page.getByLabel('Student email').fill(student!.email);
  await page.getByRole('button', { name: 'Enroll student' }).click();
  await expect(page.getByRole('status').filter({ hasText: /\S/ }).last()).toHaveText(
    `${student!.name} (${student!.email}) is enrolled in this section.`,
  );
  await expect(page.getByText('2 enrolled of 3 seats')).toBeVisible();
  await expect(page.getByLabel('Student email')).toHaveValue('');
});
