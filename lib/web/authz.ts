import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { currentSession, requestSession } from '@/auth';
import { sessionHolder, withinLifetime, type SessionClaims } from '@/lib/domain/accounts';
import { classifyDbError } from '@/db/errors';
import type { UserRole } from '@/db/schema';
import type { Result } from '@/lib/outcomes';
import { sessionClaims } from '@/lib/auth/session-cookie';

export interface SessionUser {
  id: number;
  name: string;
  email: string;
  role: UserRole;
}

/** The claims the session is checked by; a live stream keeps them to re-check its session later (lib/live). */
export const currentClaims = cache(async (): Promise<SessionClaims | null> => {
  const session = await currentSession();
  return session?.user ? sessionClaims({ id: session.user.id, ...session }) : null;
});

/**
 * The signed-in user, if the session still holds: checked against the users row on every request that reads or
 * changes protected data (one primary-key lookup, docs/decisions/0010), so a sign-out, a role change or a password
 * change ends it at once on every app server. Name, email and role come from that row, never from the token.
 * Cached per request: the layout and the page share one lookup.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => holderOf(await currentClaims()));

/**
 * A student's verified token whose users-row check (does the session still hold?) is left to the handler's one
 * statement (docs/decisions/0016): `sessionVersion` goes into it, which answers 'unauthenticated' when the row has
 * moved on. `confirm()` makes the usual lookup instead, for a handler path that is not that statement.
 */
export interface StatementSession {
  sessionVersion: number;
  confirm(): Promise<boolean>;
}

/** Who a route handler's request is from: the user, the claims they were checked by, and any check still owed. */
export interface RequestAccess {
  user: SessionUser;
  claims: SessionClaims;
  /** With the statement check: what the handler's statement still checks (null: already made here). */
  session: StatementSession | null;
}

/**
 * The session of a route handler's request, checked against the users row like getSessionUser, and its role. With
 * `inStatement`, a student's token on a student route is not looked up here: the handler's statement checks it
 * (docs/decisions/0016); any other token gets the full check, so 401 and 403 are decided as before.
 */
export async function authenticateRequest(
  request: Request,
  roles: UserRole[],
  { inStatement = false }: { inStatement?: boolean } = {},
): Promise<Result<RequestAccess, 'unauthenticated' | 'forbidden'>> {
  const token = await requestSession(request);
  const claims = token?.user ? sessionClaims({ id: token.user.id, ...token }) : null;
  if (!claims) return { ok: false, reason: 'unauthenticated' };
  if (inStatement && token?.user.role === 'student' && roles.includes('student') && withinLifetime(claims.signedInAt)) {
    // No users row read: no name or email either (they come from the row, never from the token).
    const user = { id: claims.userId, name: '', email: '', role: 'student' as const };
    const confirm = async () => (await sessionHolder(claims))?.role === 'student';
    return { ok: true, value: { user, claims, session: { sessionVersion: claims.sessionVersion, confirm } } };
  }
  const full = ofRole(await holderOf(claims), roles);
  return full.ok ? { ok: true, value: { user: full.value, claims, session: null } } : full;
}

/** The one way a session user is made: from the users row the claims still hold, never from the token. */
async function holderOf(claims: SessionClaims | null): Promise<SessionUser | null> {
  const holder = claims ? await sessionHolder(claims) : null;
  return holder ? { id: holder.id, name: holder.name, email: holder.email, role: holder.role } : null;
}

function ofRole(user: SessionUser | null, roles: UserRole[]): Result<SessionUser, 'unauthenticated' | 'forbidden'> {
  if (!user) return { ok: false, reason: 'unauthenticated' };
  if (roles.length && !roles.includes(user.role)) return { ok: false, reason: 'forbidden' };
  return { ok: true, value: user };
}

/** For server actions: every one is a public POST endpoint and checks for itself. */
export async function requireRole(...roles: UserRole[]): Promise<Result<SessionUser, 'unauthenticated' | 'forbidden'>> {
  return ofRole(await getSessionUser(), roles);
}

/** For pages: signed-out visitors go to /login, the wrong role gets the 403 page. */
export async function requirePageRole(...roles: UserRole[]): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/login');
  if (roles.length && !roles.includes(user.role)) forbidden();
  return user;
}

/**
 * requirePageRole for the signed-in layout: 'busy' when the users-row lookup could not be made in time (a statement
 * timeout, no pooled connection, the database restarting), so the layout can answer with the app's busy page.
 */
export async function requirePageRoleOrBusy(...roles: UserRole[]): Promise<SessionUser | 'busy'> {
  try {
    return await requirePageRole(...roles);
  } catch (error) {
    // redirect() and forbidden() throw too: those are not the database's, and go on.
    if (classifyDbError(error) === 'unavailable') return 'busy';
    throw error;
  }
}

export const HOME_BY_ROLE: Record<UserRole, string> = {
  student: '/sections',
  instructor: '/instructor',
  registrar: '/registrar',
};
