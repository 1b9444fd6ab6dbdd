/** The bench's own rows: one open term, one course, sections made per run, students made once. */
import crypto from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/executor';
import { courses, enrollments, sections, terms, users } from '../db/schema';

export const BENCH_PASSWORD = 'bench-rush-password';
const DAY = 24 * 60 * 60 * 1000;

export interface BenchStudent {
  id: number;
  email: string;
}

export class BenchData {
  private sectionCounter = 0;

  private constructor(
    private readonly db: Executor,
    readonly tag: string,
    readonly termId: number,
    readonly courseId: number,
  ) {}

  static async create(db: Executor): Promise<BenchData> {
    const tag = crypto.randomBytes(4).toString('hex');
    const now = Date.now();
    const [term] = await db
      .insert(terms)
      .values({
        code: `BENCH-${tag}`,
        name: `Benchmark term ${tag}`,
        registrationOpensAt: new Date(now - DAY),
        registrationClosesAt: new Date(now + 10 * DAY),
        dropDeadline: new Date(now + 5 * DAY),
        withdrawDeadline: new Date(now + 20 * DAY),
      })
      .returning({ id: terms.id });
    const [course] = await db
      .insert(courses)
      .values({ subject: 'BENCH', number: tag, title: `Registration rush ${tag}`, credits: 3 })
      .returning({ id: courses.id });
    if (!term || !course) throw new Error('could not create the benchmark term and course');
    return new BenchData(db, tag, term.id, course.id);
  }

  /**
   * Fresh sections for each run, so no run sees another's seats. Each is the one section of its own course of 0
   * credits, so a student reused across runs meets capacity alone, never the one-seat-per-course rule or the
   * credit maximum (docs/decisions/0008); the rules' trigger still runs on every seat.
   */
  async sections(count: number, capacity: number): Promise<number[]> {
    const ids: number[] = [];
    for (let start = 0; start < count; start += 1000) {
      const size = Math.min(1000, count - start);
      const numbers = Array.from({ length: size }, () => `${this.tag}-${++this.sectionCounter}`);
      const made = await this.db
        .insert(courses)
        .values(numbers.map((number) => ({ subject: 'BENCH', number, title: `Registration rush ${number}`, credits: 0 })))
        .returning({ id: courses.id });
      const inserted = await this.db
        .insert(sections)
        .values(made.map((course) => ({ courseId: course.id, termId: this.termId, code: 'B1', capacity })))
        .returning({ id: sections.id });
      ids.push(...inserted.map((r) => r.id));
    }
    return ids;
  }

  async section(capacity: number): Promise<number> {
    const [id] = await this.sections(1, capacity);
    return id!;
  }

  /**
   * A set (docs/decisions/0022): a lecture and its one lab, `capacity` seats each, of their own 0-credit course; only
   * the two taken together make a complete set. Returns [lecture, lab].
   */
  async lectureWithLab(capacity: number): Promise<[number, number]> {
    const number = `${this.tag}-${++this.sectionCounter}`;
    const [course] = await this.db
      .insert(courses)
      .values({ subject: 'BENCH', number, title: `Registration rush ${number} (set)`, credits: 0 })
      .returning({ id: courses.id });
    if (!course) throw new Error('could not create the set course');
    const [lecture] = await this.db
      .insert(sections)
      .values({ courseId: course.id, termId: this.termId, code: 'L1', component: 'LEC', capacity })
      .returning({ id: sections.id });
    if (!lecture) throw new Error('could not create the lecture');
    const [lab] = await this.db
      .insert(sections)
      .values({ courseId: course.id, termId: this.termId, code: 'B1', component: 'LAB', linkedSectionId: lecture.id, capacity })
      .returning({ id: sections.id });
    if (!lab) throw new Error('could not create the lab');
    return [lecture.id, lab.id];
  }

  /** A section whose `capacity` seats are all taken by `holders` (the trigger counts them). */
  async filledSection(capacity: number, holders: readonly BenchStudent[]): Promise<number> {
    const id = await this.section(capacity);
    const rows = holders.slice(0, capacity).map((s) => ({ studentId: s.id, sectionId: id }));
    if (rows.length < capacity) throw new Error(`${capacity} seats need as many holders, got ${rows.length}`);
    if (rows.length) await this.db.insert(enrollments).values(rows);
    return id;
  }

  /** Real accounts that can sign in; argon2 runs once and every student shares the hash. */
  async students(count: number): Promise<BenchStudent[]> {
    const passwordHash = await hash(BENCH_PASSWORD);
    const made: BenchStudent[] = [];
    for (let start = 0; start < count; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
        email: `bench-${this.tag}-${start + i}@bench.curriculab.test`,
        name: `Bench student ${start + i}`,
        passwordHash,
        role: 'student' as const,
      }));
      made.push(...(await this.db.insert(users).values(rows).returning({ id: users.id, email: users.email })));
    }
    return made;
  }
}

export interface SeatAudit {
  capacity: number;
  enrolledCount: number;
  /** Seat-holding rows actually in the table (naive: rows in naive_enrollments). */
  held: number;
  overEnrolled: number;
  /** enrolled_count disagrees with the rows: the trigger missed something. */
  drift: number;
}

/** Reads the truth after a run: seats held versus capacity, over all the given sections. */
export async function auditSeats(db: Executor, sectionIds: number[], naive = false): Promise<SeatAudit> {
  const ids = sql.join(
    sectionIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const table = naive ? sql`naive_enrollments` : sql`enrollments`;
  const rows = await db.execute<{ capacity: number; enrolled_count: number; held: number }>(sql`
    SELECT s.capacity, s.enrolled_count,
           (SELECT count(*)::int FROM ${table} e
             WHERE e.section_id = s.id AND e.completion_status IN ('enrolled', 'completed')) AS held
    FROM sections s WHERE s.id IN (${ids})`);
  const audit: SeatAudit = { capacity: 0, enrolledCount: 0, held: 0, overEnrolled: 0, drift: 0 };
  for (const row of rows) {
    audit.capacity += row.capacity;
    audit.enrolledCount += row.enrolled_count;
    audit.held += row.held;
    audit.overEnrolled += Math.max(0, row.held - row.capacity);
    if (!naive) audit.drift += Math.abs(row.enrolled_count - row.held);
  }
  return audit;
}
