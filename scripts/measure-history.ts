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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDatabase } from '../db/client';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrateDatabase } from '../db/migrate';
import { enroll } from '../db/queries/enrollments';
import { courses, sections, terms, users } from '../db/schema';
import { parseCommandLine, wholeNumber } from './command-line';

const USAGE =
  'npx tsx --conditions=react-server scripts/measure-history.ts [--durable] [--students 1200] [--rounds 6] [--clients 8]';
const { values } = parseCommandLine(USAGE, {
  durable: { type: 'boolean', default: false },
  students: { type: 'string' },
  rounds: { type: 'string' },
  clients: { type: 'string' },
});
const durable = values.durable;
const STUDENTS = wholeNumber(USAGE, '--students', values.students, 1200);
const ROUNDS = Math.min(10, wholeNumber(USAGE, '--rounds', values.rounds, 6));
const CLIENTS = wholeNumber(USAGE, '--clients', values.clients, 8);
const DAY = 24 * 60 * 60 * 1000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-history-bench-'));
fs.chmodSync(dataDir, 0o755);
const pg = await startEmbeddedPostgres({
  dataDir: path.join(dataDir, 'pg'),
  persistent: false,
  fast: !durable,
  maxConnections: 50,
});
try {
  await migrateDatabase(pg.url);
  const { db, close } = createDatabase(pg.url, { max: CLIENTS });
  try {
    const at = (days: number) => new Date(Date.now() + days * DAY);
    const [term] = await db
      .insert(terms)
      .values({
        code: 'NOW',
        name: 'Now',
        registrationOpensAt: at(-1),
        registrationClosesAt: at(10),
        dropDeadline: at(5),
        withdrawDeadline: at(20),
      })
      .returning();
    const students = await db
      .insert(users)
      .values(
        Array.from({ length: STUDENTS }, (_, i) => ({
          email: `s${i}@bench.test`,
          name: `S ${i}`,
          passwordHash: 'x',
          role: 'student' as const,
        })),
      )
      .returning({ id: users.id });
    const hotSection = async () => {
      const [c] = await db
        .insert(courses)
        .values({ subject: 'BENCH', number: `${Math.random()}`.slice(2, 10), title: 'x', credits: 1 })
        .returning();
      const [s] = await db
        .insert(sections)
        .values({ courseId: c!.id, termId: term!.id, code: '001', capacity: STUDENTS })
        .returning();
      return s!.id;
    };
    const rush = async (sectionId: number) => {
      let next = 0;
      let admitted = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < students.length) {
            const student = students[next++]!;
            if ((await enroll(student.id, sectionId, db)).ok) admitted++;
          }
        }),
      );
      return admitted / ((performance.now() - started) / 1000);
    };

    type Mode = 'history' | 'no history';
    const all: Record<Mode, number[]> = { history: [], 'no history': [] };
    const rows: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 ? (['no history', 'history'] as const) : (['history', 'no history'] as const)) {
        await db.execute(
          sql.raw(`ALTER TABLE enrollments ${mode === 'history' ? 'ENABLE' : 'DISABLE'} TRIGGER enrollments_record_event`),
        );
        const perSecond = await rush(await hotSection());
        all[mode].push(perSecond);
        rows.push(`round ${round + 1} ${mode.padEnd(10)} ${perSecond.toFixed(0).padStart(6)} enrollments/s`);
      }
    }
    await db.execute(sql`ALTER TABLE enrollments ENABLE TRIGGER enrollments_record_event`);
    const best = (xs: number[]) => Math.max(...xs);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const cost = (f: (xs: number[]) => number) => ((1 - f(all.history) / f(all['no history'])) * 100).toFixed(1);
    console.log(rows.join('\n'));
    console.log(
      `${durable ? 'durable commits' : 'fsync off'}, ${CLIENTS} clients, ${STUDENTS} students: ` +
        `best with history ${best(all.history).toFixed(0)}/s, without ${best(all['no history']).toFixed(0)}/s (${cost(best)}% cost); ` +
        `medians ${median(all.history).toFixed(0)}/s vs ${median(all['no history']).toFixed(0)}/s (${cost(median)}% cost)`,
    );
  } finally {
    await close();
  }
} finally {
  await pg.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
