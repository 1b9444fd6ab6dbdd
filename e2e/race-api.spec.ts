/**
 * The same races through the HTTP API: 100 signed-in students send 3 enroll requests each, 300 at once,
 * alternating between both app servers. Exactly `seats left` × 201; every other answer a 409 that says why;
 * never a 5xx.
 */
import type { APIResponse } from '@playwright/test';
import { APP_URLS, RACE_ROUNDS, ROUND_BUDGET_MS, appUrl, expect, raceTest as test, rounds, seatLedger } from './race-fixtures';

const STUDENTS = 100;
const REQUESTS_EACH = 3;

/** Round 1, 3, … race for the last seat; round 2, 4, … for 3 seats in an empty section (as race-last-seat alternates). */
const races = [
  { name: 'the last seat', capacity: 20, seatsLeft: 1 },
  { name: '3 seats in an empty section', capacity: 3, seatsLeft: 3 },
];

test(`${STUDENTS * REQUESTS_EACH} concurrent enroll requests over both servers: exactly one 201 per seat (${RACE_ROUNDS} rounds)`, async ({
  db,
  makeStudents,
  makeSection,
  apiClients,
}) => {
  test.setTimeout(120_000 + RACE_ROUNDS * ROUND_BUDGET_MS);
  const students = await makeStudents(STUDENTS);
  // Clients that open a fresh connection per request (see apiClients): a race must be decided by PostgreSQL.
  const clients = await apiClients(students);

  for (const round of rounds()) {
    const { name, capacity, seatsLeft } = races[(round - 1) % races.length]!;
    await test.step(`round ${round}: ${name}`, async () => {
      // 0 credits: the first to send win most rounds, and must meet capacity, not the 18-credit limit.
      const section = await makeSection({ capacity, taken: capacity - seatsLeft, credits: 0 });
      const post = async (client: (typeof clients)[number], server: string) => {
        const response: APIResponse = await client.post(`${server}/api/sections/${section.id}/enrollments`);
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        return { server, status: response.status(), error: body.error };
      };
      const answers = await Promise.all(
        clients.map((client, i) => Promise.all(Array.from({ length: REQUESTS_EACH }, (_, k) => post(client, appUrl(i + k))))),
      );
      const all = answers.flat();
      const label = `round ${round}, ${name}`;

      expect(
        all.filter((a) => a.status >= 500),
        `${label}: 5xx answers`,
      ).toEqual([]);
      expect(
        all.filter((a) => a.status === 201),
        `${label}: 201 answers`,
      ).toHaveLength(seatsLeft);
      expect(
        all.filter(
          (a) => a.status !== 201 && !(a.status === 409 && (a.error === 'section_full' || a.error === 'already_enrolled')),
        ),
        `${label}: answers other than 201 and 409 section_full / already_enrolled`,
      ).toEqual([]);
      // A student gets at most one seat; the winner's other requests hear "already enrolled", the others' "section full".
      for (const [i, mine] of answers.entries()) {
        const won = mine.some((a) => a.status === 201);
        expect(
          mine.map((a) => a.error ?? String(a.status)).sort(),
          `${label}: the ${REQUESTS_EACH} answers to student ${i}`,
        ).toEqual(won ? ['201', 'already_enrolled', 'already_enrolled'] : ['section_full', 'section_full', 'section_full']);
      }

      expect(
        await seatLedger(
          db,
          section.id,
          students.map((s) => s.id),
        ),
        `${label}: the section in the database`,
      ).toEqual({
        capacity,
        enrolledCount: capacity,
        seatHolders: capacity,
        ofStudents: seatsLeft,
      });
      for (const server of APP_URLS) {
        const seats = await (await clients[0]!.get(`${server}/api/sections/${section.id}`)).json();
        expect(seats, `${label}: GET /api/sections/${section.id} on ${server}`).toMatchObject({
          id: section.id,
          capacity,
          enrolledCount: capacity,
          seatsLeft: 0,
        });
      }
    });
  }
});
