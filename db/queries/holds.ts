import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Result } from '@/core/result';
import { db } from '../index';
import { refusalOrThrow } from '../errors';
import type { Executor } from '../executor';
import { registrationHolds, type RegistrationHold } from '../schema';

/**
 * Places a hold. It takes the student's row lock like a new seat does, so an enrollment racing it either committed
 * first (and stands) or sees the hold.
 */
export async function placeHold(
  studentId: number,
  reason: string,
  placedBy: number | null,
  database: Executor = db(),
): Promise<Result<RegistrationHold, 'student_not_found' | 'invalid_value'>> {
  try {
    const [hold] = await database.insert(registrationHolds).values({ studentId, reason, placedBy }).returning();
    return { ok: true, value: hold! };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'place_hold', ['student_not_found', 'invalid_value'] as const) };
  }
}

/** Lifts an active hold; false when there was none with that id (already lifted, or another student's). */
export async function liftHold(holdId: number, studentId: number, liftedBy: number | null, database: Executor = db()) {
  const lifted = await database
    .update(registrationHolds)
    .set({ liftedAt: sql`now()`, liftedBy })
    .where(and(eq(registrationHolds.id, holdId), eq(registrationHolds.studentId, studentId), isNull(registrationHolds.liftedAt)))
    .returning({ id: registrationHolds.id });
  return lifted.length > 0;
}

export async function listActiveHolds(studentId: number, database: Executor = db()) {
  return database
    .select()
    .from(registrationHolds)
    .where(and(eq(registrationHolds.studentId, studentId), isNull(registrationHolds.liftedAt)))
    .orderBy(asc(registrationHolds.placedAt), asc(registrationHolds.id));
}
