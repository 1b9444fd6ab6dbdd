/**
 * The drop path with a waitlist behind it, beside the drop path without one, in one run (docs/decisions/0011).
 * Standalone and bounded: its own embedded cluster in a temp folder (loopback), 8 clients.
 *
 *   npx tsx --conditions=react-server scripts/measure-waitlist-drop.ts [--durable] [--holders 400] [--rounds 4] [--clients 8]
 *
 * Each round: a fresh section whose `holders` seats are all taken; `clients` connections, each sending the app's
 * drop() for the next holder as soon as it is answered. "waitlist" rounds have as many students waiting (joined
 * through waitlist_join), so every drop also promotes the head of the line in its transaction; "none" rounds have
 * no waitlist. Rounds alternate; the best and the median of each count.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { createDatabase } from '../db/client';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrateDatabase } from '../db/migrate';
import { drop } from '../db/queries/enrollments';
import { courses, enrollments, sections, terms, users } from '../db/schema';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const durable = process.argv.includes('--durable');
const HOLDERS = arg('holders', 400);
const ROUNDS = Math.min(10, arg('rounds', 4));
const CLIENTS = arg('clients', 8);
const DAY = 24 * 60 * 60 * 1000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-waitlist-bench-'));
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
    let made = 0;
    const newStudents = async (n: number) =>
      db
        .insert(users)
        .values(
          Array.from({ length: n }, () => ({
            email: `s${made++}@bench.test`,
            name: 'S',
            passwordHash: 'x',
            role: 'student' as const,
          })),
        )
        .returning({ id: users.id });

    const round = async (withWaitlist: boolean) => {
      const [course] = await db
        .insert(courses)
        .values({ subject: 'BENCH', number: `${made}`, title: 'x', credits: 3 })
        .returning();
      const [section] = await db
        .insert(sections)
        .values({
          courseId: course!.id,
          termId: term!.id,
          code: '001',
          capacity: HOLDERS,
          waitlistCapacity: withWaitlist ? HOLDERS : 0,
        })
        .returning();
      const holders = await newStudents(HOLDERS);
      await db.insert(enrollments).values(holders.map((h) => ({ studentId: h.id, sectionId: section!.id })));
      if (withWaitlist) {
        for (const w of await newStudents(HOLDERS)) {
          await db.execute(sql`SELECT * FROM waitlist_join(${section!.id}, ${w.id}, NULL)`);
        }
      }
      let next = 0;
      let dropped = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < holders.length) {
            const r = await drop(holders[next++]!.id, section!.id, db);
            if (r.ok) dropped++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const [after] = await db.select().from(sections).where(eq(sections.id, section!.id));
      // With a waitlist every seat was given on at once; without, every seat is free.
      const expected = withWaitlist ? HOLDERS : 0;
      if (dropped !== HOLDERS || after!.enrolledCount !== expected) {
        throw new Error(
          `round broke an invariant: ${dropped} dropped, enrolled_count ${after!.enrolledCount}, expected ${expected}`,
        );
      }
      return dropped / seconds;
    };

    const all: Record<'waitlist' | 'none', number[]> = { waitlist: [], none: [] };
    const rows: string[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of r % 2 ? (['none', 'waitlist'] as const) : (['waitlist', 'none'] as const)) {
        const perSecond = await round(mode === 'waitlist');
        all[mode].push(perSecond);
        rows.push(`round ${r + 1} ${mode.padEnd(8)} ${perSecond.toFixed(0).padStart(6)} drops/s`);
      }
    }
    const best = (xs: number[]) => Math.max(...xs);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    console.log(rows.join('\n'));
    console.log(
      `${durable ? 'durable commits' : 'fsync off'}, ${CLIENTS} clients, ${HOLDERS} holders: ` +
        `best with a waitlist ${best(all.waitlist).toFixed(0)}/s, without ${best(all.none).toFixed(0)}/s ` +
        `(${((1 - best(all.waitlist) / best(all.none)) * 100).toFixed(1)}% slower); medians ${median(all.waitlist).toFixed(0)} vs ${median(all.none).toFixed(0)}/s`,
    );
  } finally {
    await close();
  }
} finally {
  await pg.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
