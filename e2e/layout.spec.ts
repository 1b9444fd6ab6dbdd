/**
 * What students see at a desk and on a phone, in production mode: the week calendar drawn under the production
 * Content-Security-Policy (no style attributes: issue 28 item 1), and the schedule and catalog at 390 px without
 * sideways scrolling (item 3).
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** Every CSP violation the page reports, as text. */
async function watchViolations(page: Page) {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation: (t: string) => void }).reportViolation(
        `${event.violatedDirective} ${location.pathname}`,
      );
    });
  });
  return violations;
}

/** A student holding three sections: MWF 9:00–9:50, TR 1:00–2:15 PM and M 8:00–8:50 (the first row's hour). */
type Makers = { [K in 'makeStudents' | 'makeSection' | 'apiAs']: Parameters<Parameters<typeof test>[2]>[0][K] };
async function studentWithWeek({ makeStudents, makeSection, apiAs }: Makers) {
  const [student] = await makeStudents(1);
  const mwf = await makeSection({
    capacity: 10,
    title: 'Fifty-minute lecture',
    meetings: [1, 3, 5].map((day) => ({ day, startsAt: '09:00', endsAt: '09:50' })),
  });
  const tr = await makeSection({ capacity: 10, meetings: [2, 4].map((day) => ({ day, startsAt: '13:00', endsAt: '14:15' })) });
  const early = await makeSection({ capacity: 10, meetings: [{ day: 1, startsAt: '08:00', endsAt: '08:50' }] });
  const api = await apiAs(student!);
  for (const section of [mwf, tr, early]) {
    expect((await api.post(`/api/sections/${section.id}/enrollments`)).status(), section.label).toBe(201);
  }
  return { student: student!, mwf, tr, early };
}

test('the week calendar draws every meeting at its time under the production CSP', async ({
  page,
  signIn,
  makeStudents,
  makeSection,
  apiAs,
}) => {
  const violations = await watchViolations(page);
  const { student, mwf, early } = await studentWithWeek({ makeStudents, makeSection, apiAs });
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, student);
  await page.goto('/schedule');

  const calendar = page.getByRole('figure', { name: /^Your week/ });
  const monday = calendar.getByRole('region', { name: 'Monday' });
  const friday = calendar.getByRole('region', { name: 'Friday' });
  const mondayBox = (await monday.boundingBox())!;
  const fridayBox = (await friday.boundingBox())!;
  // Five columns side by side, not one collapsed column.
  expect(mondayBox.width).toBeGreaterThan(150);
  expect(fridayBox.x).toBeGreaterThan(mondayBox.x + 3 * mondayBox.width);

  const block = monday.getByRole('listitem').filter({ hasText: mwf.label });
  const blockBox = (await block.boundingBox())!;
  const earlyBox = (await monday.getByRole('listitem').filter({ hasText: early.label }).boundingBox())!;
  // 8:00 is the first row; 9:00 an hour (72 px) below it; 50 minutes tall.
  expect(Math.round(earlyBox.y - mondayBox.y)).toBeLessThanOrEqual(1);
  expect(Math.round(blockBox.y - earlyBox.y)).toBe(72);
  expect(Math.round(blockBox.height)).toBe(60);
  // Its third line (the title) fits inside the block.
  const title = (await block.getByText('Fifty-minute lecture').boundingBox())!;
  expect(title.y + title.height).toBeLessThanOrEqual(blockBox.y + blockBox.height);
  await expect(calendar.getByText('8 AM', { exact: true })).toBeVisible();
  await expect(calendar.getByText('4 PM', { exact: true })).toBeVisible();
  expect(violations).toEqual([]);
});

/** The page does not scroll sideways, and `locator` lies inside the viewport. */
async function fitsPhone(page: Page, ...locators: ReturnType<Page['locator']>[]) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'sideways scrolling').toBeLessThanOrEqual(0);
  for (const locator of locators) {
    const box = (await locator.boundingBox())!;
    expect(box.x, String(locator)).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, String(locator)).toBeLessThanOrEqual(390);
  }
}

test('at 390 px the schedule and the catalog fit the screen, seats and Drop in view', async ({
  page,
  signIn,
  makeStudents,
  makeSection,
  apiAs,
}) => {
  const { student, mwf } = await studentWithWeek({ makeStudents, makeSection, apiAs });
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, student);

  await page.goto('/schedule');
  const calendar = page.getByRole('figure', { name: /^Your week/ });
  const table = page.getByRole('table', { name: 'Your sections' });
  await fitsPhone(
    page,
    calendar.getByRole('region', { name: 'Friday' }),
    calendar.getByText('10 AM', { exact: true }),
    table.getByRole('row').filter({ hasText: mwf.label }).getByRole('button', { name: 'Drop' }),
  );
  // The hour labels are not cut: each fits its gutter.
  const cut = await calendar
    .getByText(/^\d+ (AM|PM)$/)
    .evaluateAll((labels) => labels.filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.textContent));
  expect(cut).toEqual([]);

  await page.goto(`/sections?q=${encodeURIComponent(mwf.title)}`);
  const row = page.getByRole('row').filter({ hasText: mwf.label });
  await fitsPhone(page, row.getByText(/\d+ \/ 10/), row.getByText(/credits/));
});
