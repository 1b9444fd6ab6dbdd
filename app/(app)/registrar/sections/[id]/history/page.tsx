import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FormMessage } from '@/app/_components/form-message';
import { HistoryTimeline } from '@/app/_components/history-timeline';
import { PageHeader } from '@/app/_components/page-header';
import { listHistory } from '@/db/queries/history';
import { getSectionDetail } from '@/db/queries/sections';
import { sectionLabel } from '@/lib/format';
import { parseId } from '@/lib/ids';
import { requirePageRole } from '@/lib/web/authz';
import { historyFilterState } from '@/lib/web/history-filter';
import type { SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Section history' };

/** A registrar's timeline of one section (docs/decisions/0012): who enrolled, left, waited and was promoted. */
export default async function SectionHistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  await requirePageRole('registrar');
  const id = parseId((await params).id);
  const section = id ? await getSectionDetail(id) : undefined;
  if (!section) notFound();
  const label = sectionLabel(section.course, section.code);
  const { parsed, state, query } = historyFilterState(await searchParams);
  const rows = parsed.ok ? await listHistory({ ...parsed.value, sectionId: section.id }) : [];
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/sections/${section.id}/roster`} className="text-brand-700 underline">
          Roster of {label}
        </Link>
      </nav>
      <PageHeader title={`History of ${label}`} subtitle={section.course.title} />
      <FormMessage state={state} />
      <HistoryTimeline
        rows={rows}
        reader="registrar"
        filter={state}
        caption={`Enrollment history of ${label}`}
        csvHref={`/api/sections/${section.id}/history.csv${query}`}
        showStudent
      />
    </div>
  );
}
