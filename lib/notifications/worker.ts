import 'server-only';
import { createDatabase } from '@/db/client';
import { databaseEnv } from '@/db/env';
import { serverEnv } from '@/lib/env';
import { smtpTransport, startDeliveryLoop } from './delivery';

const globalForWorker = globalThis as unknown as { curriculabDeliveryWorker?: () => Promise<void> };

/**
 * Starts this app server's delivery worker when SMTP_URL is set (docs/decisions/0026). Every app server runs one;
 * SKIP LOCKED shares the outbox between them. It has its own connection, so mail never waits for the enroll pool
 * (nor takes from it). Kept on globalThis: a dev reload must not start a second loop.
 */
export function startNotificationWorker() {
  const env = serverEnv();
  if (!env.SMTP_URL || globalForWorker.curriculabDeliveryWorker) return;
  const database = databaseEnv();
  const { db } = createDatabase(database.DATABASE_URL, {
    max: 1,
    prepare: database.DB_PREPARE,
    deadlines: {
      statementTimeoutMs: database.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: database.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      acquireTimeoutMs: 30_000,
    },
  });
  globalForWorker.curriculabDeliveryWorker = startDeliveryLoop(db, smtpTransport(env.SMTP_URL), {
    from: env.MAIL_FROM,
    baseUrl: env.APP_URL,
  });
}
