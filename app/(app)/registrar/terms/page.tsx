import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { PageHeader } from '@/app/_components/page-header';
import { listTermsWithCounts } from '@/db/queries/terms';
import { CAMPUS_TIME_ZONE, formatInstant } from '@/lib/format';
import { requirePageRole } from '@/lib/web/authz';
import { firstParam, type SearchParams } from '@/lib/web/search-params';
import { CopyTermForm, TermForm } from './term-forms';

export const metadata: Metadata = { title: 'Terms' };

export default async function TermsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole('registrar');
  const [terms, params] = await Promise.all([listTermsWithCounts(), searchParams]);
  const created = firstParam(params.created);
  return (
    <div className="space-y-8">
      <PageHeader
        title="Terms"
        subtitle="Registration dates, class dates, and a term’s sections copied into the next."
        aside={
          <Link
            href="/registrar/import"
            className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
          >
            Import a file
          </Link>
        }
      />
      {created ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-900">
          Term {created} created.
        </p>
      ) : null}
      {terms.length ? (
        <DataTable
          caption="Terms"
          columns={['Code', 'Name', 'Registration', 'Classes', 'Sections', { label: 'Actions', hidden: true }]}
          stacked
        >
          {terms.map((t) => (
            <tr key={t.id}>
              <td className="px-4 py-3 font-medium">{t.code}</td>
              <td className="px-4 py-3">{t.name}</td>
              <td className="px-4 py-3">
                {formatInstant(t.registrationOpensAt)} – {formatInstant(t.registrationClosesAt)}
              </td>
              <td className="px-4 py-3">{t.classesStartOn ? `${t.classesStartOn} – ${t.classesEndOn}` : 'Not set'}</td>
              <td className="px-4 py-3 tabular-nums">
                <Link href={`/registrar?term=${encodeURIComponent(t.code)}`} className="text-brand-700 hover:underline">
                  {t.sections}
                </Link>
              </td>
              <td className="px-4 py-3">
                <Link href={`/registrar/terms/${t.id}`} className="text-brand-700 hover:underline">
                  Edit<span className="sr-only"> {t.name}</span>
                </Link>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <EmptyState>No terms yet: create the first below.</EmptyState>
      )}
      <section aria-labelledby="copy-heading" className="space-y-3">
        <h2 id="copy-heading" className="text-lg font-semibold">
          Copy a term’s sections
        </h2>
        <CopyTermForm terms={terms.map((t) => ({ id: t.id, name: t.name }))} />
      </section>
      <section aria-labelledby="new-heading" className="space-y-3">
        <h2 id="new-heading" className="text-lg font-semibold">
          New term
        </h2>
        <TermForm zone={CAMPUS_TIME_ZONE} />
      </section>
    </div>
  );
}
