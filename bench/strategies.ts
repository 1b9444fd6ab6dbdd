/**
 * The enrollment strategies compared at the database level. Every one answers like `enroll()`:
 * the same outcome for the same state (bench/agreement.ts checks this before anything is timed).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { classifyDbError, unwrapPgError } from '../db/errors';
import type { Executor } from '../db/executor';
import { enroll, type EnrollRefusal } from '../db/queries/enrollments';
import { enrollments } from '../db/schema';
import { naiveEnroll } from './naive-enroll';

export type Outcome = 'enrolled' | EnrollRefusal | 'unavailable' | 'unexpected';

export interface Connection {
  db: Executor;
  client: postgres.Sql;
}

/** Per-run counters a strategy may add to (SERIALIZABLE counts its retries). */
export interface AttemptStats {
  retries: number;
  /** performance.now() at which the run's time cap ends: retry loops give up there. */
  deadline: number;
}

export interface Strategy {
  key: string;
  label: string;
  /** Writes to naive_enrollments, which has no trigger and no CHECK: its over-enrollment is expected. */
  naive?: boolean;
  attempt(conn: Connection, studentId: number, sectionId: number, stats: AttemptStats): Promise<Outcome>;
}

const asOutcome = (result: Awaited<ReturnType<typeof enroll>>): Outcome => (result.ok ? 'enrolled' : result.reason);

/** What `enroll()` would answer for a section that is full, from one snapshot of the section and the student. */
const seatState = (studentId: number, sectionId: number, lock = sql``) => sql`
  SELECT s.enrolled_count >= s.capacity AS full,
         EXISTS (SELECT 1 FROM enrollments e
                  WHERE e.student_id = ${studentId} AND e.section_id = s.id
                    AND enrollment_holds_seat(e.completion_status)) AS held
  FROM sections s WHERE s.id = ${sectionId} ${lock}`;

type SeatState = { full: boolean; held: boolean };

/** The statement of `enroll()`, for strategies that must run it inside their own transaction. */
async function insertEnrollment(tx: Executor, studentId: number, sectionId: number): Promise<Outcome> {
  const [row] = await tx
    .insert(enrollments)
    .values({ studentId, sectionId })
    .onConflictDoUpdate({
      target: [enrollments.studentId, enrollments.sectionId],
      set: { completionStatus: 'enrolled' },
      setWhere: eq(enrollments.completionStatus, 'withdrawn'),
    })
    .returning({ id: enrollments.id });
  return row ? 'enrolled' : 'already_enrolled';
}

function failure(error: unknown): Outcome {
  const reason = classifyDbError(error, 'enroll');
  const known: readonly string[] = ['section_full', 'already_enrolled', 'section_not_found', 'student_not_found', 'unavailable'];
  return known.includes(reason) ? (reason as Outcome) : 'unexpected';
}

/** An attempt whose database error becomes the outcome the app would give for it. */
const caught =
  (attempt: Strategy['attempt']): Strategy['attempt'] =>
  async (...args) => {
    try {
      return await attempt(...args);
    } catch (error) {
      return failure(error);
    }
  };

/** docs/decisions/0004 at its plainest: one INSERT; the trigger takes the seat, the CHECK refuses the one that does not exist. */
export const triggerCheck: Strategy = {
  key: 'trigger',
  label: 'trigger + CHECK, plain INSERT',
  attempt: caught(({ db }, studentId, sectionId) => insertEnrollment(db, studentId, sectionId)),
};

/**
 * The app's enroll() (docs/decisions/0006): the same CHECK, one statement, with a read-only precheck that may only
 * say "no": a clearly full section is refused without queuing for its row lock; the answers do not change.
 */
export const fastPath: Strategy = {
  key: 'fast-path',
  label: 'trigger + CHECK, read-only full-section precheck (one statement)',
  attempt: caught(async ({ db }, studentId, sectionId) => asOutcome(await enroll(studentId, sectionId, db))),
};

/** docs/decisions/0004's fallback: lock the section row, decide, insert, commit: four round trips under the lock. */
export const forUpdate: Strategy = {
  key: 'for-update',
  label: 'SELECT … FOR UPDATE, then INSERT',
  attempt: caught(({ db }, studentId, sectionId) =>
    db.transaction(async (tx) => {
      const [state] = await tx.execute<SeatState>(seatState(studentId, sectionId, sql`FOR UPDATE OF s`));
      if (!state) return 'section_not_found';
      if (state.held) return 'already_enrolled';
      if (state.full) return 'section_full';
      return insertEnrollment(tx, studentId, sectionId);
    }),
  ),
};

const MAX_SERIALIZABLE_ATTEMPTS = 15;

/**
 * Read, decide and insert at SERIALIZABLE; a serialization failure (40001) or deadlock (40P01) is retried,
 * up to 15 attempts and not past the run's time cap (then it is an error: the app would answer 503).
 */
export const serializable: Strategy = {
  key: 'serializable',
  label: 'SERIALIZABLE with retry',
  attempt: async ({ db }, studentId, sectionId, stats) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction(
          async (tx) => {
            const [state] = await tx.execute<SeatState>(seatState(studentId, sectionId));
            if (!state) return 'section_not_found';
            if (state.full) return state.held ? 'already_enrolled' : 'section_full';
            return insertEnrollment(tx, studentId, sectionId);
          },
          { isolationLevel: 'serializable' },
        );
      } catch (error) {
        const { code } = unwrapPgError(error);
        if (code !== '40001' && code !== '40P01') return failure(error);
        if (attempt >= MAX_SERIALIZABLE_ATTEMPTS || performance.now() > stats.deadline) return 'unavailable';
        stats.retries++;
        await sleep(Math.random() * Math.min(20, 2 ** attempt));
      }
    }
  },
};

/** docs/decisions/0004's "do not use": read the count, then insert (into a trigger-less copy table, bench/naive-enroll.ts). */
export const naive: Strategy = {
  key: 'naive',
  label: 'naive check-then-insert',
  naive: true,
  attempt: async ({ db }, studentId, sectionId) => naiveEnroll(db, studentId, sectionId),
};

/** The ceiling: the bare single-statement INSERT on the trigger path, no ORM, no ON CONFLICT, no RETURNING. */
export const bareInsert: Strategy = {
  key: 'bare-insert',
  label: 'bare INSERT (trigger path), ceiling',
  attempt: caught(async ({ client }, studentId, sectionId) => {
    await client`INSERT INTO enrollments (student_id, section_id) VALUES (${studentId}, ${sectionId})`;
    return 'enrolled';
  }),
};

export const STRATEGIES: readonly Strategy[] = [triggerCheck, fastPath, forUpdate, serializable, naive];
