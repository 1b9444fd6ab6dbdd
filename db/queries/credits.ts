import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Result } from '@/core/result';
import { db } from '../index';
import { refusalOrThrow } from '../errors';
import type { Executor } from '../executor';
import { studentTermCredits } from '../schema';

/** The default maximum of a student's credits in a term (a row in student_term_credits may raise it). */
export const DEFAULT_MAX_CREDITS = 18;

const SET_CREDIT_MAXIMUM_REFUSALS = ['credit_max_below_load', 'invalid_value', 'student_not_found', 'term_not_found'] as const;
type SetCreditMaximumRefusal = (typeof SET_CREDIT_MAXIMUM_REFUSALS)[number];

export interface CreditLoad {
  /** Credits counted against the maximum (seats let past it by an override are not counted). */
  credits: number;
  maxCredits: number;
}

export async function getCreditLoad(studentId: number, termId: number, database: Executor = db()): Promise<CreditLoad> {
  const [row] = await database
    .select({
      credits: sql<number>`${studentTermCredits.credits} - ${studentTermCredits.exemptCredits}`.mapWith(Number),
      maxCredits: studentTermCredits.maxCredits,
    })
    .from(studentTermCredits)
    .where(and(eq(studentTermCredits.studentId, studentId), eq(studentTermCredits.termId, termId)));
  return row ?? { credits: 0, maxCredits: DEFAULT_MAX_CREDITS };
}

/**
 * Sets one student's maximum for one term. Lowering it below the credits they hold is refused by the CHECK
 * student_term_credits_within_max, against the row as it is under its lock (a seat in flight is serialised).
 */
export async function setCreditMaximum(
  studentId: number,
  termId: number,
  maxCredits: number,
  database: Executor = db(),
): Promise<Result<CreditLoad, SetCreditMaximumRefusal>> {
  try {
    const [row] = await database
      .insert(studentTermCredits)
      .values({ studentId, termId, maxCredits })
      .onConflictDoUpdate({ target: [studentTermCredits.studentId, studentTermCredits.termId], set: { maxCredits } })
      .returning({
        credits: sql<number>`${studentTermCredits.credits} - ${studentTermCredits.exemptCredits}`.mapWith(Number),
        maxCredits: studentTermCredits.maxCredits,
      });
    return { ok: true, value: row! };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'set_credit_max', SET_CREDIT_MAXIMUM_REFUSALS) };
  }
}
