/**
 * Priority registration under races through the HTTP API on both app servers (issue 23, docs/decisions/0025): API
 * clients only, requests alternating between the servers and sent at once. Each race asserts its invariant from the
 * tables, no 5xx, and that every refusal is the rule's code with its status. The same races at SQL level:
 * test/priority-registration-race.test.ts.
 */
import { sql } from 'drizzle-orm';
import { crossList, reserveSeats, seatHolders, setStanding, setWaitlist, waiting, inDays } from '../testing/priority';
import {
  APP_URLS,
  RACE_ROUNDS,
  appUrl,
  expect,
  raceTest as test,
  rounds,
  seatLedger,
  send,
  unexpectedAnswers,
  type Answer,
} from './race-fixtures';

test('10 students whose appointment opens in 3 s hammer Enroll on both servers: no seat before opens_at by the database clock, every one after', async ({
  db,
  demoTermId,
  makeStudents,
  makeSection,
  apiClients,
}) => {
  const students = await makeStudents(10);
  const clients = await apiClients(students);
  const section = await makeSection({ capacity: 10, credits: 0 });
  const ids = `{${students.map((s) => s.id).join(',')}}`;
  await db.execute(sql`
    INSERT INTO registration_appointments (student_id, term_id, opens_at)
    SELECT u, ${demoTermId}, now() + interval '1 hour' FROM unnest(${ids}::int[]) AS u`);
  // Each student is refused once before the appointment is brought forward: on a busy machine a first request can
  // take longer than any fixed lead, and would then be a seat rather than the refusal this race starts from.
  const first = await Promise.all(
    clients.map((client, i) => send(client, appUrl(i), 'POST', `/api/sections/${section.id}/enrollments`)),
  );
  const [{ opens_at: opensAt } = { opens_at: '' }] = await db.execute<{ opens_at: string }>(sql`
    UPDATE registration_appointments SET opens_at = now() + interval '3 seconds'
     WHERE term_id = ${demoTermId} AND student_id = ANY(${ids}::int[])
    RETURNING opens_at::text`);

  // Then each student clicks every 100 ms until a seat (or 10 s), each try on the other server.
  const tries = await Promise.all(
    clients.map(async (client, i) => {
      const seen: Answer[] = [first[i]!];
      const deadline = Date.now() + 10_000;
      for (let k = 1; Date.now() < deadline; k++) {
        const answer = await send(client, appUrl(i + k), 'POST', `/api/sections/${section.id}/enrollments`);
        seen.push(answer);
        if (answer.status === 201) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return seen;
    }),
  );

  const [early] = await db.execute<{ early: number; after: number }>(sql`
    SELECT count(*) FILTER (WHERE created_at < ${opensAt}::timestamptz)::int AS early,
           count(*) FILTER (WHERE created_at >= ${opensAt}::timestamptz)::int AS after
      FROM enrollments WHERE section_id = ${section.id} AND enrollment_holds_seat(completion_status)`);
  expect(early, `seats taken before and after opens_at (${opensAt})`).toEqual({ early: 0, after: 10 });
  expect(
    tries.map((seen) => seen.at(-1)!.status),
    'the last answer of each student',
  ).toEqual(students.map(() => 201));
  expect(
    unexpectedAnswers(tries.flat(), 201, { appointment_not_reached: 403 }),
    'answers other than 201 and 403 appointment_not_reached',
  ).toEqual([]);
  // Everyone was refused at least once before the appointment opened, on both servers between them.
  expect(
    tries.map((seen) => seen.length > 1),
    'each student was refused first',
  ).toEqual(students.map(() => true));
  expect(
    new Set(
      tries
        .flat()
        .filter((a) => a.status === 403)
        .map((a) => a.server),
    ),
  ).toEqual(new Set(APP_URLS));
  expect(await seatLedger(db, section.id), 'the section').toMatchObject({ capacity: 10, enrolledCount: 10, seatHolders: 10 });
});

test(`5 non-members and 2 members race for a section whose only open seats are reserved: only members get them (${RACE_ROUNDS} rounds)`, async ({
  db,
  makeStudents,
  makeSection,
  apiClients,
}) => {
  const others = await makeStudents(5);
  const seniors = await makeStudents(2);
  await setStanding(
    db,
    seniors.map((s) => s.id),
    'senior',
  );
  const clients = await apiClients([...others, ...seniors]);
  for (const round of rounds()) {
    // 3 seats, 1 taken, the 2 left reserved for seniors until in 5 days.
    const section = await makeSection({ capacity: 3, taken: 1, credits: 0 });
    await reserveSeats(db, section.id, 'senior', 2, inDays(5));
    // Two requests each, one to each server.
    const answers = await Promise.all(
      clients.map((client, i) =>
        Promise.all([0, 1].map((k) => send(client, appUrl(i + k), 'POST', `/api/sections/${section.id}/enrollments`))),
      ),
    );
    const label = `round ${round}`;
    const [ofOthers, ofSeniors] = [answers.slice(0, 5).flat(), answers.slice(5)];
    expect(
      unexpectedAnswers(ofOthers, -1, { seats_reserved: 409, section_full: 409 }),
      `${label}: non-members' answers other than 409 seats_reserved / section_full`,
    ).toEqual([]);
    for (const [i, mine] of ofSeniors.entries()) {
      expect(mine.map((a) => a.error ?? String(a.status)).sort(), `${label}: the answers to member ${i}`).toEqual([
        '201',
        'already_enrolled',
      ]);
    }
    expect(await seatHolders(db, section.id), `${label}: the seat holders`).toEqual(
      expect.arrayContaining(seniors.map((s) => s.id)),
    );
    expect(await seatLedger(db, section.id), `${label}: the section`).toMatchObject({
      capacity: 3,
      enrolledCount: 3,
      seatHolders: 3,
    });
  }
});

test(`24 students race across two cross-listed sections on both servers: exactly the shared capacity admitted (${RACE_ROUNDS} rounds)`, async ({
  db,
  demoTermId,
  makeStudents,
  makeSection,
  apiClients,
}) => {
  const students = await makeStudents(24);
  const clients = await apiClients(students);
  for (const round of rounds()) {
    // 8 seats each, 10 shared.
    const a = await makeSection({ capacity: 8, credits: 0 });
    const b = await makeSection({ capacity: 8, credits: 0 });
    const list = await crossList(db, demoTermId, 10, [a.id, b.id]);
    // Student i asks for a or b by i's parity and goes to a server by i's half, so both sections hear both servers.
    const answers = await Promise.all(
      clients.map((client, i) =>
        send(client, appUrl(Math.floor(i / 2)), 'POST', `/api/sections/${(i % 2 ? a : b).id}/enrollments`),
      ),
    );
    const label = `round ${round}`;
    expect(
      answers.filter((x) => x.status === 201),
      `${label}: 201 answers`,
    ).toHaveLength(10);
    expect(
      unexpectedAnswers(answers, 201, { section_full: 409 }),
      `${label}: answers other than 201 and 409 section_full`,
    ).toEqual([]);
    const [ledgerA, ledgerB] = [await seatLedger(db, a.id), await seatLedger(db, b.id)];
    expect(ledgerA.seatHolders + ledgerB.seatHolders, `${label}: seats held in the two`).toBe(10);
    expect([ledgerA.enrolledCount, ledgerB.enrolledCount], `${label}: each section's counter`).toEqual([
      ledgerA.seatHolders,
      ledgerB.seatHolders,
    ]);
    const [row] = await db.execute<{ held: number }>(sql`SELECT held FROM cross_lists WHERE id = ${list}`);
    expect(row!.held, `${label}: the cross-list's counter`).toBe(10);
  }
});

test(`a release racing 6 walk-ins while 3 students wait: the released seats go to the first two in line (${RACE_ROUNDS} rounds)`, async ({
  db,
  makeStudents,
  makeSection,
  apiClients,
}) => {
  const walkIns = await makeStudents(6);
  const walkInClients = await apiClients(walkIns);
  for (const round of rounds()) {
    const section = await makeSection({ capacity: 3, taken: 1, credits: 0 });
    await setWaitlist(db, section.id, 10);
    const reservation = await reserveSeats(db, section.id, 'senior', 2, inDays(5));
    // Three non-seniors join the waitlist in turn (only reserved seats are free to them), through the API.
    const waiters = await makeStudents(3);
    const waiterClients = await apiClients(waiters);
    for (const [i, client] of waiterClients.entries()) {
      const joined = await send(client, appUrl(i), 'POST', `/api/sections/${section.id}/waitlist`, {});
      expect(joined.status, `round ${round}: waiter ${i} joins`).toBe(201);
    }

    const [, ...answers] = await Promise.all([
      db.execute(sql`UPDATE section_reservations SET released_at = now() WHERE id = ${reservation}`),
      ...walkInClients.map((client, i) => send(client, appUrl(i), 'POST', `/api/sections/${section.id}/enrollments`)),
    ]);
    const label = `round ${round}`;
    expect(
      unexpectedAnswers(answers as Answer[], -1, { seats_reserved: 409, section_full: 409 }),
      `${label}: walk-ins' answers other than 409 seats_reserved / section_full`,
    ).toEqual([]);
    const holders = await seatHolders(db, section.id);
    expect(holders, `${label}: the seat holders`).toEqual(expect.arrayContaining([waiters[0]!.id, waiters[1]!.id]));
    expect(
      holders.filter((id) => walkIns.some((w) => w.id === id)),
      `${label}: walk-ins holding a seat`,
    ).toEqual([]);
    expect(await waiting(db, section.id), `${label}: still waiting`).toEqual([waiters[2]!.id]);
    expect(await seatLedger(db, section.id), `${label}: the section`).toMatchObject({
      capacity: 3,
      enrolledCount: 3,
      seatHolders: 3,
    });
  }
});
