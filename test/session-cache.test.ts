/**
 * The verified-token cache (docs/decisions/0014) saves the decryption only: a token served from memory still ends
 * at once when its session does. Real cookie decoding, real users row; only the cookie jar is stubbed.
 */
import { encode } from 'next-auth/jwt';
import { describe, expect, it, vi } from 'vitest';
import { testDb } from './db';
import { createUser } from '../testing/factories';

const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    get: (n: string) => (jar.has(n) ? { value: jar.get(n) } : undefined),
  }),
}));
vi.mock('@/auth', async () => {
  const { sessionFromCookie } = await import('../lib/auth/session-cookie');
  return { currentSession: async () => (await sessionFromCookie()) ?? null };
});
process.env.AUTH_SECRET = 'test-secret-for-session-cache';
const { getSessionUser } = await import('../lib/web/authz');
const { endSessions } = await import('../lib/domain/accounts');

const NAME = 'authjs.session-token';

describe('a cached session token', () => {
  it('is refused on the next request after sign-out, though it is still in memory', async () => {
    const student = await createUser(testDb);
    const claims = {
      id: String(student.id),
      role: student.role,
      sessionVersion: student.sessionVersion,
      signedInAt: Math.floor(Date.now() / 1000),
    };
    jar.set(NAME, await encode({ token: claims, secret: process.env.AUTH_SECRET!, salt: NAME, maxAge: 600 }));
    expect(await getSessionUser()).toMatchObject({ id: student.id });
    expect(await getSessionUser()).toMatchObject({ id: student.id }); // served from the cache
    await endSessions({ userId: student.id, sessionVersion: student.sessionVersion });
    expect(await getSessionUser()).toBeNull();
  });
});
