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

describe('a burst of sign-ins', () => {
  // Every attempt of the burst is sent at once (db().pool: many connections): the limit is decided by the
  // statement that counts the attempt, before the password hash, not by a check read before it.
  const burst = async (attempts: { email: string; password: string; address: string | null }[]) => {
    const answers = await Promise.all(attempts.map((a) => signInWithPassword(a.email, a.password, a.address)));
    return answers.map((a) => (a.ok ? 'signed in' : a.reason));
  };
  const tally = (answers: string[]) =>
    Object.fromEntries([...new Set(answers)].map((a) => [a, answers.filter((b) => b === a).length]));

  it('60 wrong passwords for one account at once: exactly the account limit are checked', async () => {
    const user = await createUser(testDb);
    const answers = await burst(Array.from({ length: 60 }, () => ({ email: user.email, password: 'wrong', address: null })));
    expect(tally(answers)).toEqual({
      invalid_credentials: SIGN_IN_LIMITS.account,
      too_many_sign_ins: 60 - SIGN_IN_LIMITS.account,
    });
    const [row] = await testDb
      .select()
      .from(signInFailures)
      .where(sql`scope = 'account' AND key = ${user.email}`);
    expect(row?.failures).toBe(SIGN_IN_LIMITS.account);
  });

  it('60 accounts at once from an address 10 short of its limit: 10 are checked', async () => {
    const lab = address();
    await testDb.insert(signInFailures).values({ scope: 'address', key: lab, failures: SIGN_IN_LIMITS.address - 10 });
    const answers = await burst(
      Array.from({ length: 60 }, (_, i) => ({
        email: `burst-${uniqueTag()}-${i}@curriculab.test`,
        password: 'wrong',
        address: lab,
      })),
    );
    expect(tally(answers)).toEqual({ invalid_credentials: 10, too_many_sign_ins: 50 });
    const [row] = await testDb
      .select()
      .from(signInFailures)
      .where(sql`scope = 'address' AND key = ${lab}`);
    expect(row?.failures).toBe(SIGN_IN_LIMITS.address);
  });
});
