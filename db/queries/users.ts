import 'server-only';
import { asc, eq } from 'drizzle-orm';
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
