import type { Metadata } from 'next';
import { HistoryTimeline } from '@/app/_components/history-timeline';
import { PageHeader } from '@/app/_components/page-header';
import { listHistory } from '@/db/queries/history';
import { requirePageRole } from '@/lib/web/authz';
import { historyFilterState } from '@/lib/web/history-filter';
import type { SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'My history' };

/** A student's own history (docs/decisions/0012): every seat and waitlist change, who made it and when. */
export default async function HistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageRole('student');
  const { parsed, state } = historyFilterState(await searchParams);
  const rows = parsed.ok ? await listHistory({ ...parsed.value, studentId: user.id }) : [];
  return (
    <div className="space-y-6">
      <PageHeader title="My history" subtitle="Every enrollment, drop, waitlist place and swap, newest first." />
      <HistoryTimeline rows={rows} reader="student" filter={state} caption="My enrollment history" />
    </div>
  );
}
