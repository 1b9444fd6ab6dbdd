import { describePassedOver } from '@/lib/domain/refusals';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ConflictBadge } from '@/app/_components/conflict-badge';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { PageHeader, Summary } from '@/app/_components/page-header';
import { WeekCalendar } from '@/app/_components/week-calendar';
import { listStudentSchedule } from '@/db/queries/enrollments';
import { TermPicker } from '@/app/_components/term-picker';
import { listTerms } from '@/db/queries/terms';
import { termFromSearchParams, type SearchParams } from '@/lib/web/search-params';
import { listStudentWaitlists } from '@/db/queries/waitlists';
import { getAppointment } from '@/db/queries/priority';
import { appointmentNotice } from '@/app/_components/priority-facts';
import { holdsSeat } from '@/db/schema';
import { requirePageRole } from '@/lib/web/authz';
import { sectionLabel, statusLabel } from '@/lib/format';
import { formatMeetings } from '@/core/meetings';
import { ScheduleLeaveForm, ScheduleLeaveProvider } from './schedule-leave-form';
import { ScheduleWaitlists } from './schedule-waitlists';

export const metadata: Metadata = { title: 'My schedule' };

export default async function SchedulePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageRole('student');
  const [term, terms] = await Promise.all([termFromSearchParams(await searchParams), listTerms()]);
  if (!term) return <p className="text-slate-700">No term has been set up yet.</p>;
  const entries = await listStudentSchedule(user.id, term.id);
  const holding = entries.filter((e) => holdsSeat(e.status));
  // Sections' own credits (a 0-credit lab, a 1.5-credit course), summed in tenths so 0.1 + 0.2 stays 0.3.
  const credits = holding.reduce((sum, e) => sum + Math.round(e.section.credits * 10), 0) / 10;
  const mode = term.leaveMode;
  const [waitlists, appointment] = await Promise.all([listStudentWaitlists(user.id, term.id), getAppointment(user.id, term.id)]);

  return (
    <div className="space-y-6">
      <PageHeader
        title="My schedule"
        subtitle={term.name}
        aside={
          <Summary>
            <span className="text-2xl font-semibold tabular-nums">{credits}</span> total credits ·{' '}
            {holding.length === 1 ? '1 section' : `${holding.length} sections`}
          </Summary>
        }
      />

      {appointment && !appointment.reached ? (
        <p className="rounded-lg bg-brand-50 px-4 py-3 text-brand-900">{appointmentNotice(appointment.opensAt)}.</p>
      ) : null}
      <TermPicker action="/schedule" terms={terms} selected={term.code} />

      {holding.length ? (
        <WeekCalendar
          caption={`Your week in ${term.name}`}
          classes={{ startsOn: term.classesStartOn, endsOn: term.classesEndOn }}
          entries={holding.map((e) => ({
            key: e.enrollmentId,
            label: sectionLabel(e.course, e.section.code),
            title: e.course.title,
            href: `/sections/${e.section.id}`,
            meetings: e.section.meetings,
          }))}
        />
      ) : null}

      <ScheduleLeaveProvider>
        {entries.length ? (
          <DataTable
            caption={`Your sections in ${term.name}`}
            columns={['Course', 'Title', 'Meets', 'Location', 'Credits', 'Status', { label: 'Actions', hidden: true }]}
            stacked
          >
            {entries.map((e) => {
              const label = sectionLabel(e.course, e.section.code);
              // A set's member names the section it is taken with (docs/decisions/0022).
              const partOf = entries.find((o) => o.section.id === e.section.linkedSectionId);
              const setMates = entries.filter(
                (o) =>
                  o.status === 'enrolled' &&
                  o.section.id !== e.section.id &&
                  (o.section.id === e.section.linkedSectionId ||
                    o.section.linkedSectionId === e.section.id ||
                    (e.section.linkedSectionId !== null && o.section.linkedSectionId === e.section.linkedSectionId)),
              );
              const leaving = setMates.length
                ? `${[e, ...setMates].map((o) => sectionLabel(o.course, o.section.code)).join(' and ')} (the whole set)`
                : label;
              return (
                <tr key={e.enrollmentId} className={e.status === 'withdrawn' ? 'text-slate-500' : undefined}>
                  <td className="px-4 py-3 font-medium whitespace-nowrap">
                    <Link href={`/sections/${e.section.id}`} className="text-brand-700 hover:underline">
                      {label}
                    </Link>
                    {partOf ? (
                      <span className="block text-xs font-normal text-slate-600">
                        {e.section.component} with {sectionLabel(partOf.course, partOf.section.code)}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-3">{e.course.title}</td>
                  <td className="px-4 py-3 whitespace-nowrap">{formatMeetings(e.section.meetings)}</td>
                  <td className="px-4 py-3">{e.section.location || 'TBA'}</td>
                  <td className="px-4 py-3 tabular-nums">
                    {e.section.credits}
                    <span className="sm:hidden"> credits</span>
                  </td>
                  <td className="px-4 py-3">
                    {statusLabel(e.status)}
                    <ConflictBadge conflicts={e.conflicts} />
                  </td>
                  <td className="px-4 py-3">
                    {e.status === 'enrolled' && mode !== 'none' ? (
                      <ScheduleLeaveForm sectionId={e.section.id} label={leaving} mode={mode} />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        ) : (
          <EmptyState>
            You are not enrolled in any section this term.{' '}
            <Link href="/sections" className="font-medium text-brand-700 underline">
              Browse the catalog
            </Link>
          </EmptyState>
        )}
      </ScheduleLeaveProvider>
      <ScheduleWaitlists
        waitlists={waitlists.map((w) => {
          const from = entries.find((e) => e.section.id === w.swapFromSectionId);
          return {
            ...w,
            label: sectionLabel(w.course, w.code),
            swapFromLabel: from && sectionLabel(from.course, from.section.code),
            passedOver: w.passedOverReason ? describePassedOver(w.passedOverReason, w.passedOverDetail) : null,
          };
        })}
        held={holding
          .filter((e) => e.status === 'enrolled')
          .map((e) => ({ sectionId: e.section.id, label: sectionLabel(e.course, e.section.code), title: e.course.title }))}
      />
      {mode === 'none' && entries.length ? (
        <p className="text-sm text-slate-600">The withdrawal deadline for {term.name} has passed.</p>
      ) : null}
    </div>
  );
}
