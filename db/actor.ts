import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './executor';

/**
 * The signed-in user a change is made for, read by the history triggers (drizzle/0006, docs/decisions/0012).
 * Transaction-local (`is_local = true`): it ends with the transaction, so a pooled connection (PgBouncer in
 * transaction mode) never carries it into someone else's; a change made outside the app records no actor.
 */
export const actorSetting = (actorId: number | null): SQL =>
  sql`set_config('curriculab.actor_id', ${actorId === null ? '' : String(actorId)}, true)`;

/**
 * A condition that is always true and sets the actor as it is evaluated: an uncorrelated sub-select, run once
 * before the statement touches a row, so a single-statement write records its actor without another round trip.
 */
export const actorIsSet = (actorId: number | null): SQL => sql`(SELECT ${actorSetting(actorId)}) IS NOT NULL`;

/** Runs `change` in a transaction whose first statement sets the actor (for writes made of SQL functions). */
export function asActor<T>(actorId: number | null, database: Executor, change: (tx: Executor) => Promise<T>): Promise<T> {
  return database.transaction(async (tx) => {
    await tx.execute(sql`SELECT ${actorSetting(actorId)}`);
    return change(tx);
  });
}
