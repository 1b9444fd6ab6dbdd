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
  /** A lecture's linked labs (docs/decisions/0022): such a lecture is taken with one of them in one set. */
  labsOf: Map<number, number[]>;
  /** A lab's lecture. */
  lectureOf: Map<number, number>;
  /** Half-term sections, prerequisite rows, transcript lines, student profiles: what the term's structure holds. */
  structure: { labs: number; halfTerm: number; prerequisiteCourses: number; transcriptLines: number; profiles: number };
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
 *
 * The term's structure, as a real one has it: every 4-credit course's even-numbered sections are 0-credit labs
 * linked to the lecture before them (a set: lecture + lab, docs/decisions/0022), meeting once a week; one section in
 * three meets only in the first or the second half of the term (meetings' starts_on/ends_on); one course in ten needs
 * one of its subject's four introductory courses with at least a C (one prerequisite group); every student has a
 * profile (earned credits, class standing, major) and ten transcript lines among the 48 introductory courses, grades
 * from A to F, so about half of them meet a given prerequisite.
 */
export async function seedRegistrationDay(db: Executor, students: number, sections: number): Promise<DayTerm> {
  const tag = crypto.randomBytes(3).toString('hex');
  const termCode = `DAY-${tag}`;
  // A cheap argon2 hash (1 MiB, one pass; verify() reads the cost from the hash): the day's sessions are signed in
  // before the clock starts and not measured, and at the default cost 3,000 sign-ins take minutes on two cores.
  const passwordHash = await hash(BENCH_PASSWORD, { memoryCost: 1024, timeCost: 1, parallelism: 1 });
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
    INSERT INTO terms (code, name, registration_opens_at, registration_closes_at, drop_deadline, withdraw_deadline,
                       classes_start_on, classes_end_on)
    VALUES (${termCode}, ${`Registration day ${tag}`}, ${new Date(now - DAY).toISOString()}, ${new Date(now + 10 * DAY).toISOString()},
            ${new Date(now + 5 * DAY).toISOString()}, ${new Date(now + 20 * DAY).toISOString()},
            ${new Date(now + 30 * DAY).toISOString().slice(0, 10)}, ${new Date(now + 120 * DAY).toISOString().slice(0, 10)})
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
      RETURNING id, credits),
    c AS (SELECT id, credits, row_number() OVER (ORDER BY id) - 1 AS n FROM made)
    INSERT INTO sections (course_id, term_id, code, capacity, location, waitlist_capacity, component, credits)
    SELECT c.id, ${termId}, lpad((1 + i / ${courseCount})::text, 3, '0'),
           CASE WHEN lab THEN 12 + (i * 7) % 20 ELSE 20 + (i * 37) % 180 END, 'Hall ' || (i % 40),
           CASE WHEN i % 3 = 0 THEN 10 ELSE 0 END, CASE WHEN lab THEN 'LAB' ELSE 'LEC' END, CASE WHEN lab THEN 0 END
    FROM generate_series(0, ${sections - 1}) AS i
    JOIN c ON c.n = i % ${courseCount}
    CROSS JOIN LATERAL (SELECT c.credits = 4 AND (i / ${courseCount}) % 2 = 1 AS lab) l`);
  // Each lab belongs to the lecture numbered just before it.
  await db.execute(sql`
    UPDATE sections lab SET linked_section_id = lec.id
    FROM sections lec
    WHERE lab.term_id = ${termId} AND lab.component = 'LAB' AND lec.term_id = ${termId} AND lec.course_id = lab.course_id
      AND lec.code = lpad((lab.code::int - 1)::text, 3, '0')`);
  // MWF sections meet 50 minutes at one of 9 hours; TR sections 75 minutes at one of 6 slots; labs once, 110
  // minutes on a weekday afternoon; one lecture in three in half the term only (the first or the second half).
  const [dates] = await db.execute<{ start: string; middle: string; end: string }>(sql`
    SELECT classes_start_on::text AS start, (classes_start_on + (classes_end_on - classes_start_on) / 2)::text AS middle,
           classes_end_on::text AS end FROM terms WHERE id = ${termId}`);
  await db.execute(sql`
    INSERT INTO section_meetings (section_id, day, starts_at, ends_at, starts_on, ends_on)
    SELECT s.id, d, start, start + CASE WHEN s.component = 'LAB' THEN interval '110 minutes'
                                        WHEN s.id % 2 = 0 THEN interval '50 minutes' ELSE interval '75 minutes' END,
           CASE WHEN s.component = 'LEC' AND s.id % 6 = 5 THEN ${dates!.middle}::date + 1
                WHEN s.component = 'LEC' AND s.id % 6 = 4 THEN ${dates!.start}::date END,
           CASE WHEN s.component = 'LEC' AND s.id % 6 = 5 THEN ${dates!.end}::date
                WHEN s.component = 'LEC' AND s.id % 6 = 4 THEN ${dates!.middle}::date END
    FROM sections s
    CROSS JOIN LATERAL (SELECT CASE WHEN s.component = 'LAB' THEN time '13:00' + (s.id % 2) * interval '2 hours'
                                    WHEN s.id % 2 = 0 THEN time '08:00' + ((s.id / 2) % 9) * interval '1 hour'
                                    ELSE time '08:00' + ((s.id / 2) % 6) * interval '90 minutes' END AS start) t
    CROSS JOIN LATERAL unnest(CASE WHEN s.component = 'LAB' THEN ARRAY[1 + s.id % 5]
                                   WHEN s.id % 2 = 0 THEN ARRAY[1, 3, 5] ELSE ARRAY[2, 4] END) AS d
    WHERE s.term_id = ${termId}`);
  // Courses numbered 100-103 of each subject are its introductions; one other course in ten needs one of its
  // subject's four with at least a C (one group of four choices).
  const prerequisites = await db.execute(sql`
    INSERT INTO course_prerequisites (course_id, group_no, prerequisite_course_id, min_grade)
    SELECT c.id, 1, p.id, 'C'
    FROM courses c JOIN courses p ON p.subject = c.subject AND p.number IN ('100', '101', '102', '103')
    WHERE c.id IN (SELECT course_id FROM sections WHERE term_id = ${termId})
      AND c.number::int >= 104 AND (c.id % 10) = 3
    RETURNING course_id`);

  const email = (n: number) => `day-${tag}-${n}@bench.curriculab.test`;
  await db.execute(sql`
    INSERT INTO users (email, name, password_hash, role)
    SELECT 'day-' || ${tag} || '-' || i || '@bench.curriculab.test', 'Day student ' || i, ${passwordHash}, 'student'
    FROM generate_series(0, ${students - 1}) AS i`);
  const registrarEmail = `day-${tag}-registrar@bench.curriculab.test`;
  await db.execute(sql`
    INSERT INTO users (email, name, password_hash, role) VALUES (${registrarEmail}, 'Day registrar', ${passwordHash}, 'registrar')`);
  const [profiles] = await db.execute<{ n: number }>(sql`
    WITH made AS (INSERT INTO student_profiles (student_id, earned_credits, class_standing, major)
    SELECT id, (id * 7) % 130,
           (ARRAY['freshman', 'sophomore', 'junior', 'senior', 'graduate'])[1 + least(4, ((id * 7) % 130) / 30)]::class_standing,
           (ARRAY['Physics', 'History', 'Economics', NULL])[1 + id % 4]
    FROM users WHERE email LIKE ${`day-${tag}-%`} AND role = 'student'
    RETURNING 1) SELECT count(*)::int AS n FROM made`);
  // Ten transcript lines each, among the 48 introductory courses, a grade from A to F (three in ten below a C).
  const [transcripts] = await db.execute<{ n: number }>(sql`
    WITH intro AS (SELECT array_agg(id ORDER BY id) AS ids FROM courses
                    WHERE number IN ('100', '101', '102', '103')
                      AND id IN (SELECT course_id FROM sections WHERE term_id = ${termId})),
    made AS (INSERT INTO transcript_courses (student_id, course_id, grade, term_code, source)
    SELECT DISTINCT ON (u.id, intro.ids[1 + (u.id * 31 + g * 17) % cardinality(intro.ids)])
           u.id, intro.ids[1 + (u.id * 31 + g * 17) % cardinality(intro.ids)],
           (ARRAY['A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D', 'F'])[1 + (u.id * 13 + g * 7) % 10], 'EARLIER', 'earlier'
    FROM users u CROSS JOIN intro CROSS JOIN generate_series(1, 10) AS g
    WHERE u.email LIKE ${`day-${tag}-%`} AND u.role = 'student'
    RETURNING 1) SELECT count(*)::int AS n FROM made`);
  const holds = await db.execute(sql`
    INSERT INTO registration_holds (student_id, reason)
    SELECT id, 'Unpaid fees' FROM users
    WHERE email LIKE ${`day-${tag}-%`} AND role = 'student' AND id % 50 = 7
    RETURNING id`);
  await db.execute(sql`ANALYZE`);

  const rows = await db.execute<{ id: number; waitlist_capacity: number; linked: number | null; half: boolean }>(sql`
    SELECT s.id, s.waitlist_capacity, s.linked_section_id AS linked,
           EXISTS (SELECT 1 FROM section_meetings m WHERE m.section_id = s.id AND m.starts_on IS NOT NULL) AS half
    FROM sections s WHERE s.term_id = ${termId} ORDER BY s.id`);
  const labsOf = new Map<number, number[]>();
  const lectureOf = new Map<number, number>();
  for (const r of rows) {
    if (r.linked === null) continue;
    lectureOf.set(r.id, r.linked);
    labsOf.set(r.linked, [...(labsOf.get(r.linked) ?? []), r.id]);
  }
  return {
    tag,
    termId,
    termCode,
    byPopularity: shuffled(
      rows.map((r) => r.id),
      sections,
    ),
    waitlisted: new Set(rows.filter((r) => r.waitlist_capacity > 0).map((r) => r.id)),
    labsOf,
    lectureOf,
    structure: {
      labs: lectureOf.size,
      halfTerm: rows.filter((r) => r.half).length,
      prerequisiteCourses: new Set(prerequisites.map((r) => r.course_id)).size,
      transcriptLines: transcripts?.n ?? 0,
      profiles: profiles?.n ?? 0,
    },
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
