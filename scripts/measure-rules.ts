/**
 * The hot-section rush with every registration rule on, beside capacity only, in one run (docs/decisions/0008).
 * Standalone and bounded: its own embedded cluster in a temp folder (loopback), N students, 8 clients.
 *
 *   npx tsx --conditions=react-server scripts/measure-rules.ts [--durable] [--students 1200] [--rounds 5] [--clients 8]
 *
 * Each round: a fresh hot section with a seat for everyone; `clients` connections, each sending the app's enroll()
 * for the next student as soon as it is answered. "rules" rounds run the full trigger: every student already holds
 * two seats in the term (so the time and course checks have rows to look at), the hot course has a prerequisite
 * every student completed last term, and holds are looked up. "capacity only" rounds disable that one trigger
 * (ALTER TABLE … DISABLE TRIGGER), so only docs/decisions/0004's count and CHECK remain. Rounds alternate; the best of each
 * counts (noise on a shared machine only slows a round down).
 */
import { sql } from 'drizzle-orm';
import { coursePrerequisites, courses, enrollments, sectionMeetings, sections, terms } from '../db/schema';
import { OPEN_TERM, daysFromNow, enrollRush, insertStudents, measureOptions, median, withMeasureDatabase } from './measure-setup';

const options = measureOptions('measure-rules.ts', 5);
const { durable, students: STUDENTS, rounds: ROUNDS, clients: CLIENTS } = options;

await withMeasureDatabase(options, async (db) => {
  const [past, term] = await db
    .insert(terms)
    .values([
      {
        code: 'PAST',
        name: 'Past',
        registrationOpensAt: daysFromNow(-200),
        registrationClosesAt: daysFromNow(-170),
        dropDeadline: daysFromNow(-180),
        withdrawDeadline: daysFromNow(-160),
      },
      OPEN_TERM,
    ])
    .returning();
  const students = await insertStudents(db, STUDENTS);
  const course = async (credits: number) =>
    (
      await db
        .insert(courses)
        .values({ subject: 'BENCH', number: `${Math.random()}`.slice(2, 10), title: 'x', credits })
        .returning()
    )[0]!;
  const section = async (courseId: number, termId: number, meetings: { day: number; startsAt: string; endsAt: string }[]) => {
    const [s] = await db.insert(sections).values({ courseId, termId, code: '001', capacity: STUDENTS }).returning();
    if (meetings.length) await db.insert(sectionMeetings).values(meetings.map((m) => ({ sectionId: s!.id, ...m })));
    return s!;
  };
  const mwf = (h: number) => [1, 3, 5].map((day) => ({ day, startsAt: `${h}:00`, endsAt: `${h}:50` }));
  const tr = (h: number) => [2, 4].map((day) => ({ day, startsAt: `${h}:00`, endsAt: `${h}:50` }));

  // What every student already has: a completed prerequisite last term and two seats this term (8 credits).
  const prereq = await course(3);
  const done = await section(prereq.id, past!.id, []);
  const seed = async (sectionId: number, status: 'completed' | 'enrolled') => {
    for (let i = 0; i < students.length; i += 500) {
      await db
        .insert(enrollments)
        .values(students.slice(i, i + 500).map((s) => ({ studentId: s.id, sectionId, completionStatus: status })));
    }
  };
  await seed(done.id, 'completed');
  await seed((await section((await course(4)).id, term!.id, tr(9))).id, 'enrolled');
  await seed((await section((await course(4)).id, term!.id, tr(11))).id, 'enrolled');

  const best = { rules: 0, capacity: 0 };
  const all: Record<'rules' | 'capacity', number[]> = { rules: [], capacity: [] };
  const rows: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 ? (['capacity', 'rules'] as const) : (['rules', 'capacity'] as const)) {
      await db.execute(
        sql.raw(
          `ALTER TABLE enrollments ${mode === 'rules' ? 'ENABLE' : 'DISABLE'} TRIGGER enrollments_apply_registration_rules`,
        ),
      );
      const hot = await course(1);
      if (mode === 'rules') await db.insert(coursePrerequisites).values({ courseId: hot.id, prerequisiteCourseId: prereq.id });
      // Rules rounds add 1 credit each: 8 + rounds stays under 18 for up to 10 rounds.
      const hotSection = await section(hot.id, term!.id, mwf(8 + round));
      const r = await enrollRush(db, students, hotSection.id, CLIENTS);
      best[mode] = Math.max(best[mode], r.perSecond);
      all[mode].push(r.perSecond);
      rows.push(
        `round ${round + 1} ${mode.padEnd(8)} ${r.perSecond.toFixed(0).padStart(6)} enrollments/s (${r.admitted} admitted, ${r.other} refused)`,
      );
    }
  }
  await db.execute(sql`ALTER TABLE enrollments ENABLE TRIGGER enrollments_apply_registration_rules`);
  console.log(rows.join('\n'));
  console.log(
    `${durable ? 'durable commits' : 'fsync off'}, ${CLIENTS} clients, ${STUDENTS} students, PostgreSQL ${(await db.execute<{ v: string }>(sql`SELECT current_setting('server_version') AS v`))[0]?.v}: ` +
      `best rules ${best.rules.toFixed(0)}/s, capacity only ${best.capacity.toFixed(0)}/s, ` +
      `rules cost ${((1 - best.rules / best.capacity) * 100).toFixed(1)}% of throughput (best of ${ROUNDS}); ` +
      `medians ${median(all.rules).toFixed(0)}/s vs ${median(all.capacity).toFixed(0)}/s (${((1 - median(all.rules) / median(all.capacity)) * 100).toFixed(1)}%)`,
  );
});
