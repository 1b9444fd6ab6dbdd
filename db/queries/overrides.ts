import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Result } from '@/core/result';
import { db } from '../index';
import { refusalOrThrow } from '../errors';
import { actorIsSet } from '../actor';
import type { Executor } from '../executor';
import { ruleOverrides, users, type OverridableRule, type RuleOverride } from '../schema';

/**
 * Lets one student past one rule for one section; the history records `grantedBy` as the actor. Granting the same override twice keeps the first record.
 */
export async function grantOverride(
  input: { studentId: number; sectionId: number; rule: OverridableRule; grantedBy: number; note?: string },
  database: Executor = db(),
): Promise<Result<RuleOverride, 'student_not_found' | 'section_not_found'>> {
  try {
    const [created] = await database.insert(ruleOverrides).values(input).onConflictDoNothing().returning();
    if (created) return { ok: true, value: created };
    const [existing] = await database
      .select()
      .from(ruleOverrides)
      .where(
        and(
          eq(ruleOverrides.studentId, input.studentId),
          eq(ruleOverrides.sectionId, input.sectionId),
          eq(ruleOverrides.rule, input.rule),
        ),
      );
    if (!existing) throw new Error('rule override neither inserted nor found');
    return { ok: true, value: existing };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'grant_override', ['student_not_found', 'section_not_found'] as const) };
  }
}

/** Removes an override. A seat already taken with it stays (and stays exempt); only later seats are affected. */
export async function revokeOverride(
  studentId: number,
  sectionId: number,
  rule: OverridableRule,
  database: Executor = db(),
  actorId: number | null = null,
) {
  const removed = await database
    .delete(ruleOverrides)
    .where(
      and(
        eq(ruleOverrides.studentId, studentId),
        eq(ruleOverrides.sectionId, sectionId),
        eq(ruleOverrides.rule, rule),
        actorIsSet(actorId),
      ),
    )
    .returning({ id: ruleOverrides.id });
  return removed.length > 0;
}

/** A student's overrides, newest first, with the section they are for and who granted them. */
export async function listOverrides(studentId: number, database: Executor = db()) {
  return database
    .select({
      id: ruleOverrides.id,
      rule: ruleOverrides.rule,
      grantedAt: ruleOverrides.grantedAt,
      note: ruleOverrides.note,
      sectionId: ruleOverrides.sectionId,
      section: sql<string>`section_label(${ruleOverrides.sectionId})`,
      grantedBy: users.name,
    })
    .from(ruleOverrides)
    .leftJoin(users, eq(users.id, ruleOverrides.grantedBy))
    .where(eq(ruleOverrides.studentId, studentId))
    .orderBy(desc(ruleOverrides.grantedAt), desc(ruleOverrides.id));
}
