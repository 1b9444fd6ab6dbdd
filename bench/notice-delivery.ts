/**
 * The outbox's delivery rate (docs/decisions/0026): the notices the drop paths wrote (one per promotion), mailed by
 * `workers` delivery workers (as many app servers) to a real local SMTP server, each on its own connection and SMTP
 * pool. Broken when a notice is left unsent or the mail server got one twice.
 */
import { sql } from 'drizzle-orm';
import { createDatabase } from '../db/client';
import { deliverDue, smtpTransport } from '../lib/notifications/delivery';
import { startMailSink } from '../testing/mail-sink';
import { perSecond, table } from './format';

export interface NoticeDelivery {
  workers: number;
  notices: number;
  sent: number;
  seconds: number;
  perSecond: number;
  broken: string[];
}

export async function measureNoticeDelivery(databaseUrl: string, { workers = 2 } = {}): Promise<NoticeDelivery> {
  const sink = await startMailSink();
  const connections = Array.from({ length: workers }, () => createDatabase(databaseUrl, { max: 1 }));
  const transports = connections.map(() => smtpTransport(sink.url));
  try {
    const [pending] = await connections[0]!.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM notifications WHERE mail AND sent_at IS NULL AND failed_at IS NULL`,
    );
    const notices = pending?.n ?? 0;
    const started = performance.now();
    const sent = await Promise.all(
      connections.map(async ({ db }, i) => {
        let total = 0;
        for (;;) {
          const pass = await deliverDue(db, transports[i]!, {
            from: 'Curriculab <registrar@curriculab.test>',
            baseUrl: 'http://localhost:3000',
          });
          total += pass.sent;
          if (pass.claimed === 0) return total;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = sent.reduce((a, b) => a + b, 0);
    const twice = [...sink.deliveries().values()].filter((n) => n > 1).length;
    const broken = [
      ...(total !== notices ? [`notice delivery: ${total} of ${notices} notices sent`] : []),
      ...(twice ? [`notice delivery: ${twice} notices reached the mail server more than once`] : []),
    ];
    return { workers, notices, sent: total, seconds, perSecond: total / seconds, broken };
  } finally {
    for (const t of transports) t.close();
    await Promise.all(connections.map((c) => c.close()));
    await sink.close();
  }
}

export function renderNoticeDelivery(d: NoticeDelivery): string {
  return [
    `6. Notice delivery: the drop paths' ${d.notices} promotion notices mailed by ${d.workers} workers (FOR UPDATE SKIP LOCKED) to a local SMTP server`,
    table(
      ['workers', 'notices sent', 'seconds', 'mails/s'],
      [[String(d.workers), `${d.sent} / ${d.notices}`, d.seconds.toFixed(1), perSecond(d.perSecond)]],
    ),
  ].join('\n');
}
