import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '../index';
import { users } from '../schema';

export async function findUserByEmail(email: string) {
  const [user] = await db().select().from(users).where(eq(users.email, email.toLowerCase()));
  return user;
}
