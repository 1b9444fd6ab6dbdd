import type { Metadata } from 'next';
import Link from 'next/link';
import { TermSelect } from '@/app/_components/term-select';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { PageHeader } from '@/app/_components/page-header';
import { LiveSeatsBar, LiveSeatsProvider } from '@/app/_components/live-seats';
import { PageLinks, listHref } from '@/app/_components/page-links';
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

      <form
        role="search"
        className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4"
        action="/sections"
      >
        <div className="min-w-60 flex-1">
          <label htmlFor="q" className="block text-sm font-medium text-slate-800">
            Search courses
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q}
            placeholder="Subject, number or title, e.g. CS 101 or Algorithms"
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        {terms.length > 1 ? (
          <TermSelect terms={terms} selected={term.code} />
        ) : (
          <input type="hidden" name="term" value={term.code} />
        )}
        <div className="flex items-center gap-2 pb-2">
          <input id="open" name="open" type="checkbox" value="1" defaultChecked={query.open} className="size-4" />
          <label htmlFor="open" className="text-sm text-slate-800">
            Only sections with open seats
          </label>
        </div>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700">
          Search
        </button>
      </form>

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
            columns={['Course', 'Title', 'Section', 'Instructor', 'Meets', 'Seats taken']}
          >
            {rows.map((s) => (
              <tr key={s.id} className="hover:bg-slate-50">
                <td className="px-4 py-3 font-medium whitespace-nowrap">
                  <Link href={`/sections/${s.id}`} prefetch={false} className="text-brand-700 underline-offset-2 hover:underline">
                    {sectionLabel(s.course, s.code)}
                  </Link>
                </td>
                <td className="px-4 py-3">{s.course.title}</td>
                <td className="px-4 py-3">{s.code}</td>
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
