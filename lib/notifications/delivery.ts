/**
 * The outbox's delivery worker (docs/decisions/0026). Each pass claims due notices with FOR UPDATE SKIP LOCKED and
 * holds their row locks while it mails them, so two workers (two app servers) never send the same row; a row is
 * marked sent in the transaction that claimed it. A worker that dies between the mail server's answer and the
 * commit leaves the row unsent: the next pass mails it again under the same Message-ID (its idempotency key), and
 * the mailbox keeps one copy. At least once to the mail server, once to the student.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { claimDeliveries, markAttemptFailed, markSent, type Delivery } from '@/db/queries/notifications';
import type { Executor } from '@/db/executor';
import { composeMail } from './compose';

export interface DeliveryOptions {
  from: string;
  baseUrl: string;
  /** Notices one pass claims (and holds locked while it mails them). */
  batch?: number;
  /** Attempts before a notice is given up (failed_at, shown to a registrar). */
  maxAttempts?: number;
  /** For tests: runs after the mail server accepted a notice, before it is marked sent. */
  afterSend?: (delivery: Delivery, tx: Executor) => Promise<void>;
}

/** Seconds before attempt `attempts + 1`: 30 s, 1 min, 2 min … capped at an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600);
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/** An SMTP transport for SMTP_URL (smtp://host:port), with deadlines so a hung server cannot hold rows locked. */
export function smtpTransport(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  return nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // The mail server's answer to each message is a round trip: a batch goes out over a few connections at once.
    pool: true,
    maxConnections: 10,
    // Under the database's 10 s idle-in-transaction deadline, which would end the claim mid-send.
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 8_000,
  });
}

/** One pass: claims, mails and marks up to `batch` notices; returns how many were sent and how many failed. */
export async function deliverDue(database: Executor, transport: Transporter, options: DeliveryOptions) {
  const { batch = 50, maxAttempts = DEFAULT_MAX_ATTEMPTS } = options;
  return database.transaction(async (tx) => {
    const due = await claimDeliveries(tx, batch);
    const outcomes = await Promise.all(
      due.map((delivery) =>
        transport.sendMail({ from: options.from, ...composeMail(delivery, delivery, options.baseUrl) }).then(
          () => null,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        ),
      ),
    );
    const sent: number[] = [];
    let failed = 0;
    for (const [i, delivery] of due.entries()) {
      const error = outcomes[i];
      if (error === null) {
        await options.afterSend?.(delivery, tx);
        sent.push(delivery.id);
      } else {
        const attempts = delivery.attempts + 1;
        await markAttemptFailed(
          tx,
          delivery.id,
          error ?? 'unknown',
          attempts >= maxAttempts ? null : retryDelaySeconds(attempts),
        );
        failed += 1;
      }
    }
    await markSent(tx, sent);
    return { claimed: due.length, sent: sent.length, failed };
  });
}

/**
 * Runs passes until the outbox has nothing due, then polls every `intervalMs` (no LISTEN/NOTIFY: a NOTIFY in the
 * enrolling transaction serializes every commit). Returns a function that stops it after the current pass.
 */
export function startDeliveryLoop(
  database: Executor,
  transport: Transporter,
  options: DeliveryOptions & { intervalMs?: number; log?: (line: string) => void },
) {
  const { intervalMs = 1000, log = (line: string) => console.error(line) } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    try {
      for (;;) {
        const { claimed } = await deliverDue(database, transport, options);
        if (stopped || claimed === 0) break;
      }
    } catch (error) {
      log(`[notifications] delivery pass failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!stopped) timer = setTimeout(() => (running = pass()), intervalMs);
  };
  running = pass();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
