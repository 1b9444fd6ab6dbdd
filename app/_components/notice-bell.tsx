import Link from 'next/link';
import { countUnread } from '@/db/queries/notifications';

/** The header's bell: the student's unread notices, linking to them (docs/decisions/0026). */
export async function NoticeBell({ studentId }: { studentId: number }) {
  const unread = await countUnread(studentId);
  const label = unread ? `Notices, ${unread} unread` : 'Notices, none unread';
  return (
    <Link
      href="/notifications"
      aria-label={label}
      className="relative inline-flex items-center rounded px-1 text-slate-700 hover:text-brand-700"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {unread ? (
        <span data-testid="notice-count" className="ml-1 rounded-full bg-rose-700 px-1.5 text-xs font-semibold text-white">
          {unread}
        </span>
      ) : null}
    </Link>
  );
}
