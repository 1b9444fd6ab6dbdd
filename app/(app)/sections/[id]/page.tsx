import type { Metadata } from 'next';
import Link from 'next/link';
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { LiveSeatsBar, LiveSeatsLeft, LiveSeatsProvider } from '@/app/_components/live-seats';
import { findEnrollment, listStudentSchedule } from '@/db/queries/enrollments';
import { enrollmentAdvice } from '@/lib/domain/students';
import { getSectionDetail } from '@/db/queries/sections';
import { getWaitlistSummary } from '@/db/queries/waitlists';
import { requirePageRole } from '@/lib/web/authz';
import { mayReadRoster } from '@/lib/domain/rosters';
import { formatInstant, formatMeetings, sectionLabel, spellMeetingDays } from '@/lib/format';
import { parseId } from '@/lib/ids';
import { leaveMode, registrationWindow } from '@/lib/domain/calendar';
import { SectionEnrollment } from './section-enrollment';
import { SectionSwap, type HeldSeat } from './section-swap';
import { SectionWaitlist } from './section-waitlist';

type Params = Promise<{ id: string }>;

// One query per request, shared by the metadata and the page.
const sectionFor = cache(async (rawId: string) => {
  const id = parseId(rawId);
  return id ? getSectionDetail(id) : undefined;
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const section = await sectionFor((await params).id);
  return { title: section ? `${sectionLabel(section.course, section.code)} ${section.course.title}` : 'Section not found' };
}

export default async function SectionPage({ params }: { params: Params }) {
  const user = await requirePageRole();
  const section = await sectionFor((await params).id);
  if (!section) notFound();
  const label = sectionLabel(section.course, section.code);
  const seatsLeft = Math.max(0, section.capacity - section.enrolledCount);
  const [enrollment, advice, waitlist, schedule] =
    user.role === 'student'
      ? await Promise.all([
          findEnrollment(user.id, section.id),
          enrollmentAdvice(user.id, section.id),
          getWaitlistSummary(section.id, user.id),
          listStudentSchedule(user.id, section.term.id),
        ])
      : [undefined, [], undefined, []];
  // The seats a swap could give up; another section of this course first, the usual reason to swap.
  const sameCourseAs = (course: { subject: string; number: string }) =>
    course.subject === section.course.subject && course.number === section.course.number;
  const held: HeldSeat[] = schedule
    .filter((e) => e.status === 'enrolled' && e.section.id !== section.id)
    .map((e) => ({ sectionId: e.section.id, label: sectionLabel(e.course, e.section.code), title: e.course.title }));
  const sameCourse = held.find((seat) => schedule.some((e) => e.section.id === seat.sectionId && sameCourseAs(e.course)));
  // Enroll would be refused (one seat per course): say so before the click, and where the way round is.
  const courseAdvice = sameCourse
    ? [`You hold a seat in ${sameCourse.label}, another section of this course: swap to change sections.`]
    : [];
  const holdsHere = enrollment?.completionStatus === 'enrolled' || enrollment?.completionStatus === 'completed';
  const registrationOpen = registrationWindow(section.term) === 'open';
  const rosterLink = mayReadRoster(user, { instructorId: section.instructor?.id ?? null });

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/sections?term=${encodeURIComponent(section.term.code)}`} className="text-brand-700 underline">
          {section.term.name} catalog
        </Link>
      </nav>
      <div>
        <h1 className="text-2xl font-semibold text-brand-900">
          {label}: {section.course.title}
        </h1>
        <p className="mt-1 text-slate-600">
          {section.course.credits} credits · {section.term.name}
        </p>
      </div>

      <LiveSeatsProvider sections={[section.id]} labels={{ [section.id]: label }}>
        <div className="grid gap-6 md:grid-cols-3">
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-3 self-start rounded-lg border border-slate-200 bg-white p-5 md:col-span-2">
            <dt className="font-medium text-slate-600">Instructor</dt>
            <dd>{section.instructor?.name ?? 'Staff'}</dd>
            <dt className="font-medium text-slate-600">Meets</dt>
            <dd>
              <abbr title={spellMeetingDays(section.meetings)} className="no-underline">
                {formatMeetings(section.meetings)}
              </abbr>
            </dd>
            <dt className="font-medium text-slate-600">Location</dt>
            <dd>{section.location || 'To be announced'}</dd>
            <dt className="font-medium text-slate-600">Seats taken</dt>
            <dd className="space-y-1">
              <LiveSeatsBar id={section.id} taken={section.enrolledCount} capacity={section.capacity} />
              <p className="text-sm text-slate-600">
                <LiveSeatsLeft id={section.id} seatsLeft={seatsLeft} />
              </p>
            </dd>
            <dt className="font-medium text-slate-600">Registration</dt>
            <dd className="text-sm">
              {formatInstant(section.term.registrationOpensAt)} – {formatInstant(section.term.registrationClosesAt)}
              <br />
              Drop by {formatInstant(section.term.dropDeadline)}; withdraw by {formatInstant(section.term.withdrawDeadline)}
            </dd>
            {section.course.description ? (
              <>
                <dt className="font-medium text-slate-600">About</dt>
                <dd className="text-slate-800">{section.course.description}</dd>
              </>
            ) : null}
          </dl>

          <div className="space-y-4">
            {user.role === 'student' ? (
              <SectionEnrollment
                sectionId={section.id}
                label={label}
                status={enrollment?.completionStatus ?? 'none'}
                window={registrationWindow(section.term)}
                leaveMode={leaveMode(section.term)}
                advice={holdsHere ? [] : [...courseAdvice, ...advice]}
              />
            ) : null}
            {user.role === 'student' ? (
              <SectionSwap
                sectionId={section.id}
                held={held}
                preferred={sameCourse?.sectionId}
                open={registrationOpen && !holdsHere && seatsLeft > 0}
              />
            ) : null}
            {waitlist && !holdsHere ? (
              <SectionWaitlist
                sectionId={section.id}
                full={seatsLeft === 0}
                capacity={waitlist.capacity}
                length={waitlist.length}
                myPosition={waitlist.myPosition}
                swapChoice={waitlist.mySwapFrom}
                label={label}
                canJoin={registrationOpen}
                held={held}
                preferred={sameCourse?.sectionId}
              />
            ) : null}
            {rosterLink ? (
              <Link
                href={`/sections/${section.id}/roster`}
                className="block rounded-lg border border-slate-200 bg-white p-5 font-medium text-brand-700 hover:bg-slate-50"
              >
                View roster →
              </Link>
            ) : null}
          </div>
        </div>
      </LiveSeatsProvider>
    </div>
  );
}
