import type { NextAuthConfig } from 'next-auth';

/** The part of the Auth.js set-up that needs no database. */
export const authConfig = {
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.id = user.id;
        token.role = user.role;
        token.sessionVersion = user.sessionVersion;
        token.signedInAt = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.id;
      session.user.role = token.role;
      session.sessionVersion = token.sessionVersion;
      session.signedInAt = token.signedInAt;
      return session;
    },
  },
} satisfies NextAuthConfig;
