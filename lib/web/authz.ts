import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { currentSession } from '@/auth';
import type { UserRole } from '@/db/schema';
import type { Result } from '@/lib/outcomes';

export interface SessionUser {
  id: number;
  name: string;
  email: string;
  role: UserRole;
}

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await currentSession();
  const id = Number(session?.user?.id);
  if (!session?.user || !Number.isSafeInteger(id) || !session.user.role) return null;
  return { id, name: session.user.name ?? '', email: session.user.email ?? '', role: session.user.role };
}

/** For server actions and route handlers: every one is a public POST endpoint and checks for itself. */
export async function requireRole(...roles: UserRole[]): Promise<Result<SessionUser, 'unauthenticated' | 'forbidden'>> {
  const user = await getSessionUser();
  if (!user) return { ok: false, reason: 'unauthenticated' };
  if (roles.length && !roles.includes(user.role)) return { ok: false, reason: 'forbidden' };
  return { ok: true, value: user };
}

/** For pages: signed-out visitors go to /login, the wrong role gets the 403 page. */
export async function requirePageRole(...roles: UserRole[]): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/login');
  if (roles.length && !roles.includes(user.role)) forbidden();
  return user;
}

export const HOME_BY_ROLE: Record<UserRole, string> = {
  student: '/sections',
  instructor: '/instructor',
  registrar: '/registrar',
};
