import 'server-only';
import { hash, verify } from '@node-rs/argon2';
import { findUserByEmail } from '@/db/queries/users';

// Verified against when the email is unknown, so that an unknown email and a wrong password take the same time.
const dummyHash = hash(`unknown-user-${Math.random()}`);

export async function verifyCredentials(email: string, password: string) {
  const user = await findUserByEmail(email);
  if (!user) {
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const valid = await verify(user.passwordHash, password).catch(() => false);
  return valid ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
}
