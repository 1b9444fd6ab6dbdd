import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { listSchedule } from '@/db/queries/schedule';
import { currentTerm } from '@/db/queries/terms';
import { SEAT_HOLDING_STATUSES } from '@/db/schema';
import { requirePageRole } from '@/lib/authz';
import { formatMeeting, sectionLabel } from '@/lib/format';
import { leaveMode } from '@/lib/registration-rules';
import { ScheduleLeaveForm, ScheduleLeaveProvider } from './schedule-leave-form';

export const metadata: Metadata = { title: 'My schedule' };

const STATUS_LABEL = { enrolled: 'Enrolled', withdrawn: 'Withdrawn', completed: 'Completed' } as const;

export default async function SchedulePage() {
  const user = await requirePageRole('student');
  const term = await currentTerm();
  if (!term) return <p className="text-slate-700">No term has been set up yet.</p>;
  const entries = await listSchedule(user.id, term.id);
  const holding = entries.filter((e) => (SEAT_HOLDING_STATUSES as readonly string[]).includes(e.status));
  const credits = holding.reduce((sum, e) => sum + e.course.credits, 0);
  const mode = leaveMode(term);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-brand-900">My schedule</h1>
          <p className="text-slate-600">{term.name}</p>
        </div>
        <p className="rounded-lg bg-brand-50 px-4 py-2 text-brand-900">
          <span className="text-2xl font-semibold tabular-nums">{credits}</span> total credits ·{' '}
          {holding.length === 1 ? '1 section' : `${holding.length} sections`}
        </p>
      </div>

      <ScheduleLeaveProvider>
        {entries.length ? (
          <DataTable
            caption={`Your sections in ${term.name}`}
            columns={['Course', 'Title', 'Meets', 'Location', 'Credits', 'Status', { label: 'Actions', hidden: true }]}
          >
            {entries.map((e) => {
              const label = sectionLabel(e.course, e.section.code);
              return (
                <tr key={e.enrollmentId} className={e.status === 'withdrawn' ? 'text-slate-500' : undefined}>
                  <td className="px-4 py-3 font-medium whitespace-nowrap">
                    <Link href={`/sections/${e.section.id}`} className="text-brand-700 hover:underline">
                      {label}
                    </Link>
                  </td>
                  <td className="px-4 py-3">{e.course.title}</td>
                  <td className="px-4 py-3 whitespace-nowrap">
                    {formatMeeting(e.section.meetingDays, e.section.startTime, e.section.endTime)}
                  </td>
                  <td className="px-4 py-3">{e.section.location || 'TBA'}</td>
                  <td className="px-4 py-3 tabular-nums">{e.course.credits}</td>
                  <td className="px-4 py-3">{STATUS_LABEL[e.status]}</td>
                  <td className="px-4 py-3">
                    {e.status === 'enrolled' && mode !== 'none' ? (
                      <ScheduleLeaveForm sectionId={e.section.id} label={label} mode={mode} />
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
      {mode === 'none' && entries.length ? (
        <p className="text-sm text-slate-600">The withdrawal deadline for {term.name} has passed.</p>
      ) : null}
    </div>
  );
}
