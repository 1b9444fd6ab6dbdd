import { test, expect } from './fixtures';
import { uniqueTag } from '../testing/factories';

test.describe('a student registers', () => {
  test('finds a course in the catalog, enrolls, and sees the seat count change', async ({
    page,
    makeStudents,
    makeSection,
    signIn,
  }) => {
    const [student] = await makeStudents(1);
    const title = `Orbital Mechanics ${uniqueTag()}`;
    const section = await makeSection({ capacity: 5, taken: 2, title });
    await signIn(page, student!);

    await page.goto('/sections');
    await page.getByLabel('Search courses').fill(title);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('row', { name: new RegExp(title) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('2 / 5');
    await row.getByRole('link', { name: section.label }).click();

    await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
    await expect(page.getByText('3 seats left')).toBeVisible();
    await page.getByRole('button', { name: 'Enroll' }).click();
    await expect(page.getByRole('status')).toHaveText('You are enrolled in this section.');
    await expect(page.getByText('2 seats left')).toBeVisible();
    await expect(page.getByText('3 / 5')).toBeVisible();
  });

  test('sees "Section is full" on a full section', async ({ page, makeStudents, makeSection, signIn }) => {
    const [student] = await makeStudents(1);
    const section = await makeSection({ capacity: 3, taken: 3 });
    await signIn(page, student!);
    await page.goto(`/sections/${section.id}`);
    await page.getByRole('button', { name: 'Enroll' }).click();
    await expect(page.getByRole('region', { name: 'Your enrollment' }).getByRole('status')).toHaveText(
      /^Section is full: [A-Z]+ \S+-\S+ has no open seats\.$/,
    );
    await expect(page.getByText('0 seats left')).toBeVisible();
  });

  test('drops a section from the schedule after confirming', async ({ page, makeStudents, makeSection, signIn }) => {
    const [student] = await makeStudents(1);
    const section = await makeSection({ capacity: 10, title: `Glaciology ${uniqueTag()}` });
    await signIn(page, student!);
    await page.goto(`/sections/${section.id}`);
    await page.getByRole('button', { name: 'Enroll' }).click();
    await expect(page.getByRole('status')).toHaveText('You are enrolled in this section.');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My schedule' }).click();
    await expect(page.getByText('3 total credits')).toBeVisible();
    const row = page.getByRole('row', { name: new RegExp(section.label) });
    await row.getByRole('button', { name: 'Drop' }).click();
    await row.getByRole('button', { name: 'Confirm drop' }).click();
    await expect(page.getByRole('status').first()).toHaveText(`You dropped ${section.label}.`);
    await expect(page.getByRole('row', { name: new RegExp(section.label) })).toHaveCount(0);
    await expect(page.getByText('0 total credits')).toBeVisible();
  });
});

test.describe('signing in', () => {
  test('a signed-out visitor is sent to the login page and comes back after signing in', async ({ page, makeStudents }) => {
    const [student] = await makeStudents(1);
    await page.goto('/schedule');
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await page.getByLabel('Email').fill(student!.email);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/schedule$/);
    await expect(page.getByRole('heading', { name: 'My schedule' })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Student');
  });

  test('a wrong password and an unknown email get the same answer', async ({ page, makeStudents }) => {
    const [student] = await makeStudents(1);
    for (const [email, password] of [
      [student!.email, 'wrong password'],
      ['nobody@curriculab.test', 'whatever'],
    ] as const) {
      await page.goto('/login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('status')).toHaveText('Invalid email or password');
      // The email stays as typed; the password does not come back.
      await expect(page.getByLabel('Email')).toHaveValue(email);
      await expect(page.getByLabel('Password')).toHaveValue('');
    }
  });

  test('signs out', async ({ page, makeStudents, signIn }) => {
    const [student] = await makeStudents(1);
    await signIn(page, student!);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/sections');
    await expect(page).toHaveURL(/\/login/);
  });
});
