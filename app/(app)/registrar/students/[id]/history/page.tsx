import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FormMessage } from '@/app/_components/form-message';
import { HistoryTimeline } from '@/app/_components/history-timeline';
import { PageHeader } from '@/app/_components/page-header';
import { listHistory } from '@/db/queries/history';
import { findStudent } from '@/db/queries/users';
import { parseId } from '@/lib/ids';
import { requirePageRole } from '@/lib/web/authz';
import { historyFilterState } from '@/lib/web/history-filter';
import type { SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Student history' };

/** A registrar's timeline of one student (docs/decisions/0012), filterable, with its CSV. */
export default async function StudentHistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  await requirePageRole('registrar');
  const id = parseId((await params).id);
  const student = id ? await findStudent(id) : undefined;
  if (!student) notFound();
  const { parsed, state, query } = historyFilterState(await searchParams);
  const rows = parsed.ok ? await listHistory({ ...parsed.value, studentId: student.id }) : [];
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/registrar/students/${student.id}`} className="text-brand-700 underline">
          {student.name}
        </Link>
      </nav>
      <PageHeader title={`History of ${student.name}`} subtitle={student.email} />
      <FormMessage state={state} />
      <HistoryTimeline
        rows={rows}
        reader="registrar"
        filter={state}
        caption={`Enrollment history of ${student.name}`}
        csvHref={`/api/students/${student.id}/history.csv${query}`}
      />
    </div>
  );
}
