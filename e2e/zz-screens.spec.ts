// Scratch: screenshots of the changed pages at 1280 and 390 px (not committed).
import { eq } from 'drizzle-orm';
import { sections } from '../db/schema';
import { test, expect } from './fixtures';

for (const width of [1280, 390]) {
  test(`screens ${width}`, async ({ page, db, makeStudents, makeUser, makeSection, signIn, apiAs }) => {
    test.setTimeout(180_000);
    const shot = async (name: string) => {
      await page.waitForTimeout(300);
      await page.screenshot({ path: `/tmp/ui-shots/${width}-${name}.png`, fullPage: true });
    };
    await page.setViewportSize({ width, height: 900 });
    const instructor = await makeUser('instructor');
    const [student] = await makeStudents(1);
    const mwf = await makeSection({ capacity: 10, title: 'Fifty-minute lecture', instructorId: instructor.id, meetings: [1, 3, 5].map((day) => ({ day, startsAt: '09:00', endsAt: '09:50' })) });
    const tr = await makeSection({ capacity: 10, meetings: [2, 4].map((day) => ({ day, startsAt: '13:00', endsAt: '14:15' })) });
    const full = await makeSection({ capacity: 2, taken: 2, meetings: [{ day: 2, startsAt: '13:30', endsAt: '14:20' }] });
    await db.update(sections).set({ waitlistCapacity: 3 }).where(eq(sections.id, full.id));
    const api = await apiAs(student!);
    for (const s of [mwf, tr]) expect((await api.post(`/api/sections/${s.id}/enrollments`)).status()).toBe(201);
    await signIn(page, student!);
    await page.goto('/sections?q=TEST'); await shot('catalog');
    await page.goto('/schedule'); await shot('schedule');
    await page.goto(`/sections/${full.id}`); await shot('section-full-conflict');
    await page.getByRole('button', { name: 'Join waitlist' }).click();
    await expect(page.getByText(/You are number 1 of 1/).first()).toBeVisible(); await shot('section-joined');
    await page.goto('/schedule'); await shot('schedule-waitlist');
    await page.getByRole('button', { name: /^Leave/ }).click();
    await expect(page.getByText(/You left the waitlist/)).toBeVisible(); await shot('schedule-left');
    await page.getByRole('row').filter({ hasText: tr.label }).getByRole('button', { name: 'Drop' }).click();
    await page.getByRole('button', { name: 'Confirm drop' }).click();
    await expect(page.getByText(/You dropped/)).toBeVisible(); await shot('schedule-dropped');
    await page.goto('/history'); await shot('history');

    await page.context().clearCookies();
    await signIn(page, await makeUser('instructor'));
    await page.goto(`/sections/${mwf.id}/roster`); await shot('roster-other-instructor');

    await page.context().clearCookies();
    await signIn(page, await makeUser('registrar'));
    await page.goto('/registrar?q=TEST'); await shot('registrar');
    await page.goto(`/sections/${mwf.id}/roster`); await shot('roster-registrar');
    await page.goto(`/registrar/sections/${mwf.id}/history`); await shot('section-history');
    await page.goto(`/registrar/students/${student!.id}/history`); await shot('student-history');
    await page.goto(`/registrar/students/${student!.id}`);
    await page.getByLabel('Reason (the student reads it)').fill('Library fines');
    await page.getByRole('button', { name: 'Place hold' }).click();
    await expect(page.getByText(/^Hold placed/)).toBeVisible();
    await page.getByRole('button', { name: 'Lift' }).click();
    await page.getByRole('button', { name: 'Confirm lift' }).click();
    await expect(page.getByText(/^Hold lifted/)).toBeVisible(); await shot('student-lifted');
    await page.goto('/registrar/sections/new');
    await page.getByLabel('Course').selectOption({ index: 3 });
    await page.getByLabel('Section code').fill('bad code!');
    await page.getByRole('button', { name: 'Create section' }).click();
    await page.waitForTimeout(800); await shot('new-section-error');
    await page.context().clearCookies();
    await signIn(page, student!);
    await page.goto(`/sections/${mwf.id}`); await shot('section-enrolled');
  });
}
