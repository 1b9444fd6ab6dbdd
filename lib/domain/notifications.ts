import 'server-only';
import { listOptOuts, markRead, retryDelivery, setOptOuts } from '@/db/queries/notifications';
import { OPTIONAL_NOTICE_KINDS } from '@/lib/notifications/compose';
import type { Result } from '@/lib/outcomes';

type OptionalKind = (typeof OPTIONAL_NOTICE_KINDS)[number];

export async function markNoticesRead(studentId: number, noticeId: number | 'all'): Promise<Result<number>> {
  return { ok: true, value: await markRead(studentId, noticeId) };
}

/** Saves which optional notices the student still wants by e-mail (the rest become opt-outs). */
export async function saveNoticePreferences(studentId: number, mailed: OptionalKind[]): Promise<Result<OptionalKind[]>> {
  await setOptOuts(
    studentId,
    OPTIONAL_NOTICE_KINDS.filter((k) => !mailed.includes(k)),
  );
  return { ok: true, value: mailed };
}

export async function mailedNoticeKinds(studentId: number): Promise<OptionalKind[]> {
  const optedOut = await listOptOuts(studentId);
  return OPTIONAL_NOTICE_KINDS.filter((k) => !optedOut.includes(k));
}

export async function retryNotice(noticeId: number): Promise<Result<number, 'not_found'>> {
  return (await retryDelivery(noticeId)) ? { ok: true, value: noticeId } : { ok: false, reason: 'not_found' };
}
