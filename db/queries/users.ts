import 'server-only';
import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
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

/** A student account by id (undefined for another role, so a student page never shows an instructor). */
export async function findStudent(studentId: number) {
  const [user] = await db()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, studentId), eq(users.role, 'student')));
  return user;
}

/** Students whose name or email contains the text, for the registrar's student search (at most 25). */
export async function searchStudents(text: string) {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, 'student'), or(ilike(users.name, pattern), ilike(users.email, pattern))))
    .orderBy(asc(users.name), asc(users.email))
    .limit(25);
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
