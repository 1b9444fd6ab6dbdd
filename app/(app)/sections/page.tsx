import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { PageHeader } from '@/app/_components/page-header';
import { LiveSeatsBar, LiveSeatsProvider } from '@/app/_components/live-seats';
import { PageLinks, listHref } from '@/app/_components/page-links';
import { SectionSearch } from '@/app/_components/search-form';
import { listCatalog } from '@/db/queries/sections';
import { listTerms } from '@/db/queries/terms';
import { sectionLabel } from '@/lib/format';
import { formatMeetings } from '@/core/meetings';
import { termFromSearchParams, type SearchParams } from '@/lib/web/search-params';
import { catalogQuerySchema } from '@/lib/web/catalog-query';

export const metadata: Metadata = { title: 'Course catalog' };

export default async function CatalogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const query = catalogQuerySchema.parse(params);
  const [term, terms] = await Promise.all([termFromSearchParams(params), listTerms()]);
  if (!term) {
    return <p className="text-slate-700">No term has been set up yet.</p>;
  }
  const { rows, total, page, pages } = await listCatalog({
    termId: term.id,
    search: query.q,
    openOnly: query.open,
    page: query.page,
  });
  const pageHref = listHref('/sections', { term: term.code, q: query.q, open: query.open });

  return (
    <div className="space-y-6">
      <PageHeader title="Course catalog" subtitle={term.name} />

      <SectionSearch
        action="/sections"
        label="Search courses by subject, number or title"
        q={query.q}
        terms={terms}
        term={term.code}
        open={query.open}
      />

      <p className="text-sm text-slate-600" aria-live="polite">
        {total === 1 ? '1 section' : `${total} sections`}
        {query.q ? ` matching “${query.q}”` : ''}
        {query.open ? ' with open seats' : ''}
      </p>

      {rows.length ? (
        <LiveSeatsProvider
          sections={rows.map((s) => s.id)}
          labels={Object.fromEntries(rows.map((s) => [s.id, sectionLabel(s.course, s.code)]))}
        >
          <DataTable
            caption={`Sections in ${term.name}`}
            columns={['Course', 'Title', 'Section', 'Credits', 'Instructor', 'Meets', 'Seats taken']}
            stacked
          >
            {rows.map((s) => (
              <tr key={s.id} className={s.linkedSectionId ? 'bg-slate-50/60 hover:bg-slate-50' : 'hover:bg-slate-50'}>
                <td className={`px-4 py-3 font-medium whitespace-nowrap ${s.linkedSectionId ? 'pl-8' : ''}`}>
                  {/* A section taken with the lecture above it (docs/decisions/0022). */}
                  {s.linkedSectionId ? <span className="sr-only">Taken with the section above: </span> : null}
                  <Link href={`/sections/${s.id}`} prefetch={false} className="text-brand-700 underline-offset-2 hover:underline">
                    {sectionLabel(s.course, s.code)}
                  </Link>
                  {s.component !== 'LEC' ? <span className="ml-2 text-xs font-normal text-slate-600">{s.component}</span> : null}
                </td>
                <td className="px-4 py-3">
                  {s.course.title}
                  {s.sharedWith?.length ? (
                    <span className="block text-sm text-slate-600">shared with {s.sharedWith.join(', ')}</span>
                  ) : null}
                </td>
                <td className="px-4 py-3 max-sm:hidden!">{s.code}</td>
                <td className="px-4 py-3 tabular-nums">
                  {s.credits}
                  <span className="sm:hidden"> credits</span>
                </td>
                <td className="px-4 py-3">{s.instructor?.name ?? 'Staff'}</td>
                <td className="px-4 py-3 whitespace-nowrap">{formatMeetings(s.meetings)}</td>
                <td className="px-4 py-3">
                  <LiveSeatsBar id={s.id} taken={s.enrolledCount} capacity={s.capacity} />
                </td>
              </tr>
            ))}
          </DataTable>
        </LiveSeatsProvider>
      ) : (
        <EmptyState>No sections match. Try another search or clear the open-seats filter.</EmptyState>
      )}

      <PageLinks page={page} pages={pages} href={pageHref} />
    </div>
  );
}
