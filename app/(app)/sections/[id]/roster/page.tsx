import { describePassedOver } from '@/lib/domain/refusals';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ConflictBadge } from '@/app/_components/conflict-badge';
import { cache } from 'react';
import { forbidden, notFound } from 'next/navigation';
import { DataTable, EmptyState, type Column } from '@/app/_components/data-table';
import { LiveEnrolledCount, LiveSeatsBar, LiveSeatsProvider } from '@/app/_components/live-seats';
import { getRoster, parseRosterSort, type RosterEntry, type RosterSort } from '@/db/queries/rosters';
import { registrarLeaveMode } from '@/core/calendar';
import { mayReadRoster } from '@/lib/domain/rosters';
import { formatInstant, sectionLabel, statusLabel } from '@/lib/format';
import { formatMeetings } from '@/core/meetings';
import { parseId } from '@/lib/ids';
import { requirePageRole } from '@/lib/web/authz';
import { firstParam, type SearchParams } from '@/lib/web/search-params';
import { getWaitlistSummary, listSectionWaitlist } from '@/db/queries/waitlists';
import { RegistrarEnrollForm, RosterDropForm, RosterDropProvider } from './roster-override';
import { RosterWaitlist } from './roster-waitlist';
import { RosterGrades } from './roster-grades';
import { getSectionGrading } from '@/db/queries/grades';
import { GRADES } from '@/lib/web/grades-form';

type Params = Promise<{ id: string }>;

const rosterFor = cache(async (rawId: string, sort: RosterSort) => {
  const id = parseId(rawId);
  return id ? getRoster(id, sort) : undefined;
});

const sortFrom = (value: string | string[] | undefined) => parseRosterSort(firstParam(value));

// The section's label is public (catalog); the page below decides who sees the roster itself.
export async function generateMetadata({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<SearchParams>;
}): Promise<Metadata> {
  const roster = await rosterFor((await params).id, sortFrom((await searchParams).sort));
  return { title: roster ? `Roster: ${sectionLabel(roster.section.course, roster.section.code)}` : 'Roster' };
}

/** That section's instructor and registrars; a student or another instructor gets the 403 page. */
export default async function RosterPage({ params, searchParams }: { params: Params; searchParams: Promise<SearchParams> }) {
  const user = await requirePageRole('instructor', 'registrar');
  const sort = sortFrom((await searchParams).sort);
  const roster = await rosterFor((await params).id, sort);
  if (!roster) notFound();
  const { section, seated, withdrawn } = roster;
  if (!mayReadRoster(user, section)) forbidden();

  const label = sectionLabel(section.course, section.code);
  const isRegistrar = user.role === 'registrar';
  const dropMode = registrarLeaveMode(section.term.leaveMode);
  const csvHref = `/api/sections/${section.id}/roster.csv?sort=${sort}`;
  const [waitlist, waiting, grading] = await Promise.all([
    getWaitlistSummary(section.id),
    listSectionWaitlist(section.id),
    getSectionGrading(section.id),
  ]);
  const gradeOf = new Map(grading?.grades.map((g) => [g.studentId, g.grade]));

  const sortable = (by: RosterSort, label: string): Column => ({
    label,
    sortHref: `/sections/${section.id}/roster?sort=${by}`,
    sorted: sort === by,
  });
  const table = (entries: RosterEntry[], caption: string, withdrawnList: boolean) => (
    <DataTable
      caption={caption}
      columns={[
        sortable('name', 'Name'),
        'Email',
        'Status',
        sortable('time', 'Enrolled at'),
        ...(withdrawnList ? ['Withdrawn at'] : []),
        ...(isRegistrar && !withdrawnList ? [{ label: 'Actions', hidden: true } as const] : []),
      ]}
    >
      {entries.map((e) => (
        <tr key={e.studentId}>
          <th scope="row" className="px-4 py-3 font-medium">
            {isRegistrar ? (
              <>
                <Link href={`/registrar/students/${e.studentId}`} className="text-brand-700 underline-offset-2 hover:underline">
                  {e.name}
                </Link>{' '}
                <Link
                  href={`/registrar/students/${e.studentId}/history`}
                  className="ml-1 text-xs font-normal text-brand-700 underline"
                  aria-label={`History of ${e.name}`}
                >
                  history
                </Link>
              </>
            ) : (
              e.name
            )}
          </th>
          <td className="px-4 py-3">{e.email}</td>
          <td className="px-4 py-3">
            {statusLabel(e.status)}
            {e.setMates.length ? <span className="block text-xs text-slate-600">with {e.setMates.join(', ')}</span> : null}
            <ConflictBadge conflicts={e.conflicts} />
          </td>
          <td className="px-4 py-3 whitespace-nowrap">{formatInstant(e.enrolledAt)}</td>
          {withdrawnList ? <td className="px-4 py-3 whitespace-nowrap">{formatInstant(e.changedAt)}</td> : null}
          {isRegistrar && !withdrawnList ? (
            <td className="px-4 py-3">
              {e.status === 'enrolled' ? <RosterDropForm sectionId={section.id} student={e} mode={dropMode} /> : null}
            </td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );

  const seatHolders = (
    <section aria-labelledby="seated-heading" className="space-y-3">
      <h2 id="seated-heading" className="text-lg font-semibold text-slate-900">
        Students holding a seat ({seated.length})
      </h2>
      {seated.length ? (
        table(seated, `Students holding a seat in ${label}`, false)
      ) : (
        <EmptyState>No students are enrolled yet.</EmptyState>
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
        {isRegistrar ? (
          <Link href={`/registrar/sections/${section.id}/history`} className="text-brand-700 underline">
            Section history
          </Link>
        ) : null}
      </nav>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-brand-900">Roster: {label}</h1>
          <p className="mt-1 text-slate-600">
            {section.course.title} · {section.term.name} · {formatMeetings(section.meetings)}
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

      <LiveSeatsProvider sections={[section.id]} labels={{ [section.id]: label }}>
        <div className="flex flex-wrap items-center gap-6 rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-slate-800">
            <LiveEnrolledCount id={section.id} taken={section.enrolledCount} capacity={section.capacity} />
          </p>
          <LiveSeatsBar id={section.id} taken={section.enrolledCount} capacity={section.capacity} />
          {withdrawn.length ? <p className="text-sm text-slate-600">{withdrawn.length} withdrawn</p> : null}
        </div>
      </LiveSeatsProvider>

      {isRegistrar ? <RosterDropProvider>{seatHolders}</RosterDropProvider> : seatHolders}

      {withdrawn.length ? (
        <section aria-labelledby="withdrawn-heading" className="space-y-3">
          <h2 id="withdrawn-heading" className="text-lg font-semibold text-slate-900">
            Withdrawn ({withdrawn.length})
          </h2>
          {table(withdrawn, `Students who withdrew from ${label}`, true)}
        </section>
      ) : null}

      {waitlist && (waitlist.capacity > 0 || waiting.length) ? (
        <RosterWaitlist
          sectionId={section.id}
          capacity={waitlist.capacity}
          entries={waiting.map((e) => ({
            ...e,
            passedOver: e.passedOverReason ? describePassedOver(e.passedOverReason, e.passedOverDetail, 'registrar') : null,
          }))}
          canRemove={isRegistrar}
        />
      ) : null}

      {seated.length && grading ? (
        <RosterGrades
          sectionId={section.id}
          students={seated.map((e) => ({ studentId: e.studentId, name: e.name, grade: gradeOf.get(e.studentId) ?? null }))}
          grades={GRADES}
          openNote={
            grading.open
              ? null
              : `Final grades can be recorded once classes end${grading.classesEndOn ? ` on ${grading.classesEndOn}` : ''}.`
          }
        />
      ) : null}

      {isRegistrar ? <RegistrarEnrollForm sectionId={section.id} /> : null}
    </div>
  );
}
