import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '../index';

/** A load balancer's check must be answered quickly; a database that cannot answer `SELECT 1` by then is not ready. */
export const HEALTH_DEADLINE_MS = 700;

export async function databaseIsReachable(deadlineMs = HEALTH_DEADLINE_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, deadlineMs, false)));
  // A late `SELECT 1` is left to the client's own deadlines (acquire, response); only its answer is dropped.
  const answer = db()
    .execute(sql`SELECT 1`)
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}
