import 'server-only';
import type { Session } from 'next-auth';
import { decode, type JWT } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import type { SessionClaims } from '@/lib/domain/accounts';

const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token'];

/**
 * Tokens already verified by this process, by their exact cookie value (docs/decisions/0014): decrypting one
 * (HKDF key derivation, then AES-CBC + HMAC) is repeated on every request of a signed-in student otherwise. A hit
 * is the same string that was verified, so it decrypts to the same claims; its `exp` is checked again on every
 * hit. Whether the session still holds (signed out, role changed, 8 h passed) is not cached: lib/web/authz.ts
 * asks the users row on every request. Bounded: the least recently used token goes first.
 */
const VERIFIED_LIMIT = 10_000;
const verified = new Map<string, Session>();

function recall(key: string): Session | undefined {
  const session = verified.get(key);
  if (!session) return undefined;
  verified.delete(key);
  if (Date.parse(session.expires) <= Date.now()) return undefined;
  verified.set(key, session); // most recently used last
  return session;
}

function remember(key: string, session: Session) {
  if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value!);
  verified.set(key, session);
}

/**
 * The session from Auth.js's own cookie, decoded with Auth.js's own `decode` (same secret, salt and expiry
 * check). `auth()` would also run the whole Auth.js request pipeline and re-encrypt a fresh token it then
 * discards: measured at about a quarter of an API request's CPU on the enroll path (docs/decisions/0006).
 * Returns undefined when the cookie is split into chunks (a very large token): the caller asks `auth()` then.
 */
export async function sessionFromCookie(): Promise<Session | null | undefined> {
  const store = await cookies();
  const name = SESSION_COOKIES.find((n) => store.has(n));
  if (!name) return SESSION_COOKIES.some((n) => store.has(`${n}.0`)) ? undefined : null;
  const secret = process.env.AUTH_SECRET?.split(',').map((s) => s.trim());
  if (!secret?.length) return undefined;
  const value = store.get(name)!.value;
  const key = `${name}=${value}`;
  const known = recall(key);
  if (known) return known;
  try {
    const token = await decode({ token: value, secret, salt: name });
    if (!token?.id || !token.role || !token.exp) return null;
    const session: Session = {
      user: { id: token.id, role: token.role, name: token.name ?? '', email: token.email ?? '' },
      expires: new Date(token.exp * 1000).toISOString(),
      sessionVersion: token.sessionVersion,
      signedInAt: token.signedInAt,
    };
    remember(key, session);
    return session;
  } catch {
    return null;
  }
}

/** The claims a session is checked by, or null for a token without them (made before sessions could end). */
export function sessionClaims(token: Pick<JWT, 'id' | 'sessionVersion' | 'signedInAt'>): SessionClaims | null {
  const userId = Number(token.id);
  if (!Number.isSafeInteger(userId) || typeof token.sessionVersion !== 'number' || typeof token.signedInAt !== 'number') {
    return null;
  }
  return { userId, sessionVersion: token.sessionVersion, signedInAt: token.signedInAt };
}
