import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '../index';
import { signInFailures } from '../schema';

export interface SignInKeys {
  /** The submitted email, lower-cased, whether or not an account has it. */
  account: string;
  /** The client address, when the balancer said it. */
  address: string | null;
}

export interface FailureLimits {
  windowSeconds: number;
  account: number;
  address: number;
}

const keyRows = ({ account, address }: SignInKeys) => [
  { scope: 'account' as const, key: account },
  ...(address ? [{ scope: 'address' as const, key: address }] : []),
];

/** When the account or the address may try again, if either has used up its failures in the current window. */
export async function signInBlockedUntil(keys: SignInKeys, limits: FailureLimits): Promise<Date | null> {
  const window = sql`make_interval(secs => ${limits.windowSeconds})`;
  const [row] = await db().execute<{ until: string | Date | null }>(sql`
    SELECT max(${signInFailures.windowStartedAt} + ${window}) AS until
    FROM ${signInFailures}
    WHERE ${signInFailures.windowStartedAt} > now() - ${window}
      AND ((${signInFailures.scope} = 'account' AND ${signInFailures.key} = ${keys.account}
            AND ${signInFailures.failures} >= ${limits.account})
        OR (${signInFailures.scope} = 'address' AND ${signInFailures.key} = ${keys.address ?? ''}
            AND ${signInFailures.failures} >= ${limits.address}))`);
  return row?.until ? new Date(row.until) : null;
}

/** Counts one failure for the account and the address; a key whose window has passed starts a new one. */
export async function recordSignInFailure(keys: SignInKeys, { windowSeconds }: FailureLimits) {
  const window = sql`make_interval(secs => ${windowSeconds})`;
  const expired = sql`${signInFailures.windowStartedAt} <= now() - ${window}`;
  await db()
    .insert(signInFailures)
    .values(keyRows(keys))
    .onConflictDoUpdate({
      target: [signInFailures.scope, signInFailures.key],
      set: {
        failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${signInFailures.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN now() ELSE ${signInFailures.windowStartedAt} END`,
      },
    });
  // Windows that have passed count nothing: keep the table the size of the last few minutes' failures.
  await db().delete(signInFailures).where(expired);
}

/** A successful sign-in forgets the account's earlier typos; the address keeps its count. */
export async function clearAccountFailures(account: string) {
  await db()
    .delete(signInFailures)
    .where(and(eq(signInFailures.scope, 'account'), eq(signInFailures.key, account)));
}
