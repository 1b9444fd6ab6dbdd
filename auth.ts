import NextAuth, { CredentialsSignin, type Session } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { cache } from 'react';
import { authConfig } from './auth.config';
import { endSessions, sessionHolder, signInWithPassword } from './lib/domain/accounts';
import { clientAddress } from './lib/web/client-address';
import { sessionClaims, sessionFromCookie, sessionFromRequest } from './lib/auth/session-cookie';
import { credentialsSchema } from './lib/auth/sign-in-form';

/** The account or address has used up its failed sign-ins: `code` reaches the redirect, the wait the sign-in action. */
export class TooManySignIns extends CredentialsSignin {
  code = 'too_many_sign_ins';
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  // A refused sign-in is an everyday answer, not a fault: one line, no stack trace (a burst of them would bury the
  // log). Anything else Auth.js reports keeps its name, message and cause, still on one line.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) {
        console.warn(`[auth] sign-in refused: ${error.code}`);
        return;
      }
      // Auth.js wraps what authorize() threw: on `cause` itself, or as `cause.err` (CallbackRouteError).
      let inner: unknown = error.cause instanceof Error ? error.cause : (error.cause as { err?: unknown } | undefined)?.err;
      // Drizzle's own message is the SQL; the driver's error under it says what went wrong (SQLSTATE, message).
      while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
      const code = (inner as { code?: unknown } | undefined)?.code;
      const cause =
        inner instanceof Error ? ` (cause: ${typeof code === 'string' ? `${code} ` : ''}${inner.message.split('\n')[0]})` : '';
      console.error(`[auth][error] ${error.name}: ${error.message}${cause}`);
    },
  },
  callbacks: {
    ...authConfig.callbacks,
    // Renewal (GET /api/auth/session) re-signs a token for another maxAge: an ended session is cleared instead.
    async jwt(params) {
      const token = authConfig.callbacks.jwt(params);
      if (params.user) return token;
      const claims = sessionClaims(token);
      return claims && (await sessionHolder(claims)) ? token : null;
    },
  },
  events: {
    // Both sign-outs (Auth.js's route and the server action, which goes through it) end every session of the user.
    async signOut(message) {
      const claims = 'token' in message && message.token ? sessionClaims(message.token) : null;
      if (claims) await endSessions(claims);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await signInWithPassword(parsed.data.email, parsed.data.password, clientAddress(request.headers));
        if (result.ok) return { ...result.value, id: String(result.value.id) };
        if (result.reason === 'too_many_sign_ins') throw new TooManySignIns(result.retryAfterSeconds);
        if (result.reason === 'sign_in_unavailable') throw new Error('sign-in is busy: every password-hash slot is taken');
        return null;
      },
    }),
  ],
});

/**
 * The current session token's contents: the cookie read directly on the hot path, Auth.js's `auth()` when that
 * cannot. Cached per request, so the layout and the page decode the token once between them. Whether the session
 * still holds is lib/web/authz.ts's question.
 */
export const currentSession = cache(async (): Promise<Session | null> => {
  const fromCookie = await sessionFromCookie();
  return fromCookie === undefined ? auth() : fromCookie;
});

/**
 * A route handler's session token, from the request's own Cookie header: no Next.js request scope needed, so the
 * handler also runs where server/main.ts calls it directly (docs/decisions/0016).
 */
export const requestSession = (request: Request): Promise<Session | null> => sessionFromRequest(request);
