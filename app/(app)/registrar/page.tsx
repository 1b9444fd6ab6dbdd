import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/app/_components/data-table';
import { PageHeader } from '@/app/_components/page-header';
import { PageLinks, listHref } from '@/app/_components/page-links';
import { SectionSearch } from '@/app/_components/search-form';
import { TermSectionsTable } from '@/app/_components/term-sections-table';
import { countTermSections, listCatalog } from '@/db/queries/sections';
import { listTerms } from '@/db/queries/terms';
import { requirePageRole } from '@/lib/web/authz';
import { catalogQuerySchema } from '@/lib/web/catalog-query';
import { termFromSearchParams, type SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Sections' };

export default async function RegistrarPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole('registrar');
  const params = await searchParams;
  const [term, terms] = await Promise.all([termFromSearchParams(params), listTerms()]);
  const query = catalogQuerySchema.parse(params);
  // 5,000 sections in one table took seconds to render: one page at a time, searched in SQL (docs/decisions/0015).
  const [list, counts] = term
    ? await Promise.all([listCatalog({ termId: term.id, search: query.q, page: query.page }), countTermSections(term.id)])
    : [undefined, undefined];

  return (
    <div className="space-y-6">
      <PageHeader
        title="Sections"
        subtitle={
          term
            ? `${term.name} · ${counts?.total === 1 ? '1 section' : `${counts?.total ?? 0} sections`}, ${counts?.full ?? 0} full`
            : 'No term has been set up yet.'
        }
        aside={
          <Link
            href={term ? `/registrar/sections/new?term=${encodeURIComponent(term.code)}` : '/registrar/sections/new'}
            className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
          >
            New section
          </Link>
        }
      />

      {params.deleted ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-900">
          The section was deleted.
        </p>
      ) : null}

      {term ? <SectionSearch action="/registrar" label="Search sections" q={query.q} terms={terms} term={term.code} /> : null}

      {list?.rows.length ? (
        <>
          {query.q ? (
            <p className="text-sm text-slate-600" aria-live="polite">
              {list.total === 1 ? '1 section' : `${list.total} sections`} matching “{query.q}”
            </p>
          ) : null}
          <TermSectionsTable caption={`Sections in ${term?.name ?? 'the term'}`} rows={list.rows} view="registrar" />
          <PageLinks page={list.page} pages={list.pages} href={listHref('/registrar', { term: term!.code, q: query.q })} />
        </>
      ) : term ? (
        <EmptyState>
          {query.q ? `No sections in ${term.name} match “${query.q}”.` : `No sections in ${term.name} yet.`}
        </EmptyState>
      ) : null}
    </div>
  );
}
