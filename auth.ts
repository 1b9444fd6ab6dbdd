import NextAuth, { type Session } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { authConfig } from './auth.config';
import { verifyCredentials } from './lib/credentials';
import { sessionFromCookie } from './lib/session-cookie';

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await verifyCredentials(parsed.data.email, parsed.data.password);
        return user ? { id: String(user.id), email: user.email, name: user.name, role: user.role } : null;
      },
    }),
  ],
});

/** The current session: the cookie read directly on the hot path, Auth.js's `auth()` when that cannot. */
export async function currentSession(): Promise<Session | null> {
  const fromCookie = await sessionFromCookie();
  return fromCookie === undefined ? auth() : fromCookie;
}
