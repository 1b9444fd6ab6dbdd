/** Sign-in throttling (docs/decisions/0010), on the real database every app server shares. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signInFailures } from '../db/schema';
import { SIGN_IN_LIMITS, signInRetryAfter, signInWithPassword } from '../lib/domain/accounts';
import { testDb } from './db';
import { TEST_PASSWORD, createUser, uniqueTag } from '../testing/factories';

const address = () => `198.51.100.${uniqueTag()}`;

describe('failed sign-ins', () => {
  it('after the account limit, even the right password is refused, with how long to wait', async () => {
    const user = await createUser(testDb);
    const from = address();
    for (let i = 0; i < SIGN_IN_LIMITS.account; i++) {
      expect(await signInWithPassword(user.email, 'wrong', from)).toEqual({ ok: false, reason: 'invalid_credentials' });
    }
    const refused = await signInWithPassword(user.email, TEST_PASSWORD, address());
    expect(refused).toMatchObject({ ok: false, reason: 'too_many_sign_ins' });
    const wait = 'retryAfterSeconds' in refused ? refused.retryAfterSeconds : 0;
    expect(wait).toBeGreaterThan(SIGN_IN_LIMITS.windowSeconds - 60);
    expect(wait).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowSeconds);
    expect(await signInRetryAfter(user.email.toUpperCase(), null)).toBeGreaterThan(0);
  });

  it('an unknown email is answered exactly like a known one', async () => {
    const known = await createUser(testDb);
    const unknown = `nobody-${uniqueTag()}@curriculab.test`;
    const answers = async (email: string) => {
      const seen = [];
      for (let i = 0; i <= SIGN_IN_LIMITS.account; i++) {
        const result = await signInWithPassword(email, 'wrong', null);
        seen.push(result.ok ? 'signed in' : result.reason);
      }
      return seen;
    };
    expect(await answers(unknown)).toEqual(await answers(known.email));
  });

  it('per address: past its limit every account is refused from there, and other addresses are not', async () => {
    const user = await createUser(testDb);
    const crowded = address();
    await testDb.insert(signInFailures).values({ scope: 'address', key: crowded, failures: SIGN_IN_LIMITS.address });
    expect(await signInWithPassword(user.email, TEST_PASSWORD, crowded)).toMatchObject({ reason: 'too_many_sign_ins' });
    expect(await signInWithPassword(user.email, TEST_PASSWORD, address())).toMatchObject({ ok: true });
  });

  it('successes are never counted, and a success forgets the account’s earlier typos', async () => {
    const user = await createUser(testDb);
    const lab = address();
    for (let i = 0; i < SIGN_IN_LIMITS.account - 1; i++) await signInWithPassword(user.email, 'wrong', lab);
    expect(await signInWithPassword(user.email, TEST_PASSWORD, lab)).toMatchObject({ ok: true });
    for (let i = 0; i < SIGN_IN_LIMITS.account - 1; i++) await signInWithPassword(user.email, 'wrong', lab);
    expect(await signInWithPassword(user.email, TEST_PASSWORD, lab)).toMatchObject({ ok: true });
  });

  it('a window that has passed counts nothing', async () => {
    const user = await createUser(testDb);
    await testDb.insert(signInFailures).values({
      scope: 'account',
      key: user.email,
      failures: SIGN_IN_LIMITS.account,
      windowStartedAt: sql`now() - make_interval(secs => ${SIGN_IN_LIMITS.windowSeconds + 1})`,
    });
    expect(await signInWithPassword(user.email, TEST_PASSWORD, null)).toMatchObject({ ok: true });
  });
});
