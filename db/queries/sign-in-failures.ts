import 'server-only';
import { sql } from 'drizzle-orm';
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

const window = (limits: Pick<FailureLimits, 'windowSeconds'>) => sql`make_interval(secs => ${limits.windowSeconds})`;

const ofKeys = ({ account, address }: SignInKeys) =>
  sql`((${signInFailures.scope} = 'account' AND ${signInFailures.key} = ${account})
    OR (${signInFailures.scope} = 'address' AND ${signInFailures.key} = ${address ?? ''}))`;

/**
 * Counts this attempt for the account and the address, and answers whether it may go on to the password hash:
 * null when it may, else when the account or address may try again. One statement, decided like a seat
 * (docs/decisions/0019): each key's count is raised under its row lock only while it is below its limit, so a
 * burst across any number of app servers lets at most `limit` attempts through per window and the count never
 * passes it. A key whose window has passed starts a new one.
 */
export async function countSignInAttempt(keys: SignInKeys, limits: FailureLimits): Promise<Date | null> {
  const expired = sql`f.window_started_at <= now() - ${window(limits)}`;
  const limit = sql`CASE f.scope WHEN 'account' THEN ${limits.account}::int ELSE ${limits.address}::int END`;
  const rows = [sql`('account'::sign_in_scope, ${keys.account})`, ...(keys.address ? [sql`('address', ${keys.address})`] : [])];
  const [row] = await db().execute<{ counted: number; until: string | Date | null }>(sql`
    WITH attempt AS (
      INSERT INTO ${signInFailures} AS f (scope, key) VALUES ${sql.join(rows, sql`, `)}
      ON CONFLICT (scope, key) DO UPDATE SET
        failures = CASE WHEN ${expired} THEN 1 ELSE f.failures + 1 END,
        window_started_at = CASE WHEN ${expired} THEN now() ELSE f.window_started_at END
      WHERE ${expired} OR f.failures < ${limit}
      RETURNING f.scope
    )
    SELECT (SELECT count(*)::int FROM attempt) AS counted,
      (SELECT max(window_started_at + ${window(limits)}) FROM ${signInFailures}
        WHERE ${ofKeys(keys)} AND scope NOT IN (SELECT scope FROM attempt)) AS until`);
  if (row && row.counted === rows.length) return null;
  // A key blocked by a row committed after this statement's snapshot: its window began at most now.
  return row?.until ? new Date(row.until) : new Date(Date.now() + limits.windowSeconds * 1000);
}

/**
 * Takes back an attempt that turned out not to be a failure: a success (which also forgets the account's earlier
 * typos) or one the password hash never checked (every slot busy). Successes are never counted against an address.
 */
export async function uncountSignInAttempt(keys: SignInKeys, { forgetAccount }: { forgetAccount: boolean }) {
  const account = forgetAccount ? sql`(scope = 'account' AND key = ${keys.account})` : sql`false`;
  await db().execute(sql`
    WITH gone AS (
      DELETE FROM ${signInFailures} WHERE ${account} OR (${ofKeys(keys)} AND failures <= 1) RETURNING 1
    )
    UPDATE ${signInFailures} SET failures = failures - 1 WHERE ${ofKeys(keys)} AND failures > 1
      AND NOT (${account})`);
}

/** Windows that have passed count nothing: keep the table the size of the last few minutes' attempts. */
export async function forgetPassedWindows(limits: FailureLimits) {
  await db()
    .delete(signInFailures)
    .where(sql`${signInFailures.windowStartedAt} <= now() - ${window(limits)}`);
}

/** When the account or the address may try again, if either has used up its attempts in the current window. */
export async function signInBlockedUntil(keys: SignInKeys, limits: FailureLimits): Promise<Date | null> {
  const [row] = await db().execute<{ until: string | Date | null }>(sql`
    SELECT max(${signInFailures.windowStartedAt} + ${window(limits)}) AS until
    FROM ${signInFailures}
    WHERE ${signInFailures.windowStartedAt} > now() - ${window(limits)} AND ${ofKeys(keys)}
      AND ${signInFailures.failures} >= CASE ${signInFailures.scope} WHEN 'account' THEN ${limits.account}::int
                                                                   ELSE ${limits.address}::int END`);
  return row?.until ? new Date(row.until) : null;
}
