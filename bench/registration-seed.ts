/** A registration day's term at scale, made in a few set-based statements (generate_series), not row by row. */
import crypto from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/executor';
import { BENCH_PASSWORD } from './data';

export interface DayTerm {
  tag: string;
  termId: number;
  termCode: string;
  /** Section ids, most popular first (rank 1 = index 0). */
  byPopularity: number[];
  /** Which of them take a waitlist. */
  waitlisted: Set<number>;
  studentEmails: (n: number) => string;
  studentCount: number;
  registrarEmail: string;
  heldStudents: number;
}

const SUBJECTS = ['CS', 'MATH', 'PHYS', 'CHEM', 'BIO', 'HIST', 'ECON', 'PSYC', 'ENGL', 'PHIL', 'STAT', 'ART'];
const DAY = 24 * 60 * 60 * 1000;

/** A seeded shuffle, so two runs rank the same sections popular. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * `sections` sections (about 2.5 per course, 12 subjects) with MWF 50-minute or TR 75-minute meetings on a few
 * slots, so a student's picks collide; capacities 20–199; every third section takes a waitlist of 10; 4-credit
 * courses, so five seats pass the 18-credit maximum; 2% of students have a hold; one registrar.
 */
export async function seedRegistrationDay(db: Executor, students: number, sections: number): Promise<DayTerm> {
  const tag = crypto.randomBytes(3).toString('hex');
  const termCode = `DAY-${tag}`;
  const passwordHash = await hash(BENCH_PASSWORD);
  const now = Date.now();
  const courseCount = Math.ceil(sections / 2.5);
  const subjects = sql.raw(`ARRAY[${SUBJECTS.map((s) => `'${s}'`).join(',')}]`);
  const words = sql.raw(
    `ARRAY['Introduction to','Topics in','Advanced','Foundations of','Seminar in','Methods of','Applied','History of']`,
  );
  const nouns = sql.raw(
    `ARRAY['Algorithms','Systems','Calculus','Mechanics','Genetics','Markets','Cognition','Poetry','Ethics','Inference','Painting','Reactions','Networks','Empires']`,
  );

  const [term] = await db.execute<{ id: number }>(sql`
    INSERT INTO terms (code, name, registration_opens_at, registration_closes_at, drop_deadline, withdraw_deadline)
    VALUES (${termCode}, ${`Registration day ${tag}`}, ${new Date(now - DAY).toISOString()}, ${new Date(now + 10 * DAY).toISOString()},
            ${new Date(now + 5 * DAY).toISOString()}, ${new Date(now + 20 * DAY).toISOString()})
    RETURNING id`);
  const termId = term!.id;

  // Courses and their sections in one statement: the CTE's RETURNING numbers the new courses for the sections.
  await db.execute(sql`
    WITH made AS (
      INSERT INTO courses (subject, number, title, credits)
      SELECT (${subjects})[1 + i % ${SUBJECTS.length}],
             (100 + i / ${SUBJECTS.length})::text,
             (${words})[1 + i % 8] || ' ' || (${nouns})[1 + (i / 8) % 14] || ' ' || (i / ${SUBJECTS.length}),
             CASE WHEN i % 4 = 0 THEN 4 ELSE 3 END
      FROM generate_series(0, ${courseCount - 1}) AS i
      RETURNING id),
    c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM made)
    INSERT INTO sections (course_id, term_id, code, capacity, location, waitlist_capacity)
    SELECT c.id, ${termId}, lpad((1 + i / ${courseCount})::text, 3, '0'), 20 + (i * 37) % 180, 'Hall ' || (i % 40),
           CASE WHEN i % 3 = 0 THEN 10 ELSE 0 END
    FROM generate_series(0, ${sections - 1}) AS i
    JOIN c ON c.n = i % ${courseCount}`);
  // MWF sections meet 50 minutes at one of 9 hours; TR sections 75 minutes at one of 6 slots.
  await db.execute(sql`
    INSERT INTO section_meetings (section_id, day, starts_at, ends_at)
    SELECT s.id, d, start, start + CASE WHEN s.id % 2 = 0 THEN interval '50 minutes' ELSE interval '75 minutes' END
    FROM sections s
    CROSS JOIN LATERAL (SELECT CASE WHEN s.id % 2 = 0 THEN time '08:00' + ((s.id / 2) % 9) * interval '1 hour'
                                    ELSE time '08:00' + ((s.id / 2) % 6) * interval '90 minutes' END AS start) t
    CROSS JOIN LATERAL unnest(CASE WHEN s.id % 2 = 0 THEN ARRAY[1, 3, 5] ELSE ARRAY[2, 4] END) AS d
    WHERE s.term_id = ${termId}`);

  const email = (n: number) => `day-${tag}-${n}@bench.curriculab.test`;
  await db.execute(sql`
    INSERT INTO users (email, name, password_hash, role)
    SELECT 'day-' || ${tag} || '-' || i || '@bench.curriculab.test', 'Day student ' || i, ${passwordHash}, 'student'
    FROM generate_series(0, ${students - 1}) AS i`);
  const registrarEmail = `day-${tag}-registrar@bench.curriculab.test`;
  await db.execute(sql`
    INSERT INTO users (email, name, password_hash, role) VALUES (${registrarEmail}, 'Day registrar', ${passwordHash}, 'registrar')`);
  const holds = await db.execute(sql`
    INSERT INTO registration_holds (student_id, reason)
    SELECT id, 'Unpaid fees' FROM users
    WHERE email LIKE ${`day-${tag}-%`} AND role = 'student' AND id % 50 = 7
    RETURNING id`);
  await db.execute(sql`ANALYZE`);

  const rows = await db.execute<{ id: number; waitlist_capacity: number }>(
    sql`SELECT id, waitlist_capacity FROM sections WHERE term_id = ${termId} ORDER BY id`,
  );
  return {
    tag,
    termId,
    termCode,
    byPopularity: shuffled(
      rows.map((r) => r.id),
      sections,
    ),
    waitlisted: new Set(rows.filter((r) => r.waitlist_capacity > 0).map((r) => r.id)),
    studentEmails: email,
    studentCount: students,
    registrarEmail,
    heldStudents: holds.length,
  };
}

/** Zipf-like popularity (weight 1/rank^s): a sampler of section ranks, 0 = most popular. */
export function zipfSampler(n: number, s = 1.1, random: () => number = Math.random): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) cumulative[rank] = total += 1 / (rank + 1) ** s;
  return () => {
    const x = random() * total;
    let [lo, hi] = [0, n - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
