/**
 * Live seat counts across both app servers (docs/decisions/0013): a change made through one server shows, with no
 * reload, on pages served by the other within 2 s (the poller reads once a second).
 */
import { eq } from 'drizzle-orm';
import { sections } from '../db/schema';
import { ANSWER, appUrl, enrollmentPanel, expect, raceTest as test } from './race-fixtures';

const LIVE_WITHIN = { timeout: 2_000 };

test('a seat taken through one server shows on the other server’s section page and catalog row within 2 s', async ({
  makeStudents,
  makeSection,
  openTabs,
}) => {
  const title = `Live seats ${Date.now().toString(36)}`;
  const section = await makeSection({ capacity: 3, taken: 1, title });
  const [enroller, watcher] = await makeStudents(2);
  // openTabs puts tab 0 on server A, tab 1 on server B.
  const [enrollerTab, watcherTab] = await openTabs([enroller!, watcher!], `/sections/${section.id}`);
  expect(new URL(enrollerTab!.url()).port).not.toBe(new URL(watcherTab!.url()).port);
  const catalog = await watcherTab!.context().newPage();
  await catalog.goto(`${appUrl(1)}/sections?q=${encodeURIComponent(title)}`);
  const row = catalog.getByRole('row', { name: new RegExp(section.label) });
  await expect(row).toContainText('1 / 3');
  await expect(watcherTab!.getByText('2 seats left')).toBeVisible();

  await enrollmentPanel(enrollerTab!).getByRole('button', { name: 'Enroll' }).click();
  await expect(enrollmentPanel(enrollerTab!).getByRole('status')).toHaveText(ANSWER.enrolled);

  await expect(watcherTab!.getByText('1 seat left')).toBeVisible(LIVE_WITHIN);
  await expect(row).toContainText('2 / 3', LIVE_WITHIN);
  // Announced politely, once, by name.
  await expect(watcherTab!.locator('[data-live-announcer]')).toHaveText(`${section.label} now has 1 open seat.`, {
    timeout: 8_000,
  });
});

test('a waitlisted student’s section page and schedule move up when someone ahead leaves through the other server', async ({
  db,
  makeStudents,
  makeSection,
  apiAs,
  openTabs,
}) => {
  const section = await makeSection({ capacity: 1, taken: 1 });
  await db.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, section.id));
  const [ahead, waiter] = await makeStudents(2);
  const aheadApi = await apiAs(ahead!, appUrl(0));
  const waiterApi = await apiAs(waiter!, appUrl(1));
  expect((await aheadApi.post(`/api/sections/${section.id}/waitlist`)).status()).toBe(201);
  expect((await waiterApi.post(`/api/sections/${section.id}/waitlist`)).status()).toBe(201);

  // The waiter's tabs are on server B (tab 1); the one ahead leaves through server A.
  const [, waiterTab] = await openTabs([ahead!, waiter!], `/sections/${section.id}`);
  const schedule = await waiterTab!.context().newPage();
  await schedule.goto(`${appUrl(1)}/schedule`);
  const waitlistPanel = waiterTab!.getByRole('region', { name: 'Waitlist' });
  await expect(waitlistPanel).toContainText('You are number 2 of 2 on the waitlist.');
  await expect(schedule.getByRole('listitem').filter({ hasText: section.label })).toContainText('number 2 of 2');

  expect((await aheadApi.delete(`/api/sections/${section.id}/waitlist`)).status()).toBe(200);

  await expect(waitlistPanel).toContainText('You are number 1 of 1 on the waitlist.', LIVE_WITHIN);
  await expect(schedule.getByRole('listitem').filter({ hasText: section.label })).toContainText('number 1 of 1', LIVE_WITHIN);
  await expect(waiterTab!.locator('[data-live-announcer]')).toContainText('you are now number 1 of 1 on the waitlist', {
    timeout: 8_000,
  });
});
