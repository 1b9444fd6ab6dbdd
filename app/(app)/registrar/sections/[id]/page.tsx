import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { SeatsBar } from '@/app/_components/seats-bar';
import { getSectionForEdit } from '@/db/queries/sections';
import { listLinkOptions } from '@/db/queries/sets';
import { listInstructors } from '@/db/queries/users';
import { requirePageRole } from '@/lib/web/authz';
import type { SearchParams } from '@/lib/web/search-params';
import { sectionLabel } from '@/lib/format';
import { parseId } from '@/lib/ids';
import { DeleteSectionForm } from '../../_components/delete-section-form';
import { EditSectionForm } from '../../_components/edit-section-form';
import { getSectionCrossList, listSectionReservations } from '@/db/queries/priority';
import { reservationSentence } from '@/app/_components/priority-facts';
import { CrossListForms, ReservationsForms } from './priority-forms';
import { PrerequisitesForm } from '../../_components/prerequisites-form';
import { sectionPrerequisites } from '@/lib/domain/prerequisites';

export const metadata: Metadata = { title: 'Edit section' };

type Params = Promise<{ id: string }>;

export default async function EditSectionPage({ params, searchParams }: { params: Params; searchParams: Promise<SearchParams> }) {
  await requirePageRole('registrar');
  const id = parseId((await params).id);
  const [row, instructors, prerequisites] = await Promise.all([
    id ? getSectionForEdit(id) : undefined,
    listInstructors(),
    id ? sectionPrerequisites(id) : null,
  ]);
  if (!row || !prerequisites) notFound();
  const { section, meetings, course, term } = row;
  const [reservations, crossList, links] = await Promise.all([
    listSectionReservations(section.id),
    getSectionCrossList(section.id),
    listLinkOptions({ termId: section.termId, courseId: section.courseId }),
  ]);
  const linkOptions = links.filter((o) => o.id !== section.id);
  const label = sectionLabel(course, section.code);
  const created = Boolean((await searchParams).created);

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="flex gap-4 text-sm">
        <Link href={`/registrar?term=${encodeURIComponent(term.code)}`} className="text-brand-700 underline">
          All sections
        </Link>
        <Link href={`/sections/${section.id}/roster`} className="text-brand-700 underline">
          Roster
        </Link>
      </nav>
      <div>
        <h1 className="text-2xl font-semibold text-brand-900">
          Edit {label}: {course.title}
        </h1>
        <p className="mt-1 text-slate-600">{term.name}</p>
      </div>
      {created ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-900">
          Section {label} was created.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <p className="text-slate-800">
          <span className="font-semibold tabular-nums">{section.enrolledCount}</span> enrolled of {section.capacity} seats
        </p>
        <SeatsBar taken={section.enrolledCount} capacity={section.capacity} />
      </div>
      <EditSectionForm
        sectionId={section.id}
        instructors={instructors}
        linkOptions={linkOptions}
        defaults={{
          component: section.component,
          linkedSectionId: section.linkedSectionId,
          credits: section.credits,
          startsOn: meetings[0]?.startsOn ?? null,
          endsOn: meetings[0]?.endsOn ?? null,
          capacity: section.capacity,
          instructorId: section.instructorId,
          meetings,
          location: section.location,
          waitlistCapacity: section.waitlistCapacity,
        }}
      />
      <ReservationsForms
        sectionId={section.id}
        reservations={reservations.map((r) => ({
          id: r.id,
          sentence: reservationSentence(section.capacity, r),
          open: r.open,
          released: r.released,
        }))}
      />
      <CrossListForms
        sectionId={section.id}
        current={
          crossList
            ? {
                code: crossList.code,
                sentence: `In cross-list ${crossList.code}${crossList.sharedWith.length ? `, shared with ${crossList.sharedWith.join(', ')}` : ''}: ${crossList.held} of ${crossList.capacity} shared seats taken.`,
              }
            : null
        }
      />
      <PrerequisitesForm sectionId={section.id} course={prerequisites.course} expression={prerequisites.expression} />
      <section aria-labelledby="delete-heading" className="space-y-3 rounded-lg border border-rose-200 bg-white p-6">
        <h2 id="delete-heading" className="text-lg font-semibold text-slate-900">
          Delete this section
        </h2>
        <p className="text-sm text-slate-600">Only a section that nobody has ever enrolled in can be deleted.</p>
        <DeleteSectionForm sectionId={section.id} label={label} />
      </section>
    </div>
  );
}
