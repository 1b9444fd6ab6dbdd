import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/page-header';
import { listNotices } from '@/db/queries/notifications';
import { formatInstant } from '@/lib/format';
import { describeNotice, NOTICE_KIND_LABELS, noticeHref } from '@/lib/notifications/compose';
import { requirePageRole } from '@/lib/web/authz';
import { MarkAllReadForm } from './notice-forms';

export const metadata: Metadata = { title: 'Notices' };

/** A student's notices, newest first (docs/decisions/0026): what happened to them, each linked to its page. */
export default async function NotificationsPage() {
  const user = await requirePageRole('student');
  const notices = await listNotices(user.id);
  const unread = notices.filter((n) => n.readAt === null).length;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Notices"
        subtitle="Promotions, pass-overs, moved sections and the registrar's changes, newest first."
        aside={unread ? <MarkAllReadForm /> : null}
      />
      <p>
        <Link href="/notifications/preferences" className="text-brand-700 underline">
          Choose which notices are e-mailed
        </Link>
      </p>
      {notices.length ? (
        <ul aria-label="My notices" className="space-y-3">
          {notices.map((n) => {
            const { title, body } = describeNotice(n);
            return (
              <li
                key={n.id}
                className={`rounded-lg border p-4 ${n.readAt ? 'border-slate-200 bg-white' : 'border-brand-300 bg-brand-50'}`}
              >
                <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
                  {NOTICE_KIND_LABELS[n.kind]}
                  {n.readAt ? null : <span className="ml-2 text-brand-700">New</span>}
                </p>
                <h2 className="font-semibold text-slate-900">{title}</h2>
                <p className="text-slate-700">{body}</p>
                <p className="mt-1 text-sm text-slate-600">
                  <time dateTime={n.createdAt.toISOString()}>{formatInstant(n.createdAt)}</time>
                  {' · '}
                  <Link href={noticeHref(n)} className="text-brand-700 underline">
                    {n.eventId !== null ? 'See it in my history' : n.sectionId !== null ? 'See the section' : 'See my schedule'}
                  </Link>
                </p>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-slate-600">
          No notices yet. You will hear here, and by e-mail, when something happens to a seat of yours.
        </p>
      )}
    </div>
  );
}
