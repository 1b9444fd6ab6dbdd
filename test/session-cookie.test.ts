import { encode } from 'next-auth/jwt';
import { describe, expect, it, vi } from 'vitest';

const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ has: (n: string) => jar.has(n), get: (n: string) => (jar.has(n) ? { value: jar.get(n) } : undefined) }),
}));
process.env.AUTH_SECRET = 'test-secret-for-session-cookie';
const { sessionFromCookie } = await import('../lib/web/session-cookie');

const NAME = 'authjs.session-token';
const token = (claims: Record<string, unknown>, secret = process.env.AUTH_SECRET!, maxAge = 60) =>
  encode({ token: { id: '42', role: 'student', name: 'Zoë', email: 'z@x.test', ...claims }, secret, salt: NAME, maxAge });

describe('reading the session straight from the Auth.js cookie', () => {
  it('decodes a token Auth.js made with the same secret and salt', async () => {
    jar.clear();
    jar.set(NAME, await token({}));
    expect(await sessionFromCookie()).toMatchObject({ user: { id: '42', role: 'student', name: 'Zoë', email: 'z@x.test' } });
  });

  it('refuses an expired, tampered or foreign token, and a token without id or role', async () => {
    for (const value of [
      await token({}, undefined, -60),
      (await token({})).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      await token({}, 'another-secret'),
      await token({ role: undefined }),
    ]) {
      jar.clear();
      jar.set(NAME, value);
      expect(await sessionFromCookie()).toBeNull();
    }
  });

  it('a token verified once is served from memory until its expiry, then refused like any expired token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      jar.clear();
      jar.set(NAME, await token({}, undefined, 60));
      const first = await sessionFromCookie();
      expect(first).toMatchObject({ user: { id: '42' } });
      expect(await sessionFromCookie()).toBe(first); // the same object: not decrypted again
      vi.setSystemTime(Date.now() + 80_000); // past Auth.js's 15 s clock tolerance too
      expect(await sessionFromCookie()).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('no cookie is no session; a chunked cookie is left to Auth.js', async () => {
    jar.clear();
    expect(await sessionFromCookie()).toBeNull();
    jar.set(`${NAME}.0`, 'part');
    expect(await sessionFromCookie()).toBeUndefined();
  });
});
