import type { NextAuthConfig } from 'next-auth';

/**
 * The part of the Auth.js set-up that needs no database: shared by auth.ts and proxy.ts.
 * The proxy's redirect to /login is a convenience; every page, action and route checks the session itself.
 */
export const authConfig = {
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const signedIn = Boolean(auth?.user);
      if (request.nextUrl.pathname.startsWith('/login')) return true;
      return signedIn;
    },
    jwt({ token, user }) {
      if (user?.id) {
        token.id = user.id;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.id;
      session.user.role = token.role;
      return session;
    },
  },
} satisfies NextAuthConfig;
