import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { db } from '../index';
import { users } from '../schema';

export async function findUserByEmail(email: string) {
  const [user] = await db().select().from(users).where(eq(users.email, email.toLowerCase()));
  return user;
}

export async function findUserRole(userId: number) {
  const [user] = await db().select({ id: users.id, role: users.role }).from(users).where(eq(users.id, userId));
  return user;
}

export async function listInstructors() {
  return db()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.role, 'instructor'))
    .orderBy(asc(users.name));
}

/** What a session is checked against on every request: one primary-key lookup (docs/decisions/0010). */
export async function findSessionUser(userId: number) {
  const [user] = await db()
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, userId));
  return user;
}

/** Ends every session of the user that still carries `sessionVersion` (a stale token ends nothing). */
export async function endUserSessions(userId: number, sessionVersion: number) {
  await db()
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion)));
}
