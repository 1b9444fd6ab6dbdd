/**
 * One student, two tabs on two app servers, Enroll clicked at the same instant on two sections that meet at the
 * same time (docs/decisions/0008): one tab gets the seat, the other the conflict message naming the first
 * section, and the database holds exactly one of the two seats.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { enrollments } from '../db/schema';
import {
  ANSWER,
  RACE_ROUNDS,
  ROUND_BUDGET_MS,
  answersOf,
  expect,
  raceTest as test,
  releaseTogether,
  rounds,
} from './race-fixtures';

const MWF = (hour: number, from: number, to: number) =>
  [1, 3, 5].map((day) => ({
    day,
    startsAt: `${String(hour).padStart(2, '0')}:${String(from).padStart(2, '0')}`,
    endsAt: `${String(hour + Math.floor(to / 60)).padStart(2, '0')}:${String(to % 60).padStart(2, '0')}`,
  }));

test(`one student, two tabs, two overlapping sections at the same instant: one seat, one conflict (${RACE_ROUNDS} rounds)`, async ({
  db,
  makeStudents,
  makeSection,
  openTabs,
}) => {
  test.setTimeout(120_000 + RACE_ROUNDS * ROUND_BUDGET_MS);
  const [student] = await makeStudents(1);
  const tabs = await openTabs([student!], '/sections', { tabsPerUser: 2 });

  for (const round of rounds()) {
    await test.step(`round ${round}`, async () => {
      // A new hour each round, so the seats of earlier rounds never conflict; 3 credits a round stays under 18.
      const hour = 6 + round * 2;
      const sections = [
        await makeSection({ capacity: 10, meetings: MWF(hour, 0, 50) }),
        await makeSection({ capacity: 10, meetings: MWF(hour, 30, 80) }),
      ];
      await Promise.all(tabs.map((tab, i) => tab.goto(new URL(`/sections/${sections[i]!.id}`, tab.url()).href)));
      await Promise.all(tabs.map((tab) => expect(tab.getByRole('button', { name: 'Enroll' })).toBeEnabled()));

      await releaseTogether(tabs, (tab) => tab.getByRole('button', { name: 'Enroll' }).click());

      const answers = await answersOf(tabs);
      const winner = answers.indexOf(ANSWER.enrolled);
      expect(winner, `round ${round}: one tab has the seat (${answers.join(' | ')})`).toBeGreaterThanOrEqual(0);
      const [first, second] = [sections[winner]!, sections[1 - winner]!];
      const time =
        winner === 0 ? `${hour % 12 || 12}:00–${hour % 12 || 12}:50` : `${hour % 12 || 12}:30–${(hour + 1) % 12 || 12}:20`;
      expect(answers[1 - winner], `round ${round}: the other tab names the section it conflicts with`).toBe(
        `This section meets at the same time as ${first.label} (MWF ${time} ${hour < 12 ? 'AM' : 'PM'}), which you are enrolled in.`,
      );
      const held = await db
        .select({ sectionId: enrollments.sectionId })
        .from(enrollments)
        .where(and(eq(enrollments.studentId, student!.id), inArray(enrollments.sectionId, [first.id, second.id])));
      expect(held, `round ${round}: the database holds exactly the winning seat`).toEqual([{ sectionId: first.id }]);
    });
  }
});
