import type { Metadata } from 'next';
import Link from 'next/link';
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { LiveSeatsBar, LiveSeatsLeft, LiveSeatsProvider } from '@/app/_components/live-seats';
import { findEnrollment, listStudentSchedule } from '@/db/queries/enrollments';
import { enrollmentAdvice, type Advice } from '@/lib/domain/students';
import { groupsOf, listSectionPrerequisites } from '@/db/queries/prerequisites';
import { printPrerequisites } from '@/core/prerequisites';
import { getSectionDetail } from '@/db/queries/sections';
import { getWaitlistSummary } from '@/db/queries/waitlists';
import { getAppointment, getSectionCrossList, listSectionReservations } from '@/db/queries/priority';
import { PriorityFacts, appointmentNotice } from '@/app/_components/priority-facts';
import { getSectionSet } from '@/db/queries/sets';
import { requirePageRole } from '@/lib/web/authz';
import { mayReadRoster } from '@/lib/domain/rosters';
import { formatInstant, sectionLabel } from '@/lib/format';
import { formatMeetings, spellMeetingDays } from '@/core/meetings';
import { parseId } from '@/lib/ids';
import { SectionEnrollment } from './section-enrollment';
import { SectionSwap, type HeldSeat } from './section-swap';
import { SectionWaitlist } from './section-waitlist';
import { SectionSet } from './section-set';

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
  const [enrollment, advice, waitlist, schedule, prerequisites, reservations, crossList, appointment, set] = await Promise.all([
    user.role === 'student' ? findEnrollment(user.id, section.id) : undefined,
    user.role === 'student' ? enrollmentAdvice(user.id, section.id) : [],
    user.role === 'student' ? getWaitlistSummary(section.id, user.id) : undefined,
    user.role === 'student' ? listStudentSchedule(user.id, section.term.id) : [],
    listSectionPrerequisites(section.id),
    listSectionReservations(section.id),
    getSectionCrossList(section.id),
    user.role === 'student' ? getAppointment(user.id, section.term.id) : undefined,
    getSectionSet(section.id),
  ]);
  // docs/decisions/0025: before the student's appointment, the page says when it opens (the server still decides).
  const opensAt = appointment && !appointment.reached ? appointmentNotice(appointment.opensAt) : undefined;
  // A set (docs/decisions/0022): enrolled together from its own form; dropped together, as the confirmation says.
  const setIds = set ? [set.lecture.id, ...set.members.map((m) => m.id)] : [];
  const setHeld = schedule.filter((e) => e.status === 'enrolled' && setIds.includes(e.section.id));
  const prefix = `${section.course.subject} ${section.course.number}-`;
  const leaveWhat =
    setHeld.length > 1 ? `${setHeld.map((e) => sectionLabel(e.course, e.section.code)).join(' and ')} (the whole set)` : label;
  // The seats a swap could give up; another section of this course first, the usual reason to swap.
  const sameCourseAs = (course: { subject: string; number: string }) =>
    course.subject === section.course.subject && course.number === section.course.number;
  const held: HeldSeat[] = schedule
    .filter((e) => e.status === 'enrolled' && e.section.id !== section.id)
    .map((e) => ({ sectionId: e.section.id, label: sectionLabel(e.course, e.section.code), title: e.course.title }));
  // One seat per component of a course (docs/decisions/0022): a lab is swapped for a lab, not for the lecture.
  const sameCourse = held.find((seat) =>
    schedule.some((e) => e.section.id === seat.sectionId && sameCourseAs(e.course) && e.section.component === section.component),
  );
  const full = seatsLeft === 0;
  const waitlistOpen = Boolean(waitlist && waitlist.length < waitlist.capacity);
  // Enroll would be refused (one seat per course): say so before the click, and the way round that is offered here.
  const courseAdvice: Advice[] = sameCourse
    ? [
        {
          text:
            `You hold a seat in ${sameCourse.label}, another section of this course` +
            (!full
              ? ': swap below to change sections.'
              : waitlistOpen
                ? ': join the waitlist below and release it when your turn comes.'
                : '.'),
          swappable: sameCourse.sectionId,
        },
      ]
    : [];
  const holdsHere = enrollment?.completionStatus === 'enrolled' || enrollment?.completionStatus === 'completed';
  const before = holdsHere ? [] : [...courseAdvice, ...advice];
  // A hold or a missing prerequisite: nothing the student can click here would work (the server still decides).
  const blocked = before.some((a) => a.swappable === undefined);
  // The held seat a swap (or a waitlist place) would release to clear a conflict or the one-seat-per-course rule.
  const releasable = before.find((a) => a.swappable !== undefined)?.swappable;
  const registrationOpen = section.term.registration === 'open';
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
          {section.component} · {section.credits} credits · {section.term.name}
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
            <PriorityFacts capacity={section.capacity} reservations={reservations} crossList={crossList} />
            <dt className="font-medium text-slate-600">Prerequisites</dt>
            <dd>
              {prerequisites.length ? (
                <>
                  <p className="font-medium">{printPrerequisites(groupsOf(prerequisites))}</p>
                  <ul className="mt-1 text-sm text-slate-600">
                    {[...new Map(prerequisites.map((p) => [p.courseId, p])).values()].map((p) => (
                      <li key={p.courseId}>{`${p.subject} ${p.number} ${p.title}`}</li>
                    ))}
                  </ul>
                </>
              ) : (
                'None'
              )}
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
                label={leaveWhat}
                status={enrollment?.completionStatus ?? 'none'}
                window={section.term.registration}
                leaveMode={section.term.leaveMode}
                advice={before.map((a) => a.text)}
                offer={set && !setHeld.length ? 'set' : blocked ? 'nothing' : releasable ? 'swap' : 'enroll'}
                waitlistInstead={full && waitlistOpen}
                opensAt={opensAt}
              />
            ) : null}
            {set ? (
              <SectionSet
                sectionId={section.id}
                set={set}
                prefix={prefix}
                canEnroll={user.role === 'student' && registrationOpen && !setHeld.length && !blocked}
                heldIds={setHeld.map((e) => e.section.id)}
              />
            ) : null}
            {user.role === 'student' ? (
              <SectionSwap
                sectionId={section.id}
                held={held}
                preferred={releasable}
                open={registrationOpen && !holdsHere && !blocked && seatsLeft > 0}
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
                canJoin={registrationOpen && !blocked}
                held={held}
                preferred={releasable}
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
