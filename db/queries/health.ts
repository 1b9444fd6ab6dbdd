import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '../index';

/**
 * A load balancer's check must be answered quickly; a database that cannot answer by then is not ready. Nor is
 * a read-only one: during a failover the pooler may still point at the demoted primary, now a standby, where
 * every enrollment would be refused (docs/decisions/0021).
 */
export const HEALTH_DEADLINE_MS = 700;

export async function databaseIsReachable(deadlineMs = HEALTH_DEADLINE_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, deadlineMs, false)));
  // A late `SELECT 1` is left to the client's own deadlines (acquire, response); only its answer is dropped.
  const answer = db()
    .execute<{ standby: boolean }>(sql`SELECT pg_is_in_recovery() AS standby`)
    .then(
      ([row]) => row?.standby === false,
      () => false,
    );
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}
