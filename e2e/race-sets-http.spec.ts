/**
 * Sets under races through the HTTP API on both app servers (issue 21, docs/decisions/0022): API clients only, each
 * race's requests alternating between the servers and sent at once; the database decides. Every race asserts the
 * set invariant from the tables, no 5xx, and that every refusal is the rule's code with its status. The same races
 * at SQL level: test/sets-race.test.ts.
 */
import {
  APP_URLS,
  RACE_ROUNDS,
  appUrl,
  expect,
  heldSections,
  holdSets,
  incompleteSets,
  raceTest as test,
  rounds,
  seatLedger,
  send,
  unexpectedAnswers,
} from './race-fixtures';

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

test(`one student on both servers asks for two complete sets of one course at once: exactly one set held (${RACE_ROUNDS * 2} rounds)`, async ({
  db,
  makeStudents,
  makeSet,
  apiClients,
}) => {
  const [student] = await makeStudents(1);
  // Two sessions of the one student, one per server; each sends both sets, so each set comes from both servers.
  const clients = await apiClients([student!, student!]);
  for (const round of [...rounds(), ...rounds().map((r) => r + RACE_ROUNDS)]) {
    const a = await makeSet({ labs: 1, capacity: 10, labCapacity: 10 });
    const b = await makeSet({ labs: 1, capacity: 10, labCapacity: 10, code: 'B', courseId: a.lecture.courseId });
    const sets = [a, b].map((s) => sorted([s.lecture.id, s.labs[0]!.id]));
    const answers = await Promise.all(
      clients.flatMap((client, c) =>
        [0, 1].map((k) => send(client, appUrl(c + k), 'POST', '/api/enrollments', { sections: sets[(c + k) % 2] })),
      ),
    );
    const label = `round ${round}`;
    expect(
      answers.filter((x) => x.status === 201),
      `${label}: 201 answers`,
    ).toHaveLength(1);
    expect(
      unexpectedAnswers(answers, 201, { already_in_course: 409, already_enrolled: 409 }),
      `${label}: answers other than 201 and 409 already_in_course / already_enrolled`,
    ).toEqual([]);
    const held = (await heldSections(db, [student!.id], sets.flat())).get(student!.id);
    expect(sets, `${label}: the sections the student holds`).toContainEqual(held);
  }
});

test(`a set whose lab fills while the request is in flight: each student holds the whole set or nothing (${RACE_ROUNDS} rounds)`, async ({
  db,
  makeStudents,
  makeSet,
  apiClients,
}) => {
  const racers = await makeStudents(8);
  const clients = await apiClients(racers);
  for (const round of rounds()) {
    // The lab has one seat left, the lecture plenty: the set takes the lecture first (lower id), then meets the lab.
    const { lecture, labs } = await makeSet({ labs: 1, capacity: 40, labCapacity: 5 });
    const lab = labs[0]!;
    await holdSets(
      db,
      (await makeStudents(4)).map((s) => s.id),
      [lecture.id, lab.id],
    );
    const set = [lecture.id, lab.id];
    const answers = await Promise.all(
      clients.map((client, i) => send(client, appUrl(i), 'POST', '/api/enrollments', { sections: set })),
    );
    const label = `round ${round}`;
    expect(
      answers.filter((x) => x.status === 201),
      `${label}: 201 answers`,
    ).toHaveLength(1);
    expect(
      unexpectedAnswers(answers, 201, { section_full: 409 }),
      `${label}: answers other than 201 and 409 section_full`,
    ).toEqual([]);
    const held = await heldSections(
      db,
      racers.map((s) => s.id),
      set,
    );
    // Nobody kept the lecture of a set whose lab they did not get.
    expect([...held.values()], `${label}: what the racers hold`).toEqual([set]);
    expect(await seatLedger(db, lab.id), `${label}: the lab`).toMatchObject({ capacity: 5, enrolledCount: 5, seatHolders: 5 });
    expect(await seatLedger(db, lecture.id), `${label}: the lecture`).toMatchObject({ enrolledCount: 5, seatHolders: 5 });
  }
});

test(`a drop of the lecture on one server and a swap of its lab on the other: the set stays complete or is gone (${RACE_ROUNDS * 3} rounds)`, async ({
  db,
  makeStudents,
  makeSet,
  apiClients,
}) => {
  const [student] = await makeStudents(1);
  const clients = await apiClients([student!, student!]);
  const outcomes: string[] = [];
  for (let round = 1; round <= RACE_ROUNDS * 3; round++) {
    const { lecture, labs } = await makeSet({ labs: 2, capacity: 10, labCapacity: 10 });
    const [from, to] = [labs[0]!.id, labs[1]!.id];
    await holdSets(db, [student!.id], [lecture.id, from]);
    // Which server drops and which swaps alternates from round to round.
    const [dropped, swapped] = await Promise.all([
      send(clients[0]!, appUrl(round), 'DELETE', `/api/sections/${lecture.id}/enrollments`),
      send(clients[1]!, appUrl(round + 1), 'POST', `/api/sections/${to}/enrollments`, { swapFrom: from }),
    ]);
    const label = `round ${round}`;
    expect(unexpectedAnswers([dropped], 200, { not_enrolled: 404, incomplete_set: 409 }), `${label}: the drop`).toEqual([]);
    expect(
      unexpectedAnswers([swapped], 201, {
        swap_source_not_held: 409,
        not_enrolled: 404,
        incomplete_set: 409,
        already_in_course: 409,
      }),
      `${label}: the swap`,
    ).toEqual([]);
    const held = (await heldSections(db, [student!.id], [lecture.id, from, to])).get(student!.id) ?? [];
    expect(
      [[], [lecture.id, from], sorted([lecture.id, to])],
      `${label}: what the student holds (${dropped.status}, ${swapped.status})`,
    ).toContainEqual(held);
    // The answers say what happened: a 200 drop leaves nothing; a 201 swap that stands leaves the new lab.
    if (dropped.status === 200) expect(held, `${label}: after a dropped set`).toEqual([]);
    if (dropped.status !== 200) expect(held, `${label}: after a refused drop`).toContain(swapped.status === 201 ? to : from);
    expect(await incompleteSets(db, [student!.id]), `${label}: incomplete sets`).toBe(0);
    outcomes.push(`${dropped.status}/${swapped.status}`);
  }
  test.info().annotations.push({ type: 'outcomes', description: outcomes.join(' ') });
});

test(`one student's set request on one server and a drop of its lecture on the other: the set held whole or not at all (${RACE_ROUNDS * 6} rounds)`, async ({
  db,
  makeStudents,
  makeSet,
  apiClients,
}) => {
  const [student] = await makeStudents(1);
  const clients = await apiClients([student!, student!]);
  const outcomes: string[] = [];
  for (let round = 1; round <= RACE_ROUNDS * 6; round++) {
    const { lecture, labs } = await makeSet({ labs: 1, capacity: 10, labCapacity: 10 });
    const set = [lecture.id, labs[0]!.id];
    // A drop that read the student's sets just before the set committed drops the lecture alone, which the deferred
    // check refuses: the drop then releases the whole set (lib/domain/students.ts); it answered 500 before.
    const [enrolled, dropped] = await Promise.all([
      send(clients[0]!, appUrl(round), 'POST', '/api/enrollments', { sections: set }),
      // The drop sent 0–70 ms after the set, so it meets the set's transaction at each of its steps.
      new Promise((resolve) => setTimeout(resolve, (round % 8) * 10)).then(() =>
        send(clients[1]!, appUrl(round + 1), 'DELETE', `/api/sections/${lecture.id}/enrollments`),
      ),
    ]);
    const label = `round ${round}`;
    outcomes.push(`${dropped.status}`);
    expect(enrolled.status, `${label}: the set request`).toBe(201);
    expect(unexpectedAnswers([dropped], 200, { not_enrolled: 404, incomplete_set: 409 }), `${label}: the drop`).toEqual([]);
    const held = (await heldSections(db, [student!.id], set)).get(student!.id) ?? [];
    expect(held, `${label}: what the student holds after a ${dropped.status} drop`).toEqual(dropped.status === 200 ? [] : set);
  }
  test.info().annotations.push({ type: 'drop answers', description: outcomes.join(' ') });
});

test(`30 students on both servers race for the last seat of a lab whose lecture has room: exactly one (${RACE_ROUNDS} rounds)`, async ({
  db,
  makeStudents,
  makeSet,
  apiClients,
}) => {
  const students = await makeStudents(30);
  const clients = await apiClients(students);
  for (const round of rounds()) {
    const { lecture, labs } = await makeSet({ labs: 1, capacity: 40, labCapacity: 1 });
    const set = [lecture.id, labs[0]!.id];
    const answers = await Promise.all(
      clients.map((client, i) => send(client, appUrl(i), 'POST', '/api/enrollments', { sections: set })),
    );
    const label = `round ${round}`;
    expect(
      answers.filter((x) => x.status === 201),
      `${label}: 201 answers`,
    ).toHaveLength(1);
    expect(
      unexpectedAnswers(answers, 201, { section_full: 409 }),
      `${label}: answers other than 201 and 409 section_full`,
    ).toEqual([]);
    const held = await heldSections(
      db,
      students.map((s) => s.id),
      set,
    );
    expect([...held.values()], `${label}: what the students hold`).toEqual([set]);
    expect(await seatLedger(db, lecture.id), `${label}: the lecture`).toMatchObject({ enrolledCount: 1, seatHolders: 1 });
    expect(await seatLedger(db, labs[0]!.id), `${label}: the lab`).toMatchObject({
      capacity: 1,
      enrolledCount: 1,
      seatHolders: 1,
    });
    // Both servers answered, and both say the lab is full.
    expect(new Set(answers.map((x) => x.server)), `${label}: servers`).toEqual(new Set(APP_URLS));
  }
});
