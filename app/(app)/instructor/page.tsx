import type { Metadata } from 'next';
import { EmptyState } from '@/app/_components/data-table';
import { PageHeader, Summary } from '@/app/_components/page-header';
import { TermSectionsTable } from '@/app/_components/term-sections-table';
import { listTermSections } from '@/db/queries/sections';
import { requirePageRole } from '@/lib/web/authz';
import { termFromSearchParams, type SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'My sections' };

export default async function InstructorPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageRole('instructor');
  const term = await termFromSearchParams(await searchParams);
  if (!term) return <p className="text-slate-700">No term has been set up yet.</p>;
  const rows = await listTermSections(term.id, { instructorId: user.id });
  const students = rows.reduce((sum, s) => sum + s.enrolledCount, 0);

  return (
    <div className="space-y-6">
      <PageHeader
        title="My sections"
        subtitle={term.name}
        aside={
          <Summary>
            {rows.length === 1 ? '1 section' : `${rows.length} sections`} ·{' '}
            <span className="font-semibold tabular-nums">{students}</span> {students === 1 ? 'student' : 'students'}
          </Summary>
        }
      />
      {rows.length ? (
        <TermSectionsTable caption={`Sections you teach in ${term.name}`} rows={rows} view="instructor" />
      ) : (
        <EmptyState>You are not teaching any section in {term.name}.</EmptyState>
      )}
    </div>
  );
}
