import Link from 'next/link';
import type { TermSection } from '@/db/queries/sections';
import { sectionLabel } from '@/lib/format';
import { formatMeetings } from '@/core/meetings';
import { DataTable } from './data-table';
import { LiveSeatsBar, LiveSeatsProvider } from './live-seats';

/**
 * A term's sections with their fill, as an instructor (their own, with the room) and a registrar (all, with
 * the instructor and an Edit link) see them; each row links to the section and its roster.
 */
export function TermSectionsTable({
  caption,
  rows,
  view,
}: {
  caption: string;
  rows: TermSection[];
  view: 'instructor' | 'registrar';
}) {
  const registrar = view === 'registrar';
  return (
    <LiveSeatsProvider
      sections={rows.map((s) => s.id)}
      labels={Object.fromEntries(rows.map((s) => [s.id, sectionLabel(s.course, s.code)]))}
    >
      <DataTable
        caption={caption}
        columns={[
          'Section',
          'Title',
          registrar ? 'Instructor' : 'Meets',
          registrar ? 'Meets' : 'Location',
          'Seats taken',
          { label: registrar ? 'Actions' : 'Roster', hidden: true },
        ]}
      >
        {rows.map((s) => {
          const label = sectionLabel(s.course, s.code);
          const meets = <td className="px-4 py-3 whitespace-nowrap">{formatMeetings(s.meetings)}</td>;
          return (
            <tr key={s.id} className="hover:bg-slate-50">
              <th scope="row" className="px-4 py-3 font-medium whitespace-nowrap">
                <Link href={`/sections/${s.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                  {label}
                </Link>
              </th>
              <td className="px-4 py-3">{s.course.title}</td>
              {registrar ? <td className="px-4 py-3">{s.instructor?.name ?? 'Staff'}</td> : meets}
              {registrar ? meets : <td className="px-4 py-3">{s.location || 'TBA'}</td>}
              <td className="px-4 py-3">
                <LiveSeatsBar id={s.id} taken={s.enrolledCount} capacity={s.capacity} />
              </td>
              <td className="space-x-3 px-4 py-3 whitespace-nowrap">
                {registrar ? (
                  <Link href={`/registrar/sections/${s.id}`} className="font-medium text-brand-700 underline">
                    Edit<span className="sr-only"> {label}</span>
                  </Link>
                ) : null}
                <Link href={`/sections/${s.id}/roster`} className="font-medium text-brand-700 underline">
                  Roster<span className="sr-only"> of {label}</span>
                </Link>
              </td>
            </tr>
          );
        })}
      </DataTable>
    </LiveSeatsProvider>
  );
}
