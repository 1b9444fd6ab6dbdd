/**
 * The hot-section rush with the history trigger on, beside it off, in one run (docs/decisions/0012).
 * Standalone and bounded: its own embedded cluster in a temp folder (loopback), N students, 8 clients.
 *
 *   npx tsx --conditions=react-server scripts/measure-history.ts [--durable] [--students 1200] [--rounds 6] [--clients 8]
 *
 * Each round: a fresh hot section (1 credit, online) with a seat for everyone; `clients` connections, each sending
 * the app's enroll() (actor set in the statement) for the next student as soon as it is answered. "no history"
 * rounds disable the one trigger enrollments_record_event; everything else (count, rules, waitlist) stays. Rounds
 * alternate; the best and the median of each are printed (noise on a shared machine only slows a round down).
 */
import { sql } from 'drizzle-orm';
import { courses, sections } from '../db/schema';
import { enrollRush, insertOpenTerm, insertStudents, measureOptions, median, withMeasureDatabase } from './measure-setup';

const options = measureOptions('measure-history.ts', 6);
const { durable, students: STUDENTS, rounds: ROUNDS, clients: CLIENTS } = options;

await withMeasureDatabase(options, async (db) => {
  const term = await insertOpenTerm(db);
  const students = await insertStudents(db, STUDENTS);
  const hotSection = async () => {
    const [c] = await db
      .insert(courses)
      .values({ subject: 'BENCH', number: `${Math.random()}`.slice(2, 10), title: 'x', credits: 1 })
      .returning();
    const [s] = await db
      .insert(sections)
      .values({ courseId: c!.id, termId: term.id, code: '001', capacity: STUDENTS })
      .returning();
    return s!.id;
  };

  type Mode = 'history' | 'no history';
  const all: Record<Mode, number[]> = { history: [], 'no history': [] };
  const rows: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 ? (['no history', 'history'] as const) : (['history', 'no history'] as const)) {
      await db.execute(
        sql.raw(`ALTER TABLE enrollments ${mode === 'history' ? 'ENABLE' : 'DISABLE'} TRIGGER enrollments_record_event`),
      );
      const { perSecond } = await enrollRush(db, students, await hotSection(), CLIENTS);
      all[mode].push(perSecond);
      rows.push(`round ${round + 1} ${mode.padEnd(10)} ${perSecond.toFixed(0).padStart(6)} enrollments/s`);
    }
  }
  await db.execute(sql`ALTER TABLE enrollments ENABLE TRIGGER enrollments_record_event`);
  const best = (xs: number[]) => Math.max(...xs);
  const cost = (f: (xs: number[]) => number) => ((1 - f(all.history) / f(all['no history'])) * 100).toFixed(1);
  console.log(rows.join('\n'));
  console.log(
    `${durable ? 'durable commits' : 'fsync off'}, ${CLIENTS} clients, ${STUDENTS} students: ` +
      `best with history ${best(all.history).toFixed(0)}/s, without ${best(all['no history']).toFixed(0)}/s (${cost(best)}% cost); ` +
      `medians ${median(all.history).toFixed(0)}/s vs ${median(all['no history']).toFixed(0)}/s (${cost(median)}% cost)`,
  );
});
