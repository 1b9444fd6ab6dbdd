/**
 * A lecture with its labs in the browser (docs/decisions/0022): the lecture's page lists its labs with their seats
 * and one Enroll for the set; the schedule shows the set and its credits; dropping the lab drops the set.
 */
import { and, eq } from 'drizzle-orm';
import { enrollments } from '../db/schema';
import { createCourse, createSection } from '../testing/factories';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

test('a student enrolls in a lecture with the lab they pick, sees 1.5 credits, and drops the set', async ({
  page,
  db,
  demoTermId,
  makeStudents,
  signIn,
}) => {
  const course = await createCourse(db, { credits: 1.5 });
  const lecture = await createSection(db, { termId: demoTermId, courseId: course.id, code: 'A', capacity: 30 });
  const labs: { id: number }[] = [];
  for (const [i, capacity] of [5, 0].entries()) {
    labs.push(
      await createSection(db, {
        termId: demoTermId,
        courseId: course.id,
        code: `A0${i + 1}`,
        capacity,
        component: 'LAB',
        linkedSectionId: lecture.id,
        credits: 0,
      }),
    );
  }
  const [student] = await makeStudents(1);
  const label = `${course.subject} ${course.number}`;
  await signIn(page, student!);

  await test.step('the lecture page lists its labs with seats, and one Enroll for the set', async () => {
    await page.goto(`/sections/${lecture.id}`);
    const set = page.getByRole('region', { name: 'Taken together' });
    const pick = set.getByRole('group', { name: 'Pick a LAB section' });
    await expect(pick.getByLabel(new RegExp(`${label}-A01 .* 5 seats left`))).toBeVisible();
    await expect(pick.getByLabel(new RegExp(`${label}-A02 .* full`))).toBeVisible();
    // The lecture alone: the database's sentence.
    await set.getByRole('button', { name: 'Enroll in the set' }).click();
    await expect(set.getByRole('status')).toHaveText(`${label}-A needs a LAB section: A01, A02.`);
    await pick.getByLabel(new RegExp(`${label}-A01`)).check();
    await set.getByRole('button', { name: 'Enroll in the set' }).click();
    await expect(set.getByRole('status')).toHaveText('You are enrolled in the set.');
  });

  await test.step('the schedule shows the set and 1.5 credits; dropping the lab drops the set', async () => {
    await page.goto('/schedule');
    await expect(page.getByText(`LAB with ${label}-A`)).toBeVisible();
    for (const path of [`/sections/${lecture.id}`, '/schedule', '/sections']) {
      await page.goto(path);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${path}: ${v.id} (${v.nodes.length})`)).toEqual([]);
    }
    // The lecture's page, once the set is held, marks the lab held among the choices.
    await page.goto(`/sections/${lecture.id}`);
    const set = page.getByRole('region', { name: 'Taken together' });
    await expect(set.getByText('You hold A01.')).toBeVisible();
    await expect(set.getByLabel(new RegExp(`${label}-A01 .* you hold this`))).toBeChecked();
    await page.goto('/schedule');
    await expect(page.getByText('1.5', { exact: true }).first()).toBeVisible();
    await page.goto(`/sections/${labs[0]!.id}`);
    await page.getByRole('button', { name: 'Drop' }).click();
    await expect(page.getByText(`Drop ${label}-A and ${label}-A01 (the whole set)?`)).toBeVisible();
    await page.getByRole('button', { name: 'Confirm drop' }).click();
    await expect(page.getByText('You dropped this section.')).toBeVisible();
    const held = await db
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.studentId, student!.id), eq(enrollments.completionStatus, 'enrolled')));
    expect(held).toEqual([]);
  });
});
