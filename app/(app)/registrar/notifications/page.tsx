import type { Metadata } from 'next';
import { DataTable } from '@/app/_components/data-table';
import { PageHeader } from '@/app/_components/page-header';
import { listDeliveryProblems } from '@/db/queries/notifications';
import { formatInstant } from '@/lib/format';
import { NOTICE_KIND_LABELS } from '@/lib/notifications/compose';
import { requirePageRole } from '@/lib/web/authz';
import { RetryNoticeForm } from './retry-form';

export const metadata: Metadata = { title: 'Notice delivery' };

/** E-mails the mail server refused (docs/decisions/0026): retrying with backoff, or given up after 8 attempts. */
export default async function NoticeDeliveryPage() {
  await requirePageRole('registrar');
  const problems = await listDeliveryProblems();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Notice delivery"
        subtitle="Notices whose e-mail failed. The worker retries with growing delays and gives up after 8 attempts."
      />
      {problems.length ? (
        <DataTable caption="Notices not delivered" columns={['Notice', 'Student', 'Attempts', 'Last error', 'Status', '']}>
          {problems.map((p) => (
            <tr key={p.id}>
              <td className="px-4 py-3">
                {NOTICE_KIND_LABELS[p.kind]}
                {p.section ? `: ${p.section}` : ''}
                <span className="block text-sm text-slate-600">
                  <time dateTime={p.createdAt.toISOString()}>{formatInstant(p.createdAt)}</time>
                </span>
              </td>
              <td className="px-4 py-3">{p.email}</td>
              <td className="px-4 py-3">{p.attempts}</td>
              <td className="px-4 py-3 text-sm break-all">{p.lastError}</td>
              <td className="px-4 py-3">
                {p.failedAt ? <>Given up {formatInstant(p.failedAt)}</> : <>Next try {formatInstant(p.nextAttemptAt)}</>}
              </td>
              <td className="px-4 py-3">
                {p.failedAt ? <RetryNoticeForm noticeId={p.id} label={`${NOTICE_KIND_LABELS[p.kind]} to ${p.email}`} /> : null}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p className="text-slate-600">Every notice has been delivered or is waiting for its first attempt.</p>
      )}
    </div>
  );
}
