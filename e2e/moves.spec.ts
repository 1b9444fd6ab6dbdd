/**
 * docs/decisions/0018 in the browser: a registrar's move onto students' other classes lists them and can be applied
 * anyway (the conflict then shows on the roster and the student's schedule); a waiting student whose release
 * choice went stale is warned and fixes it, keeping their place. Screenshots go to the test's output folder.
 */
import { and, eq, sql } from 'drizzle-orm';
import { enrollments, sections, waitlistEntries } from '../db/schema';
import { createSection } from '../testing/factories';
import { expect, test } from './fixtures';

test('a registrar moves a section onto two students’ classes, knowingly', async ({
  page,
  browser,
  db,
  makeStudents,
  makeUser,
  makeSection,
  signIn,
}, testInfo) => {
  const [ana, ben, cy] = await makeStudents(3);
  const moved = await makeSection({ capacity: 10, meetings: [{ day: 1, startsAt: '08:00', endsAt: '08:50' }] });
  const other = await makeSection({ capacity: 10, meetings: [{ day: 1, startsAt: '10:00', endsAt: '10:50' }] });
  await db.insert(enrollments).values([ana!, ben!, cy!].map((s) => ({ studentId: s.id, sectionId: moved.id })));
  await db.insert(enrollments).values([ana!, ben!].map((s) => ({ studentId: s.id, sectionId: other.id })));
  await signIn(page, await makeUser('registrar'));

  await page.goto(`/registrar/sections/${moved.id}`);
  await page.getByLabel('Starts (meeting 1)').fill('10:30');
  await page.getByLabel('Ends (meeting 1)').fill('11:20');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const panel = page.getByRole('region', { name: /would have a time conflict/ });
  await expect(panel).toContainText('2 students would have a time conflict');
  await expect(panel).toContainText(ana!.email);
  await expect(panel).toContainText(other.label);
  await page.screenshot({ path: testInfo.outputPath('registrar-move-preview.png'), fullPage: true });
  await panel.getByRole('button', { name: 'Apply anyway' }).click();
  await expect(page.getByText('2 students keep their seats with a time conflict')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('registrar-move-applied.png'), fullPage: true });

  await page.goto(`/sections/${moved.id}/roster`);
  await expect(page.getByText('Time conflict')).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('roster-conflicts.png'), fullPage: true });

  const student = await browser.newPage();
  await signIn(student, ana!);
  await student.goto('/schedule');
  await expect(student.getByText('Time conflict').first()).toBeVisible();
  await student.screenshot({ path: testInfo.outputPath('schedule-conflict.png'), fullPage: true });
  await student.close();
});

test('a stale release choice is shown and changed, keeping the place', async ({
  page,
  db,
  demoTermId,
  makeStudents,
  makeSection,
  signIn,
}, testInfo) => {
  const [student, holder] = await makeStudents(2);
  const a = await makeSection({ capacity: 5 });
  const [aRow] = await db.select().from(sections).where(eq(sections.id, a.id));
  // Two more sections of A's course: B (full, with a waitlist) and C.
  const b = await createSection(db, { termId: demoTermId, courseId: aRow!.courseId, capacity: 1 });
  const c = await createSection(db, { termId: demoTermId, courseId: aRow!.courseId, capacity: 5 });
  await db.update(sections).set({ waitlistCapacity: 3 }).where(eq(sections.id, b.id));
  await db.insert(enrollments).values([
    { studentId: student!.id, sectionId: a.id },
    { studentId: holder!.id, sectionId: b.id },
  ]);
  await db.execute(sql`SELECT waitlist_join(${b.id}, ${student!.id}, ${a.id})`);
  // The student moves from A to C after joining: the choice to release A goes stale.
  await db.delete(enrollments).where(and(eq(enrollments.studentId, student!.id), eq(enrollments.sectionId, a.id)));
  await db.insert(enrollments).values({ studentId: student!.id, sectionId: c.id });
  await signIn(page, student!);

  await page.goto('/schedule');
  await expect(page.getByText('Your release choice is out of date.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('schedule-stale-choice.png'), fullPage: true });
  await page.goto(`/sections/${b.id}`);
  const waitlist = page.getByRole('region', { name: 'Waitlist' });
  await expect(waitlist.getByText('Your release choice is out of date.')).toBeVisible();
  await waitlist.getByLabel('When your turn comes, release').selectOption({ value: String(c.id) });
  await waitlist.getByRole('button', { name: 'Save choice' }).click();
  await expect(waitlist.getByText('You keep your place, number 1 of 1')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('section-choice-saved.png'), fullPage: true });
  const [entry] = await db.select().from(waitlistEntries).where(eq(waitlistEntries.studentId, student!.id));
  expect(entry?.swapFromSectionId).toBe(c.id);
});
