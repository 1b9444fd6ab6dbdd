import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { SeatsBar } from '@/app/_components/seats-bar';
import { listTermSections } from '@/db/queries/sections-admin';
import { requirePageRole } from '@/lib/authz';
import { formatMeeting, sectionLabel } from '@/lib/format';
import { termFromSearchParams } from '@/lib/term-param';

export const metadata: Metadata = { title: 'My sections' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function InstructorPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageRole('instructor');
  const term = await termFromSearchParams(await searchParams);
  if (!term) return <p className="text-slate-700">No term has been set up yet.</p>;
  const rows = await listTermSections(term.id, { instructorId: user.id });
  const students = rows.reduce((sum, s) => sum + s.enrolledCount, 0);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-brand-900">My sections</h1>
          <p className="text-slate-600">{term.name}</p>
        </div>
        <p className="rounded-lg bg-brand-50 px-4 py-2 text-brand-900">
          {rows.length === 1 ? '1 section' : `${rows.length} sections`} ·{' '}
          <span className="font-semibold tabular-nums">{students}</span> {students === 1 ? 'student' : 'students'}
        </p>
      </div>
      {rows.length ? (
        <DataTable
          caption={`Sections you teach in ${term.name}`}
          columns={['Section', 'Title', 'Meets', 'Location', 'Seats taken', { label: 'Roster', hidden: true }]}
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
                <td className="px-4 py-3 whitespace-nowrap">{formatMeeting(s.meetingDays, s.startTime, s.endTime)}</td>
                <td className="px-4 py-3">{s.location || 'TBA'}</td>
                <td className="px-4 py-3">
                  <SeatsBar taken={s.enrolledCount} capacity={s.capacity} />
                </td>
                <td className="px-4 py-3 whitespace-nowrap">
                  <Link href={`/sections/${s.id}/roster`} className="font-medium text-brand-700 underline">
                    Roster<span className="sr-only"> of {label}</span>
                  </Link>
                </td>
              </tr>
            );
          })}
        </DataTable>
      ) : (
        <EmptyState>You are not teaching any section in {term.name}.</EmptyState>
      )}
    </div>
  );
}
