/**
 * One student, five tabs (one browser context, tabs spread over both app servers), Enroll clicked in all of
 * them at the same instant: one enrollment, and every other tab says so. The section has exactly one seat
 * left, so a refusal for the wrong reason ("Section is full") would show too.
 */
import {
  ANSWER,
  RACE_ROUNDS,
  ROUND_BUDGET_MS,
  answersOf,
  enrollmentPanel,
  expect,
  raceTest as test,
  releaseTogether,
  rounds,
  seatLedger,
  times,
  visitAll,
} from './race-fixtures';

const TABS = 5;

test(`one student clicks Enroll in ${TABS} tabs at the same instant: one enrollment (${RACE_ROUNDS} rounds)`, async ({
  db,
  makeStudents,
  makeSection,
  openTabs,
}) => {
  test.setTimeout(120_000 + RACE_ROUNDS * ROUND_BUDGET_MS);
  const [student] = await makeStudents(1);
  const tabs = await openTabs([student!], '/sections', { tabsPerUser: TABS });
  const capacity = 3;

  for (const round of rounds()) {
    await test.step(`round ${round}`, async () => {
      const section = await makeSection({ capacity, taken: capacity - 1 });
      await visitAll(tabs, `/sections/${section.id}`);
      await Promise.all(tabs.map((tab) => expect(tab.getByRole('button', { name: 'Enroll' })).toBeEnabled()));

      await releaseTogether(tabs, (tab) => tab.getByRole('button', { name: 'Enroll' }).click());

      const answers = await answersOf(tabs);
      expect([...answers].sort(), `round ${round}: the answers in the ${TABS} tabs`).toEqual(
        [...times(TABS - 1, ANSWER.alreadyEnrolled), ANSWER.enrolled].sort(),
      );
      expect(await seatLedger(db, section.id, [student!.id]), `round ${round}: the section in the database`).toEqual({
        capacity,
        enrolledCount: capacity,
        seatHolders: capacity,
        ofStudents: 1,
      });

      // Reloaded, every tab (on either server) shows the one enrollment and the full section. The ledger above
      // proves each round; the pages render the same state every round, so the last round reads them (issue 28.21).
      if (round < RACE_ROUNDS) return;
      await Promise.all(
        tabs.map(async (tab) => {
          await tab.reload();
          await expect(enrollmentPanel(tab).getByRole('button', { name: 'Drop' })).toBeVisible();
          await expect(tab.getByText(`${capacity} / ${capacity}`)).toBeVisible();
          await expect(tab.getByText('0 seats left')).toBeVisible();
        }),
      );
    });
  }
});
