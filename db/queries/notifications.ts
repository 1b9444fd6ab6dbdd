import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '../index';
import type { Executor } from '../executor';
import { notificationOptOuts, notifications, type NotificationKind } from '../schema';

/** One notice with the names its sentence needs (the page and the mail read the same row). */
export interface NoticeRow {
  id: number;
  kind: NotificationKind;
  sectionId: number | null;
  section: string | null;
  fromSection: string | null;
  eventId: number | null;
  detail: Record<string, unknown> | null;
  createdAt: Date;
  readAt: Date | null;
  sentAt: Date | null;
}

/** A notice the worker has claimed: the row lock is held until its transaction ends (docs/decisions/0026). */
export interface Delivery extends NoticeRow {
  idempotencyKey: string;
  attempts: number;
  email: string;
  name: string;
}

const NOTICE_COLUMNS = sql`n.id::text AS id, n.kind, n.section_id, n.event_id::text AS event_id, n.detail, n.created_at,
  n.read_at, n.sent_at,
  CASE WHEN n.section_id IS NOT NULL THEN section_label(n.section_id) END AS section,
  CASE WHEN n.detail ? 'fromSectionId' THEN section_label((n.detail->>'fromSectionId')::integer) END AS from_section`;

function toNotice(r: Record<string, unknown>): NoticeRow {
  return {
    id: Number(r.id),
    kind: r.kind as NotificationKind,
    sectionId: (r.section_id as number | null) ?? null,
    section: (r.section as string | null) ?? null,
    fromSection: (r.from_section as string | null) ?? null,
    eventId: r.event_id === null ? null : Number(r.event_id),
    detail: (r.detail as Record<string, unknown> | null) ?? null,
    createdAt: new Date(r.created_at as string),
    readAt: r.read_at ? new Date(r.read_at as string) : null,
    sentAt: r.sent_at ? new Date(r.sent_at as string) : null,
  };
}

/**
 * Claims up to `limit` notices due for mail, oldest first. FOR UPDATE SKIP LOCKED: a second worker (another app
 * server) takes the next rows instead of waiting, so no two workers hold the same row at once.
 */
export async function claimDeliveries(tx: Executor, limit: number): Promise<Delivery[]> {
  const rows = await tx.execute<Record<string, unknown>>(sql`
    SELECT ${NOTICE_COLUMNS}, n.idempotency_key, n.attempts, u.email, u.name
      FROM notifications n JOIN users u ON u.id = n.student_id
     WHERE n.mail AND n.sent_at IS NULL AND n.failed_at IS NULL AND n.next_attempt_at <= now()
     ORDER BY n.next_attempt_at, n.id
     LIMIT ${limit}
       FOR UPDATE OF n SKIP LOCKED`);
  return rows.map((r) => ({
    ...toNotice(r),
    idempotencyKey: r.idempotency_key as string,
    attempts: r.attempts as number,
    email: r.email as string,
    name: r.name as string,
  }));
}

export async function markSent(tx: Executor, ids: number[]) {
  if (!ids.length) return;
  await tx
    .update(notifications)
    .set({ sentAt: sql`now()`, attempts: sql`${notifications.attempts} + 1`, lastError: null })
    .where(inArray(notifications.id, ids));
}

/** A failed attempt: retried after `retryInSeconds`, or given up (failed_at) when that is null. */
export async function markAttemptFailed(tx: Executor, id: number, error: string, retryInSeconds: number | null) {
  await tx
    .update(notifications)
    .set({
      attempts: sql`${notifications.attempts} + 1`,
      lastError: error.slice(0, 500),
      nextAttemptAt:
        retryInSeconds === null ? sql`${notifications.nextAttemptAt}` : sql`now() + make_interval(secs => ${retryInSeconds})`,
      failedAt: retryInSeconds === null ? sql`now()` : null,
    })
    .where(eq(notifications.id, id));
}

/** The notices a page shows, newest first. */
export async function listNotices(studentId: number, limit = 100, database: Executor = db()): Promise<NoticeRow[]> {
  const rows = await database.execute<Record<string, unknown>>(sql`
    SELECT ${NOTICE_COLUMNS} FROM notifications n WHERE n.student_id = ${studentId} ORDER BY n.id DESC LIMIT ${limit}`);
  return rows.map(toNotice);
}

export async function countUnread(studentId: number, database: Executor = db()): Promise<number> {
  const [row] = await database
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.studentId, studentId), isNull(notifications.readAt)));
  return row?.count ?? 0;
}

/** Marks the student's notices read (one, or all); another student's id changes nothing. */
export async function markRead(studentId: number, noticeId: number | 'all', database: Executor = db()) {
  const mine = and(eq(notifications.studentId, studentId), isNull(notifications.readAt));
  const changed = await database
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(noticeId === 'all' ? mine : and(mine, eq(notifications.id, noticeId)))
    .returning({ id: notifications.id });
  return changed.length;
}

export async function listOptOuts(studentId: number, database: Executor = db()): Promise<NotificationKind[]> {
  const rows = await database
    .select({ kind: notificationOptOuts.kind })
    .from(notificationOptOuts)
    .where(eq(notificationOptOuts.studentId, studentId));
  return rows.map((r) => r.kind);
}

/** Replaces the student's opt-outs (the database refuses an essential kind: notification_opt_outs_non_essential). */
export async function setOptOuts(studentId: number, kinds: readonly NotificationKind[], database: Executor = db()) {
  await database.transaction(async (tx) => {
    await tx.delete(notificationOptOuts).where(eq(notificationOptOuts.studentId, studentId));
    if (kinds.length) await tx.insert(notificationOptOuts).values(kinds.map((kind) => ({ studentId, kind })));
  });
}

export interface DeliveryProblem {
  id: number;
  kind: NotificationKind;
  studentId: number;
  email: string;
  section: string | null;
  createdAt: Date;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  failedAt: Date | null;
}

/** Mail not delivered yet after at least one failed attempt, given up first (the registrar's delivery page). */
export async function listDeliveryProblems(limit = 200, database: Executor = db()): Promise<DeliveryProblem[]> {
  const rows = await database.execute<Record<string, unknown>>(sql`
    SELECT n.id::text AS id, n.kind, n.student_id, u.email, n.created_at, n.attempts, n.last_error, n.next_attempt_at,
           n.failed_at, CASE WHEN n.section_id IS NOT NULL THEN section_label(n.section_id) END AS section
      FROM notifications n JOIN users u ON u.id = n.student_id
     WHERE n.mail AND n.sent_at IS NULL AND n.last_error IS NOT NULL
     ORDER BY n.failed_at DESC NULLS LAST, n.id DESC
     LIMIT ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind as NotificationKind,
    studentId: r.student_id as number,
    email: r.email as string,
    section: (r.section as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
    attempts: r.attempts as number,
    lastError: (r.last_error as string | null) ?? null,
    nextAttemptAt: new Date(r.next_attempt_at as string),
    failedAt: r.failed_at ? new Date(r.failed_at as string) : null,
  }));
}

/** A registrar sends a given-up notice again: due now, with the same idempotency key. */
export async function retryDelivery(id: number, database: Executor = db()) {
  const changed = await database
    .update(notifications)
    .set({ failedAt: null, nextAttemptAt: sql`now()` })
    .where(and(eq(notifications.id, id), isNull(notifications.sentAt)))
    .returning({ id: notifications.id });
  return changed.length > 0;
}
