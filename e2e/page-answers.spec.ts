/**
 * Pages that offer what can work and answers that say what they are about (issue 28 items 4, 5, 7, 8, 9): a full
 * section offers its waitlist, a hold shows its reason instead of a doomed Enroll, prerequisites are listed, the
 * schedule names what was dropped, forms keep what was submitted, a newer answer replaces an older one, and an
 * instructor is told a roster belongs to another instructor.
 */
import type { Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { coursePrerequisites, registrationHolds, sections } from '../db/schema';
import { createCourse } from '../testing/factories';
import { test, expect } from './fixtures';

const enrollmentPanel = (page: Page) => page.getByRole('region', { name: 'Your enrollment' });

test('a full section offers its waitlist, not Enroll, and says it is full once', async ({
  page,
  db,
  makeStudents,
  makeSection,
  signIn,
}) => {
  const [student] = await makeStudents(1);
  const section = await makeSection({ capacity: 2, taken: 2 });
  await db.update(sections).set({ waitlistCapacity: 3 }).where(eq(sections.id, section.id));
  await signIn(page, student!);
  await page.goto(`/sections/${section.id}`);
  await expect(page.getByRole('button', { name: 'Join waitlist' })).toBeVisible();
  await expect(enrollmentPanel(page).getByRole('button', { name: 'Enroll' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Join waitlist' }).click();
  await expect(page.getByText('You are number 1 of 1 on the waitlist.').first()).toBeVisible();
  await expect(page.getByText('Section is full')).toHaveCount(0);
});

test('a hold shows its reason instead of Enroll; the prerequisites are listed', async ({
  page,
  db,
  makeStudents,
  makeSection,
  signIn,
}) => {
  const [student] = await makeStudents(1);
  const section = await makeSection({ capacity: 5 });
  const [row] = await db.select({ courseId: sections.courseId }).from(sections).where(eq(sections.id, section.id));
  const before = await createCourse(db, { title: 'Earlier course' });
  await db.insert(coursePrerequisites).values({ courseId: row!.courseId, prerequisiteCourseId: before.id });
  await db.insert(registrationHolds).values({ studentId: student!.id, reason: 'Unpaid fees' });
  await signIn(page, student!);
  await page.goto(`/sections/${section.id}`);
  await expect(page.getByText(`${before.subject} ${before.number} Earlier course`)).toBeVisible();
  await expect(enrollmentPanel(page).getByText(/Unpaid fees/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enroll' })).toHaveCount(0);
});

test('the schedule names the section dropped, after its row is gone', async ({
  page,
  makeStudents,
  makeSection,
  signIn,
  apiAs,
}) => {
  const [student] = await makeStudents(1);
  const section = await makeSection({ capacity: 5 });
  expect((await (await apiAs(student!)).post(`/api/sections/${section.id}/enrollments`)).status()).toBe(201);
  await signIn(page, student!);
  await page.goto('/schedule');
  await page.getByRole('row').filter({ hasText: section.label }).getByRole('button', { name: 'Drop' }).click();
  await page.getByRole('button', { name: 'Confirm drop' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You dropped' })).toHaveText(`You dropped ${section.label}.`);
});

test('another instructor’s roster says whose it is', async ({ page, makeUser, makeSection, signIn }) => {
  const [owner, other] = [await makeUser('instructor'), await makeUser('instructor')];
  const section = await makeSection({ capacity: 5, instructorId: owner.id });
  await signIn(page, other);
  const response = await page.goto(`/sections/${section.id}/roster`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This is another instructor’s section');
});

test('registrar forms: the course kept and the duplicate code said once; Lift replaces "Hold placed"', async ({
  page,
  makeUser,
  makeStudents,
  makeSection,
  signIn,
}) => {
  const registrar = await makeUser('registrar');
  const existing = await makeSection({ capacity: 5 });
  const code = existing.label.slice(existing.label.lastIndexOf('-') + 1);
  const course = `${existing.label.slice(0, existing.label.lastIndexOf('-'))}: ${existing.title}`;
  await signIn(page, registrar);

  await page.goto('/registrar/sections/new');
  await page.getByLabel('Course', { exact: true }).selectOption({ label: course });
  await page.getByLabel('Section code').fill(code);
  await page.getByLabel('Capacity').fill('12');
  await page.getByRole('button', { name: 'Create section' }).click();
  const duplicate = 'That course already has a section with this code in this term';
  // Shown at its field; the form's live region still announces it, for screen readers only (1 px, clipped).
  await expect(page.getByRole('paragraph').filter({ hasText: duplicate })).toHaveCount(2);
  const announced = (await page.getByRole('status').getByText(duplicate).boundingBox())!;
  expect(announced.width * announced.height).toBeLessThanOrEqual(1);
  await expect(page.getByLabel('Course', { exact: true }).locator('option:checked')).toHaveText(course);
  await expect(page.getByLabel('Capacity')).toHaveValue('12');

  const [student] = await makeStudents(1);
  await page.goto(`/registrar/students/${student!.id}`);
  await page.getByLabel('Reason (the student reads it)').fill('Library fines');
  await page.getByRole('button', { name: 'Place hold' }).click();
  await expect(page.getByText(/^Hold placed/)).toBeVisible();
  await page.getByRole('button', { name: 'Lift' }).click();
  await page.getByRole('button', { name: 'Confirm lift' }).click();
  await expect(page.getByText(/^Hold lifted/)).toBeVisible();
  await expect(page.getByText(/^Hold placed/)).toHaveCount(0);
});

test("Enroll goes to the API's direct route with JavaScript, and the form still posts without it", async ({
  browser,
  page,
  makeStudents,
  makeSection,
  signIn,
}) => {
  const [student] = await makeStudents(1);
  const [scripted, plain] = [await makeSection({ capacity: 3 }), await makeSection({ capacity: 3 })];
  await signIn(page, student!);
  await page.goto(`/sections/${scripted.id}`);
  const posted = page.waitForRequest((request) => request.method() === 'POST');
  await enrollmentPanel(page).getByRole('button', { name: 'Enroll' }).click();
  expect(new URL((await posted).url()).pathname).toBe(`/api/sections/${scripted.id}/enrollments`);
  await expect(enrollmentPanel(page).getByRole('status')).toHaveText('You are enrolled in this section.');
  await expect(enrollmentPanel(page).getByRole('button', { name: 'Drop' })).toBeVisible();

  // The same student, no JavaScript: the form posts the page's server action and the page answers.
  const origin = new URL(page.url()).origin;
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const noScript = await context.newPage();
  await noScript.goto(`${origin}/sections/${plain.id}`);
  await enrollmentPanel(noScript).getByRole('button', { name: 'Enroll' }).click();
  await expect(enrollmentPanel(noScript).getByRole('status')).toHaveText('You are enrolled in this section.');
  await expect(enrollmentPanel(noScript).getByRole('button', { name: 'Drop' })).toBeVisible();
  await context.close();
});
