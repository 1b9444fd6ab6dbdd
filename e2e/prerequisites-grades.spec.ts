/**
 * A registrar types a course's prerequisites as an expression and reads it back; a student sees them in the same
 * words and the refusal's sentence before clicking; an instructor records final grades on a roster
 * (docs/decisions/0023).
 */
import { terms } from '../db/schema';
import { createCourse, createSection, fillSection, termDates, uniqueTag } from '../testing/factories';
import { test, expect } from './fixtures';

test('a registrar types prerequisites, a malformed one says where; the student reads them and why not', async ({
  page,
  browser,
  db,
  makeUser,
  makeSection,
  signIn,
}) => {
  const [a, b] = [await createCourse(db), await createCourse(db)];
  const [codeA, codeB] = [`${a.subject} ${a.number}`, `${b.subject} ${b.number}`];
  const section = await makeSection({ capacity: 5 });
  const course = section.label.replace(/-[^-]+$/, '');
  await signIn(page, await makeUser('registrar'));
  await page.goto(`/registrar/sections/${section.id}`);

  const field = page.getByLabel('Prerequisite expression');
  await field.fill(`(${codeA} [C] or ${codeB} [C]`);
  await page.getByRole('button', { name: 'Save prerequisites' }).click();
  // The field's own error (a live region repeats it for screen readers).
  await expect(page.locator('#expression-error')).toContainText(
    `Expected ")" to close the "(" at character 1, found the end at character`,
  );

  await page.getByLabel('Prerequisite expression').fill(`${codeA.toLowerCase()} [c] OR ${codeB} [C]`);
  await page.getByRole('button', { name: 'Save prerequisites' }).click();
  // Canonical: a group's courses in code order, however they were typed.
  const expression = [codeA, codeB]
    .sort()
    .map((c) => `${c} [C]`)
    .join(' or ');
  await expect(page.getByRole('status').filter({ hasText: 'saved as' })).toHaveText(
    `Prerequisites of ${course} saved as: ${expression}`,
  );
  await expect(page.getByText(`Stored now: ${expression}.`, { exact: false })).toBeVisible();

  const context = await browser.newContext();
  const studentPage = await context.newPage();
  await signIn(studentPage, await makeUser('student'));
  await studentPage.goto(`/sections/${section.id}`);
  await expect(studentPage.getByText(expression, { exact: true })).toBeVisible();
  const [first, second] = [codeA, codeB].sort();
  await expect(studentPage.getByText(`${course} needs one of ${first}, ${second} with C or better.`)).toBeVisible();
  await context.close();
});

test('an instructor records final grades on the roster of a finished term; the students complete the course', async ({
  page,
  db,
  makeUser,
  signIn,
}) => {
  const instructor = await makeUser('instructor');
  const tag = uniqueTag();
  const [past] = await db
    .insert(terms)
    .values({ code: `G-${tag}`, name: `Graded term ${tag}`, ...termDates('past_withdraw') })
    .returning();
  const section = await createSection(db, { termId: past!.id, instructorId: instructor.id, capacity: 3 });
  const [one, two] = await fillSection(db, section.id, 2);
  await signIn(page, instructor);
  await page.goto(`/sections/${section.id}/roster`);

  await page.getByLabel(`Grade for ${one!.name}`).selectOption('B+');
  await page.getByRole('button', { name: 'Save final grades' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Final grades saved' })).toHaveText(
    'Final grades saved: 1 student completed the course.',
  );
  const rows = page.getByRole('table', { name: /Students holding a seat/ }).getByRole('row');
  await expect(rows.filter({ hasText: one!.name })).toContainText('Completed');
  await expect(rows.filter({ hasText: two!.name })).toContainText('Enrolled');
  await expect(page.getByLabel(`Grade for ${one!.name}`)).toHaveValue('B+');
});
