/**
 * A real SMTP server that keeps what it receives (docs/decisions/0026): `npm run dev` and the tests send the app's
 * mail here instead of to SMTP_URL. It keeps one message per Message-ID, as a mailbox does (the idempotency key),
 * and counts every delivery, so a test can tell a resend from a second mail. With `dir`, each kept message is
 * also written there as JSON for the dev-only /dev/mail page (lib/notifications/mailbox.ts reads it).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  messageId: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  receivedAt: string;
}

export interface MailSink {
  url: string;
  port: number;
  /** Kept messages, one per Message-ID, in order of first arrival. */
  messages(): SunkMail[];
  /** Every message accepted, resends included, by Message-ID. */
  deliveries(): Map<string, number>;
  close(): Promise<void>;
}

export async function startMailSink({
  port = 0,
  dir,
  rejectRecipient = () => false,
}: { port?: number; dir?: string; rejectRecipient?: (address: string) => boolean } = {}): Promise<MailSink> {
  const kept = new Map<string, SunkMail>();
  const deliveries = new Map<string, number>();
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejectRecipient(address.address)) {
        const refusal = new Error(`mailbox unavailable: ${address.address}`) as Error & { responseCode: number };
        refusal.responseCode = 550;
        return callback(refusal);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const messageId = parsed.messageId ?? `<unnamed-${deliveries.size}@sink>`;
          deliveries.set(messageId, (deliveries.get(messageId) ?? 0) + 1);
          if (!kept.has(messageId)) {
            const headers: Record<string, string> = {};
            for (const [key, value] of parsed.headers) if (typeof value === 'string') headers[key] = value;
            const mail: SunkMail = {
              messageId,
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers,
              receivedAt: new Date().toISOString(),
            };
            kept.set(messageId, mail);
            if (dir) {
              const file = `${Date.now()}-${messageId.replace(/[^A-Za-z0-9@.-]/g, '')}.json`;
              fs.writeFileSync(path.join(dir, file), JSON.stringify(mail));
            }
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    port: bound,
    messages: () => [...kept.values()],
    deliveries: () => new Map(deliveries),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
