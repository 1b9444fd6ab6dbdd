import { unwrapPgError } from '@/db/errors';

/**
 * Once more when PostgreSQL broke a lock cycle (40P01). The orders are fixed (docs/decisions/0008, 0011), but a
 * promotion holds its section's lock while it takes a waiting student's rows, which another student's enrollment
 * may hold on its way to a different section: a rare cycle PostgreSQL detects and cancels one side of, leaving
 * nothing half-done. The cancelled statement is simply run again; a second deadlock is answered 503 (try again).
 */
export async function onceMoreOnDeadlock<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (unwrapPgError(error).code !== '40P01') throw error;
    return run();
  }
}
