import type { Metadata } from 'next';
import Link from 'next/link';
import { cache } from 'react';
import { forbidden, notFound } from 'next/navigation';
import { SeatsBar } from '@/app/_components/seats-bar';
import { getRoster, ROSTER_SORTS, type RosterEntry, type RosterSort } from '@/db/queries/roster';
import { requirePageRole } from '@/lib/authz';
import { formatInstant, formatMeeting, sectionLabel } from '@/lib/format';
import { parseId } from '@/lib/ids';
import { mayReadRoster } from '@/lib/roster-access';
import { RegistrarEnrollForm, RosterDropForm, RosterDropProvider } from './roster-override';

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const STATUS_LABEL = { enrolled: 'Enrolled', withdrawn: 'Withdrawn', completed: 'Completed' } as const;

const rosterFor = cache(async (rawId: string, sort: RosterSort) => {
  const id = parseId(rawId);
  return id ? getRoster(id, sort) : undefined;
});

function sortFrom(value: string | string[] | undefined): RosterSort {
  const first = Array.isArray(value) ? value[0] : value;
  return (ROSTER_SORTS as readonly string[]).includes(first ?? '') ? (first as RosterSort) : 'name';
}

// The section's label is public (catalog); the page below decides who sees the roster itself.
export async function generateMetadata({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}): Promise<Metadata> {
  const roster = await rosterFor((await params).id, sortFrom((await searchParams).sort));
  return { title: roster ? `Roster: ${sectionLabel(roster.section.course, roster.section.code)}` : 'Roster' };
}

/** That section's instructor and registrars; a student or another instructor gets the 403 page. */
export default async function RosterPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const user = await requirePageRole('instructor', 'registrar');
  const sort = sortFrom((await searchParams).sort);
  const roster = await rosterFor((await params).id, sort);
  if (!roster) notFound();
  const { section, seated, withdrawn } = roster;
  if (!mayReadRoster(user, section)) forbidden();

  const label = sectionLabel(section.course, section.code);
  const isRegistrar = user.role === 'registrar';
  const dropMode = new Date() < section.term.dropDeadline ? 'drop' : 'withdraw';
  const csvHref = `/api/sections/${section.id}/roster.csv?sort=${sort}`;

  const table = (entries: RosterEntry[], caption: string, withdrawnList: boolean) => (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <SortHeader sort={sort} by="name" sectionId={section.id} label="Name" />
            <th scope="col" className="px-4 py-3 font-semibold">
              Email
            </th>
            <th scope="col" className="px-4 py-3 font-semibold">
              Status
            </th>
            <SortHeader sort={sort} by="time" sectionId={section.id} label="Enrolled at" />
            {withdrawnList ? (
              <th scope="col" className="px-4 py-3 font-semibold">
                Withdrawn at
              </th>
            ) : null}
            {isRegistrar && !withdrawnList ? (
              <th scope="col" className="px-4 py-3 font-semibold">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((e) => (
            <tr key={e.studentId}>
              <th scope="row" className="px-4 py-3 font-medium">
                {e.name}
              </th>
              <td className="px-4 py-3">{e.email}</td>
              <td className="px-4 py-3">{STATUS_LABEL[e.status]}</td>
              <td className="px-4 py-3 whitespace-nowrap">{formatInstant(e.enrolledAt)}</td>
              {withdrawnList ? <td className="px-4 py-3 whitespace-nowrap">{formatInstant(e.changedAt)}</td> : null}
              {isRegistrar && !withdrawnList ? (
                <td className="px-4 py-3">
                  {e.status === 'enrolled' ? <RosterDropForm sectionId={section.id} student={e} mode={dropMode} /> : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  const seatHolders = (
    <section aria-labelledby="seated-heading" className="space-y-3">
      <h2 id="seated-heading" className="text-lg font-semibold text-slate-900">
        Students holding a seat ({seated.length})
      </h2>
      {seated.length ? (
        table(seated, `Students holding a seat in ${label}`, false)
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          No students are enrolled yet.
        </p>
      )}
    </section>
  );

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="flex gap-4 text-sm">
        <Link href={isRegistrar ? '/registrar' : '/instructor'} className="text-brand-700 underline">
          {isRegistrar ? 'All sections' : 'My sections'}
        </Link>
        <Link href={`/sections/${section.id}`} className="text-brand-700 underline">
          Section details
        </Link>
      </nav>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-brand-900">Roster: {label}</h1>
          <p className="mt-1 text-slate-600">
            {section.course.title} · {section.term.name} ·{' '}
            {formatMeeting(section.meetingDays, section.startTime, section.endTime)}
            {section.location ? ` · ${section.location}` : ''}
          </p>
        </div>
        <a
          href={csvHref}
          download
          className="rounded-md border border-brand-600 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50"
        >
          Download CSV
        </a>
      </div>

      <div className="flex flex-wrap items-center gap-6 rounded-lg border border-slate-200 bg-white p-4">
        <p className="text-slate-800">
          <span className="text-2xl font-semibold tabular-nums">{section.enrolledCount}</span> enrolled of {section.capacity}{' '}
          seats
        </p>
        <SeatsBar taken={section.enrolledCount} capacity={section.capacity} />
        {withdrawn.length ? <p className="text-sm text-slate-600">{withdrawn.length} withdrawn</p> : null}
      </div>

      {isRegistrar ? <RosterDropProvider>{seatHolders}</RosterDropProvider> : seatHolders}

      {withdrawn.length ? (
        <section aria-labelledby="withdrawn-heading" className="space-y-3">
          <h2 id="withdrawn-heading" className="text-lg font-semibold text-slate-900">
            Withdrawn ({withdrawn.length})
          </h2>
          {table(withdrawn, `Students who withdrew from ${label}`, true)}
        </section>
      ) : null}

      {isRegistrar ? <RegistrarEnrollForm sectionId={section.id} /> : null}
    </div>
  );
}

function SortHeader({ sort, by, sectionId, label }: { sort: RosterSort; by: RosterSort; sectionId: number; label: string }) {
  const active = sort === by;
  return (
    <th scope="col" aria-sort={active ? 'ascending' : undefined} className="px-4 py-3 font-semibold">
      <Link href={`/sections/${sectionId}/roster?sort=${by}`} className="text-slate-800 underline-offset-2 hover:underline">
        {label}
        {active ? <span aria-hidden="true"> ↑</span> : null}
        {active ? null : <span className="sr-only"> (sort by {label.toLowerCase()})</span>}
      </Link>
    </th>
  );
}
