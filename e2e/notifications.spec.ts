/**
 * Notices (docs/decisions/0026): a waitlisted student is promoted when another drops; the bell counts it, the
 * notice page says it and links its history event, and the app's own mail sink (/dev/mail) shows the e-mail the
 * delivery worker sent.
 */
import AxeBuilder from '@axe-core/playwright';
import { eq } from 'drizzle-orm';
import { sections } from '../db/schema';
import { expect, test } from './fixtures';

test('promoted from the waitlist: the bell counts the notice, the page shows it, /dev/mail has the e-mail', async ({
  db,
  browser,
  makeStudents,
  makeSection,
  signIn,
  apiAs,
}) => {
  const [holder, waiter] = await makeStudents(2);
  const section = await makeSection({ capacity: 1 });
  await db.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, section.id));
  const holderApi = await apiAs(holder!);
  expect((await holderApi.post(`/api/sections/${section.id}/enrollments`)).status()).toBe(201);
  const waiterApi = await apiAs(waiter!);
  expect((await waiterApi.post(`/api/sections/${section.id}/waitlist`)).status()).toBe(201);

  const page = await (await browser.newContext()).newPage();
  await signIn(page, waiter!);
  await page.goto('/schedule');
  await expect(page.getByRole('link', { name: 'Notices, none unread' })).toBeVisible();

  expect([200, 204]).toContain((await holderApi.delete(`/api/sections/${section.id}/enrollments`)).status());

  await page.reload();
  await page.getByRole('link', { name: 'Notices, 1 unread' }).click();
  const notice = page.getByRole('list', { name: 'My notices' }).getByRole('listitem').first();
  await expect(notice.getByRole('heading', { name: `You have a seat in ${section.label}` })).toBeVisible();
  await notice.getByRole('link', { name: 'See it in my history' }).click();
  await expect(page).toHaveURL(/\/history#event-\d+$/);
  const eventRow = page.locator(`tr${new URL(page.url()).hash}`);
  await expect(eventRow).toContainText(section.label);

  await page.goto('/notifications');
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(page.getByRole('link', { name: 'Notices, none unread' })).toBeVisible();

  // The worker polls every second; the mail reaches the sink shortly after the promotion commits.
  await expect(async () => {
    await page.goto('/dev/mail');
    const mail = page.getByRole('list', { name: 'Sent e-mails' }).getByRole('listitem').filter({ hasText: waiter!.email });
    await expect(mail.getByRole('heading', { name: `You have a seat in ${section.label}` })).toBeVisible({ timeout: 1000 });
    await expect(mail).toContainText('/history#event-');
  }).toPass({ timeout: 30_000 });
});

test('notice pages have no serious accessibility violations; preferences are saved', async ({
  page,
  browser,
  makeStudents,
  makeUser,
  signIn,
}) => {
  const serious = async (path: string) => {
    await page.goto(path);
    const { violations } = await new AxeBuilder({ page }).analyze();
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path}: ${v.id}`);
  };
  const [student] = await makeStudents(1);
  await signIn(page, student!);
  expect([
    ...(await serious('/notifications')),
    ...(await serious('/notifications/preferences')),
    ...(await serious('/dev/mail')),
  ]).toEqual([]);

  await page.goto('/notifications/preferences');
  await page.getByLabel('Section moved').uncheck();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your choices are saved.' })).toBeVisible();
  await expect(page.getByLabel('Section moved')).not.toBeChecked();
  await expect(page.getByLabel('Hold lifted')).toBeChecked();

  const registrarPage = await (await browser.newContext()).newPage();
  await signIn(registrarPage, await makeUser('registrar'));
  await registrarPage.goto('/registrar/notifications');
  await expect(registrarPage.getByRole('heading', { name: 'Notice delivery' })).toBeVisible();
  const { violations } = await new AxeBuilder({ page: registrarPage }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});
