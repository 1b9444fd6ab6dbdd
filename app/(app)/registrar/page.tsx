import type { Metadata } from 'next';
import Link from 'next/link';
import { TermSelect } from '@/app/_components/term-select';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { SeatsBar } from '@/app/_components/seats-bar';
import { listTermSections } from '@/db/queries/sections-admin';
import { listTerms } from '@/db/queries/terms';
import { requirePageRole } from '@/lib/authz';
import { formatMeeting, sectionLabel } from '@/lib/format';
import { termFromSearchParams } from '@/lib/term-param';

export const metadata: Metadata = { title: 'Sections' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function RegistrarPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageRole('registrar');
  const params = await searchParams;
  const [term, terms] = await Promise.all([termFromSearchParams(params), listTerms()]);
  const rows = term ? await listTermSections(term.id) : [];
  const full = rows.filter((s) => s.enrolledCount >= s.capacity).length;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-brand-900">Sections</h1>
          <p className="text-slate-600">
            {term
              ? `${term.name} · ${rows.length === 1 ? '1 section' : `${rows.length} sections`}, ${full} full`
              : 'No term has been set up yet.'}
          </p>
        </div>
        <Link
          href={term ? `/registrar/sections/new?term=${encodeURIComponent(term.code)}` : '/registrar/sections/new'}
          className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
        >
          New section
        </Link>
      </div>

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
        <DataTable
          caption={`All sections in ${term?.name ?? 'the term'}`}
          columns={['Section', 'Title', 'Instructor', 'Meets', 'Seats taken', { label: 'Actions', hidden: true }]}
        >
          {rows.map((s) => {
            const label = sectionLabel(s.course, s.code);
            return (
              <tr key={s.id} className="hover:bg-slate-50">
                <th scope="row" className="px-4 py-3 font-medium whitespace-nowrap">
                  <Link href={`/sections/${s.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                    {label}
                  </Link>
                </th>
                <td className="px-4 py-3">{s.course.title}</td>
                <td className="px-4 py-3">{s.instructor?.name ?? 'Staff'}</td>
                <td className="px-4 py-3 whitespace-nowrap">{formatMeeting(s.meetingDays, s.startTime, s.endTime)}</td>
                <td className="px-4 py-3">
                  <SeatsBar taken={s.enrolledCount} capacity={s.capacity} />
                </td>
                <td className="space-x-3 px-4 py-3 whitespace-nowrap">
                  <Link href={`/registrar/sections/${s.id}`} className="font-medium text-brand-700 underline">
                    Edit<span className="sr-only"> {label}</span>
                  </Link>
                  <Link href={`/sections/${s.id}/roster`} className="font-medium text-brand-700 underline">
                    Roster<span className="sr-only"> of {label}</span>
                  </Link>
                </td>
              </tr>
            );
          })}
        </DataTable>
      ) : term ? (
        <EmptyState>No sections in {term.name} yet.</EmptyState>
      ) : null}
    </div>
  );
}
