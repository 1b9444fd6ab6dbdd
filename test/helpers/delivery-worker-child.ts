/**
 * A delivery worker in its own process, for the crash test (test/notifications-delivery.test.ts): it mails what is
 * due, says "sent" once the mail server has accepted a notice, and waits to be killed before marking it sent.
 */
import { createDatabase } from '../../db/client';
import { deliverDue, smtpTransport } from '../../lib/notifications/delivery';

const [databaseUrl, smtpUrl] = process.argv.slice(2);
const { db } = createDatabase(databaseUrl!, { max: 1 });
await deliverDue(db, smtpTransport(smtpUrl!), {
  from: 'Curriculab <registrar@curriculab.test>',
  baseUrl: 'http://curriculab.test',
  afterSend: async (delivery) => {
    process.stdout.write(`sent ${delivery.idempotencyKey}\n`);
    await new Promise(() => {});
  },
});
