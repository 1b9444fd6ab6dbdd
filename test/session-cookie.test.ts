import { encode } from 'next-auth/jwt';
import { describe, expect, it, vi } from 'vitest';

const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    get: (n: string) => (jar.has(n) ? { value: jar.get(n) } : undefined),
  }),
}));
process.env.AUTH_SECRET = 'test-secret-for-session-cookie';
const { sessionFromCookie, sessionFromRequest } = await import('../lib/auth/session-cookie');

const NAME = 'authjs.session-token';
const token = (claims: Record<string, unknown>, secret = process.env.AUTH_SECRET!, maxAge = 60) =>
  encode({ token: { id: '42', role: 'student', name: 'Zoë', email: 'z@x.test', ...claims }, secret, salt: NAME, maxAge });

/** One character in the middle changed: inside the ciphertext, where (unlike a segment's last character) every bit counts. */
const tamper = (value: string) => {
  const at = Math.floor(value.length / 2);
  return value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
};

describe('reading the session straight from the Auth.js cookie', () => {
  it('decodes a token Auth.js made with the same secret and salt', async () => {
    jar.clear();
    jar.set(NAME, await token({}));
    expect(await sessionFromCookie()).toMatchObject({ user: { id: '42', role: 'student', name: 'Zoë', email: 'z@x.test' } });
  });

  it('refuses an expired, tampered or foreign token, and a token without id or role', async () => {
    for (const value of [
      await token({}, undefined, -60),
      tamper(await token({})),
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

  it('no cookie is no session; a token split into chunks is joined in order, as Auth.js does', async () => {
    jar.clear();
    expect(await sessionFromCookie()).toBeNull();
    const value = await token({ name: 'Chunked' });
    const third = Math.ceil(value.length / 3);
    // Out of order on purpose: the index decides, as in Auth.js's SessionStore.
    jar.set(`${NAME}.2`, value.slice(2 * third));
    jar.set(`${NAME}.0`, value.slice(0, third));
    jar.set(`${NAME}.1`, value.slice(third, 2 * third));
    expect(await sessionFromCookie()).toMatchObject({ user: { id: '42', name: 'Chunked' } });
    jar.delete(`${NAME}.1`);
    expect(await sessionFromCookie()).toBeNull();
  });
});

describe("a route handler's session, from its request's own Cookie header (docs/decisions/0016)", () => {
  const request = (cookie?: string) => new Request('http://app.test/api/x', cookie ? { headers: { cookie } } : {});

  it('is the same session the page would read, whatever other cookies come with it', async () => {
    const value = await token({ name: 'Header' });
    expect(await sessionFromRequest(request(`theme=dark; ${NAME}=${value}; other=1`))).toMatchObject({
      user: { id: '42', name: 'Header' },
    });
  });

  it('no header, no session cookie, or a token that does not verify: no session', async () => {
    expect(await sessionFromRequest(request())).toBeNull();
    expect(await sessionFromRequest(request('theme=dark'))).toBeNull();
    expect(await sessionFromRequest(request(`${NAME}=${await token({}, 'another-secret')}`))).toBeNull();
    expect(await sessionFromRequest(request(`${NAME}=%E0%A4%A`))).toBeNull();
  });

  it('chunks in the header are joined in order', async () => {
    const value = await token({ name: 'Split' });
    const half = Math.ceil(value.length / 2);
    const header = `${NAME}.1=${value.slice(half)}; ${NAME}.0=${value.slice(0, half)}`;
    expect(await sessionFromRequest(request(header))).toMatchObject({ user: { name: 'Split' } });
  });
});
