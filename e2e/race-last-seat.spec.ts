/**
 * The last seats of a section, raced by one browser context per student, tabs spread over both app servers
 * (docs/decisions/0004). Every tab is loaded first; then all the Enroll clicks reach the servers together (releaseTogether).
 * Each round races for a fresh section; the students and their tabs carry over from round to round. The rounds
 * alternate between the last seat (12 for 1) and the last three (12 for 3): one set of tabs proves both, where two
 * tests of their own opened 22 browser contexts for the same proof (issue 28.21).
 */
import {
  ANSWER,
  APP_URLS,
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

const STUDENTS = 12;
/** Round 1, 3, … race for the last seat; round 2, 4, … for the last three. */
const races = [
  { name: 'the last seat', capacity: 4, seatsLeft: 1 },
  { name: '3 seats left', capacity: 8, seatsLeft: 3 },
];

test(`the last seat, then the last 3: ${STUDENTS} students click Enroll at the same instant; exactly that many get a seat (${RACE_ROUNDS} rounds)`, async ({
  db,
  makeStudents,
  makeSection,
  openTabs,
}) => {
  test.setTimeout(120_000 + RACE_ROUNDS * ROUND_BUDGET_MS);
  const students = await makeStudents(STUDENTS);
  const tabs = await openTabs(students, '/sections');

  for (const round of rounds()) {
    const { name, capacity, seatsLeft } = races[(round - 1) % races.length]!;
    await test.step(`round ${round}: ${name}`, async () => {
      const section = await makeSection({ capacity, taken: capacity - seatsLeft });
      await visitAll(tabs, `/sections/${section.id}`);
      await Promise.all(tabs.map((tab) => expect(tab.getByRole('button', { name: 'Enroll' })).toBeEnabled()));

      await releaseTogether(tabs, (tab) => tab.getByRole('button', { name: 'Enroll' }).click());

      const answers = await answersOf(tabs);
      expect([...answers].sort(), `round ${round}: the answers in the ${STUDENTS} tabs`).toEqual(
        [...times(STUDENTS - seatsLeft, ANSWER.full), ...times(seatsLeft, ANSWER.enrolled)].sort(),
      );
      const ledger = await seatLedger(
        db,
        section.id,
        students.map((s) => s.id),
      );
      expect(ledger, `round ${round}: the section in the database`).toEqual({
        capacity,
        enrolledCount: capacity,
        seatHolders: capacity,
        ofStudents: seatsLeft,
      });
      // The winners' pages re-rendered after their action: Drop instead of Enroll.
      await Promise.all(
        tabs
          .filter((_, i) => answers[i] === ANSWER.enrolled)
          .map(async (tab) => {
            await expect(enrollmentPanel(tab).getByRole('button', { name: 'Drop' })).toBeVisible();
          }),
      );
      for (const server of APP_URLS) {
        // A new connection: a kept-alive one idle since the last round races the server's 5 s keep-alive
        // timeout and can die with ECONNRESET (see apiClients in fixtures.ts).
        const response = await tabs[0]!.request.get(`${server}/api/sections/${section.id}`, {
          headers: { connection: 'close' },
        });
        const seats = await response.json();
        expect(seats, `round ${round}: GET /api/sections/${section.id} on ${server}`).toMatchObject({
          id: section.id,
          capacity,
          enrolledCount: capacity,
          seatsLeft: 0,
        });
      }
    });
  }
});
