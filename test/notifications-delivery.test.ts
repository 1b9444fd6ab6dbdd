/**
 * The delivery worker against a real SMTP server (testing/mail-sink.ts) and real PostgreSQL (docs/decisions/0026).
 * Other files share this database and may leave notices of their own: every check reads this file's students only.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { drop } from '../db/queries/enrollments';
import { listDeliveryProblems, retryDelivery } from '../db/queries/notifications';
import { joinWaitlist } from '../db/queries/waitlists';
import { enrollments, notifications, sections, type User } from '../db/schema';
import { deliverDue, retryDelaySeconds, smtpTransport } from '../lib/notifications/delivery';
import { createSection, createUsers, fillSection } from '../testing/factories';
import { startMailSink, type MailSink } from '../testing/mail-sink';
import { race, testDb } from './db';

const CHILD = path.join(import.meta.dirname, 'helpers', 'delivery-worker-child.ts');
const OPTIONS = { from: 'Curriculab <registrar@curriculab.test>', baseUrl: 'http://curriculab.test' };
let sink: MailSink;
let transport: Transporter;

beforeAll(async () => {
  sink = await startMailSink({ rejectRecipient: (address) => address.startsWith('bounce-') });
  transport = smtpTransport(sink.url);
});
afterAll(async () => {
  transport.close();
  await sink.close();
});

async function noticesOf(students: User[]) {
  return testDb
    .select()
    .from(notifications)
    .where(
      inArray(
        notifications.studentId,
        students.map((s) => s.id),
      ),
    );
}

const messageIdOf = (key: string) => `<${key}@notices.curriculab>`;

/** Passes until nothing is due (other files' notices included: they are mailed too, harmlessly). */
async function drain(database = testDb, via = transport) {
  for (;;) if ((await deliverDue(database, via, OPTIONS)).claimed === 0) return;
}

/** Notices written directly by the owner (the test's arrangement), one per new student. */
async function pendingNotices(count: number) {
  const students = await createUsers(testDb, count);
  await testDb.insert(notifications).values(students.map((s) => ({ studentId: s.id, kind: 'hold_lifted' as const })));
  return { students, rows: await noticesOf(students) };
}

describe('delivery worker', () => {
  it('mails a promotion once, plain text and HTML, with a link to its history event, and marks it sent', async () => {
    const section = await createSection(testDb, { capacity: 1 });
    await testDb.update(sections).set({ waitlistCapacity: 5 }).where(eq(sections.id, section.id));
    const [holder] = await fillSection(testDb, section.id, 1);
    const [waiter] = await createUsers(testDb, 1);
    expect((await joinWaitlist(waiter!.id, section.id, null, testDb)).ok).toBe(true);
    expect((await drop(holder!.id, section.id, testDb)).ok).toBe(true);

    await drain();
    const [notice] = await noticesOf([waiter!]);
    expect(notice!.sentAt).not.toBeNull();
    expect(notice!.attempts).toBe(1);
    const mail = sink.messages().find((m) => m.messageId === messageIdOf(notice!.idempotencyKey))!;
    expect(mail.to).toEqual([waiter!.email]);
    expect(mail.subject).toMatch(/^You have a seat in TEST /);
    expect(mail.text).toContain(`http://curriculab.test/history#event-${notice!.eventId}`);
    expect(mail.html).toContain(`href="http://curriculab.test/history#event-${notice!.eventId}"`);
    await drain();
    expect(sink.deliveries().get(mail.messageId)).toBe(1);
  });

  it('a worker killed between the send and the mark: the next one resends under the same key, the mailbox keeps one', async () => {
    const { rows } = await pendingNotices(1);
    const key = messageIdOf(rows[0]!.idempotencyKey);
    // A worker in its own process, SIGKILLed after the mail server accepted the notice and before the mark commits.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=react-server', CHILD, inject('databaseUrl'), sink.url],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => chunk.includes('sent') && resolve()));
    expect(sink.deliveries().get(key)).toBe(1);
    child.kill('SIGKILL');
    await exited;
    const [afterCrash] = await testDb.select().from(notifications).where(eq(notifications.id, rows[0]!.id));
    expect(afterCrash!.sentAt).toBeNull();

    await drain();
    const [afterRetry] = await testDb.select().from(notifications).where(eq(notifications.id, rows[0]!.id));
    expect(afterRetry!.sentAt).not.toBeNull();
    expect(sink.deliveries().get(key)).toBe(2);
    expect(sink.messages().filter((m) => m.messageId === key)).toHaveLength(1);
  });

  it('four workers racing over 200 notices never send the same row twice', async () => {
    const { rows } = await pendingNotices(200);
    await race(4, (db) => drain(db));
    const deliveries = sink.deliveries();
    const counts = rows.map((r) => deliveries.get(messageIdOf(r.idempotencyKey)) ?? 0);
    expect(counts.filter((c) => c !== 1)).toEqual([]);
    const marked = await testDb
      .select()
      .from(notifications)
      .where(
        inArray(
          notifications.id,
          rows.map((r) => r.id),
        ),
      );
    expect(marked.every((n) => n.sentAt !== null && n.attempts === 1)).toBe(true);
  });

  it('a refused mail is retried with backoff, given up after its attempts, shown to a registrar and retried by them', async () => {
    const [student] = await createUsers(testDb, 1, 'student', (i, tag) => `Bounce ${tag} ${i}`);
    await testDb.execute(sql`UPDATE users SET email = 'bounce-' || email WHERE id = ${student!.id}`);
    await testDb.insert(notifications).values({ studentId: student!.id, kind: 'hold_lifted' });

    await deliverDue(testDb, transport, { ...OPTIONS, maxAttempts: 2 });
    let [row] = await noticesOf([student!]);
    expect([row!.attempts, row!.sentAt, row!.failedAt]).toEqual([1, null, null]);
    expect(row!.lastError).toMatch(/550/);
    const wait = (row!.nextAttemptAt.getTime() - Date.now()) / 1000;
    expect(wait).toBeGreaterThan(retryDelaySeconds(1) - 5);
    expect(wait).toBeLessThanOrEqual(retryDelaySeconds(1) + 1);
    expect(retryDelaySeconds(2)).toBe(60);

    await testDb
      .update(notifications)
      .set({ nextAttemptAt: sql`now()` })
      .where(eq(notifications.id, row!.id));
    await deliverDue(testDb, transport, { ...OPTIONS, maxAttempts: 2 });
    [row] = await noticesOf([student!]);
    expect(row!.attempts).toBe(2);
    expect(row!.failedAt).not.toBeNull();
    const problems = await listDeliveryProblems(200, testDb);
    expect(problems.find((p) => p.id === row!.id)).toMatchObject({ attempts: 2, email: `bounce-${student!.email}` });

    expect(await retryDelivery(row!.id, testDb)).toBe(true);
    [row] = await noticesOf([student!]);
    expect([row!.failedAt, row!.sentAt]).toEqual([null, null]);
  });

  it('400 promotions, two workers: every one mailed once, none lost', async () => {
    const sectionsWithLines = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const section = await createSection(testDb, { capacity: 100 });
        await testDb.update(sections).set({ waitlistCapacity: 100 }).where(eq(sections.id, section.id));
        const holders = await fillSection(testDb, section.id, 100);
        const waiters = await createUsers(testDb, 100);
        for (const w of waiters) expect((await joinWaitlist(w.id, section.id, null, testDb)).ok).toBe(true);
        return { section, holders, waiters };
      }),
    );
    // Every holder leaves in one statement per section: 100 promotions in each transaction.
    for (const { section } of sectionsWithLines) {
      await testDb.delete(enrollments).where(eq(enrollments.sectionId, section.id));
    }
    const waiters = sectionsWithLines.flatMap((s) => s.waiters);
    const promoted = (await noticesOf(waiters)).filter((n) => n.kind === 'promoted');
    expect(promoted).toHaveLength(400);

    const transports = [smtpTransport(sink.url), smtpTransport(sink.url)];
    await race(2, (db, i) => drain(db, transports[i]));
    for (const t of transports) t.close();
    const deliveries = sink.deliveries();
    const byKey = new Map(sink.messages().map((m) => [m.messageId, m]));
    const emails = new Map(waiters.map((w) => [w.id, w.email]));
    for (const n of promoted) {
      expect(deliveries.get(messageIdOf(n.idempotencyKey))).toBe(1);
      expect(byKey.get(messageIdOf(n.idempotencyKey))!.to).toEqual([emails.get(n.studentId)]);
    }
    const sent = (await noticesOf(waiters)).filter((n) => n.sentAt !== null);
    expect(sent).toHaveLength(400);
  });
});
