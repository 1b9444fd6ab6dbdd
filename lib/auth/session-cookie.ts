import 'server-only';
import type { Session } from 'next-auth';
import { decode, type JWT } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import type { SessionClaims } from '@/lib/domain/accounts';
import { authSecrets } from '@/lib/env';

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

/** A cookie of the request by name: `cookies()` in a page, the Cookie header in a route handler. */
type CookieReader = { names(): string[]; get(name: string): string | undefined };

/**
 * The session from Auth.js's own cookie, decoded with Auth.js's own `decode` (same secret, salt and expiry
 * check). `auth()` would also run the whole Auth.js request pipeline and re-encrypt a fresh token it then
 * discards: measured at about a quarter of an API request's CPU on the enroll path (docs/decisions/0006).
 * A token too large for one cookie comes in chunks (`name.0`, `name.1`, …), joined in order as Auth.js does.
 * Returns undefined only without a secret: the caller asks `auth()` then.
 */
async function sessionFrom(cookies: CookieReader): Promise<Session | null | undefined> {
  const secret = authSecrets();
  if (!secret) return undefined;
  const names = cookies.names();
  const name = SESSION_COOKIES.find((n) => names.includes(n) || names.includes(`${n}.0`));
  if (!name) return null;
  const value = names.includes(name) ? cookies.get(name)! : joinChunks(name, names, cookies);
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

function joinChunks(name: string, names: string[], cookies: CookieReader): string {
  const chunks = names
    .map((n) => ({ n, index: n.startsWith(`${name}.`) ? Number(n.slice(name.length + 1)) : NaN }))
    .filter(({ index }) => Number.isInteger(index) && index >= 0)
    .sort((a, b) => a.index - b.index);
  return chunks.map(({ n }) => cookies.get(n) ?? '').join('');
}

/** The session of the page or server action being rendered (Next's request scope). */
export async function sessionFromCookie(): Promise<Session | null | undefined> {
  const store = await cookies();
  return sessionFrom({ names: () => store.getAll().map((c) => c.name), get: (name) => store.get(name)?.value });
}

/**
 * The session of a route handler's request, from its own Cookie header: no Next.js request scope needed, so the
 * same handler runs under Next.js and as a direct route of server/main.ts (docs/decisions/0016).
 */
export async function sessionFromRequest(request: Request): Promise<Session | null> {
  const header = request.headers.get('cookie');
  const pairs = new Map<string, string>();
  for (const part of header ? header.split(';') : []) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    if (!pairs.has(name)) pairs.set(name, decodeCookieValue(part.slice(at + 1).trim()));
  }
  return (await sessionFrom({ names: () => [...pairs.keys()], get: (name) => pairs.get(name) })) ?? null;
}

function decodeCookieValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
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
