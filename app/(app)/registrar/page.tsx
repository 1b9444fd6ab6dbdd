import type { Metadata } from 'next';
import Link from 'next/link';
import { TermSelect } from '@/app/_components/term-select';
import { EmptyState } from '@/app/_components/data-table';
import { PageHeader } from '@/app/_components/page-header';
import { TermSectionsTable } from '@/app/_components/term-sections-table';
import { listTermSections } from '@/db/queries/sections';
import { listTerms } from '@/db/queries/terms';
import { requirePageRole } from '@/lib/web/authz';
import { termFromSearchParams, type SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Sections' };

export default async function RegistrarPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole('registrar');
  const params = await searchParams;
  const [term, terms] = await Promise.all([termFromSearchParams(params), listTerms()]);
  const rows = term ? await listTermSections(term.id) : [];
  const full = rows.filter((s) => s.enrolledCount >= s.capacity).length;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Sections"
        subtitle={
          term
            ? `${term.name} · ${rows.length === 1 ? '1 section' : `${rows.length} sections`}, ${full} full`
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

      {term && terms.length > 1 ? (
        <form action="/registrar" className="flex items-end gap-3">
          <TermSelect terms={terms} selected={term.code} />
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-100"
          >
            Show
          </button>
        </form>
      ) : null}

      {rows.length ? (
        <TermSectionsTable caption={`All sections in ${term?.name ?? 'the term'}`} rows={rows} view="registrar" />
      ) : term ? (
        <EmptyState>No sections in {term.name} yet.</EmptyState>
      ) : null}
    </div>
  );
}
