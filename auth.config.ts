import type { NextAuthConfig } from 'next-auth';

/** The part of the Auth.js set-up that needs no database. */
export const authConfig = {
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    // Auth.js's default calls new URL(url) unguarded: a callbackUrl it cannot parse ("\u0000") was logged as
    // "[auth][error] TypeError: Invalid URL" (issue 28.18). Same rule (this site only), no throw.
    redirect({ url, baseUrl }) {
      try {
        const target = new URL(url, baseUrl);
        return target.origin === new URL(baseUrl).origin ? target.href : baseUrl;
      } catch {
        return baseUrl;
      }
    },
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
