import NextAuth, { type Session } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { cache } from 'react';
import { authConfig } from './auth.config';
import { verifyCredentials } from './lib/domain/accounts';
import { sessionFromCookie } from './lib/web/session-cookie';
import { credentialsSchema } from './lib/web/sign-in-form';

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

/**
 * The current session: the cookie read directly on the hot path, Auth.js's `auth()` when that cannot.
 * Cached per request, so the layout and the page decode the token once between them.
 */
export const currentSession = cache(async (): Promise<Session | null> => {
  const fromCookie = await sessionFromCookie();
  return fromCookie === undefined ? auth() : fromCookie;
});
