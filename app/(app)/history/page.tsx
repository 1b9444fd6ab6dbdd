import type { Metadata } from 'next';
import { HistoryTimeline } from '@/app/_components/history-timeline';
import { PageHeader } from '@/app/_components/page-header';
import { listHistory } from '@/db/queries/history';
import { requirePageRole } from '@/lib/web/authz';
import { historyFilterState } from '@/lib/web/history-filter';
import Link from 'next/link';
import { TermPicker } from '@/app/_components/term-picker';
import { HISTORY_LIMIT } from '@/db/queries/history';
import { listTerms } from '@/db/queries/terms';
import { firstParam, termFromSearchParams, type SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'My history' };

/** A student's own history (docs/decisions/0012): every seat and waitlist change, who made it and when. */
export default async function HistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageRole('student');
  const params = await searchParams;
  const { parsed, state, query } = historyFilterState(params);
  const [term, terms] = await Promise.all([termFromSearchParams(params), listTerms()]);
  const before = Number(firstParam(params.before));
  const beforeId = Number.isSafeInteger(before) && before > 0 ? before : undefined;
  const rows = parsed.ok
    ? await listHistory({
        ...parsed.value,
        studentId: user.id,
        ...(term ? { termId: term.id } : {}),
        ...(beforeId ? { beforeId } : {}),
      })
    : [];
  const older =
    rows.length === HISTORY_LIMIT
      ? `/history${query || '?'}${query ? '&' : ''}${new URLSearchParams({ ...(term ? { term: term.code } : {}), before: String(rows.at(-1)!.id) })}`
      : null;
  return (
    <div className="space-y-6">
      <PageHeader title="My history" subtitle="Every enrollment, drop, waitlist place and swap, newest first." />
      {term ? <TermPicker action="/history" terms={terms} selected={term.code} /> : null}
      <HistoryTimeline rows={rows} reader="student" filter={state} caption="My enrollment history" />
      {older ? (
        <Link href={older} className="text-brand-700 underline">
          Older events
        </Link>
      ) : null}
    </div>
  );
}
