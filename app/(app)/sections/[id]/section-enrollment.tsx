'use client';

import { SubmitButton } from '@/app/_components/submit-button';
import { useActionState, useState, useTransition, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { ENROLLED, postEnrollment, type DirectAnswer } from '@/app/_components/direct-enroll';
import { FormMessage } from '@/app/_components/form-message';
import { LeaveButton } from '@/app/_components/leave-button';
import { useLiveSeats } from '@/app/_components/live-seats';
import { IDLE, type ActionState } from '@/lib/web/action-state';
import type { LeaveMode, RegistrationWindow } from '@/core/calendar';
import { enrollAction, leaveAction } from './actions';

interface Props {
  sectionId: number;
  label: string;
  status: 'none' | 'enrolled' | 'withdrawn' | 'completed';
  window: RegistrationWindow;
  leaveMode: LeaveMode;
  /** Before the click: conflicts, missing prerequisites, holds (the database decides at the click). */
  advice: string[];
  /**
   * What can work: Enroll; a swap (offered below, for a conflict or another section of the course); or nothing (a
   * hold, a missing prerequisite); or the set's own Enroll, below (a lecture and its lab, docs/decisions/0022). A
   * full section with room on its waitlist offers joining it below instead.
   */
  offer: 'enroll' | 'swap' | 'nothing' | 'set';
  /** As rendered: the section is full and its waitlist has room (the stream's view replaces it once it has one). */
  waitlistInstead: boolean;
  /** "Your registration opens Mon, Apr 6, 8:00 AM": the student's appointment, not reached when the page was made. */
  opensAt?: string;
}

const latest = (a: ActionState, b: ActionState) => ((a.at ?? 0) >= (b.at ?? 0) ? a : b);

/**
 * Stays mounted across the re-render that follows an action, so its message stays on screen. Enroll is the
 * server action without JavaScript; with it, the click goes to the API's direct route and the page is updated
 * from the answer (docs/decisions/0027): a seat shows at once, and the rest of the page (seats, swap, waitlist) is
 * re-read after it; a full section's answer carries its waitlist, so the most common refusal of a rush costs one
 * enroll statement and nothing more.
 */
export function SectionEnrollment({
  sectionId,
  label,
  status: renderedStatus,
  window,
  leaveMode,
  advice,
  offer,
  opensAt,
  ...rendered
}: Props) {
  const [enrollState, enroll] = useActionState(enrollAction, IDLE);
  const [leaveState, leave] = useActionState(leaveAction, IDLE);
  const router = useRouter();
  const [, startTransition] = useTransition();
  // The route's last answer: its message stays; what it says of the seat holds until the page renders anew.
  const [direct, setDirect] = useState<DirectAnswer | null>(null);
  const [answered, setAnswered] = useState<DirectAnswer | null>(null);
  const [seenStatus, setSeenStatus] = useState(renderedStatus);
  if (seenStatus !== renderedStatus) {
    setSeenStatus(renderedStatus);
    setAnswered(null);
  }
  const onEnroll = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // In a transition, so the form's SubmitButton shows "Enrolling…" until the answer (React's form status).
    startTransition(async () => {
      const answer = await postEnrollment(`/api/sections/${sectionId}/enrollments`, ENROLLED);
      startTransition(() => {
        setDirect(answer);
        setAnswered(answer);
      });
      // The rest of the page follows from the seat (swap, waitlist, seats); a refusal changed nothing, as with the
      // action, and the live stream brings a full section's waitlist panel.
      if (answer.enrolled) startTransition(() => router.refresh());
    });
  };
  const status = answered?.enrolled ? 'enrolled' : renderedStatus;
  const enrollAnswer = direct ? latest(enrollState, direct.state) : enrollState;
  const canEnroll = (status === 'none' || status === 'withdrawn') && window === 'open';
  // Followed live: a seat coming free brings Enroll back; a full section with a waitlist offers that instead.
  // Without room on the waitlist, Enroll stays: a seat may come free at any moment, and the database decides.
  const live = useLiveSeats(sectionId);
  const waitlistInstead = live ? live.seatsLeft === 0 && live.waitlist.length < live.waitlist.capacity : false;
  const fullWithRoom = answered?.error === 'section_full' && answered.waitlistOpen === true;
  const offersEnroll = canEnroll && offer === 'enroll' && !(live ? waitlistInstead : rendered.waitlistInstead || fullWithRoom);

  return (
    <section aria-labelledby="enrollment-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="enrollment-heading" className="text-lg font-semibold text-slate-900">
        Your enrollment
      </h2>
      <p className="text-slate-700">
        {status === 'enrolled' && 'You are enrolled in this section.'}
        {status === 'completed' && 'You completed this section.'}
        {status === 'withdrawn' && 'You withdrew from this section.'}
        {status === 'none' && 'You are not enrolled in this section.'}
        {(status === 'none' || status === 'withdrawn') && window === 'not_yet_open' && ' Registration is not open yet.'}
        {(status === 'none' || status === 'withdrawn') && window === 'closed' && ' Registration is closed.'}
        {(status === 'none' || status === 'withdrawn') && window === 'open' && opensAt && ` ${opensAt}.`}
        {status === 'enrolled' && leaveMode === 'none' && ' The withdrawal deadline has passed.'}
      </p>
      {canEnroll && advice.length ? (
        <ul aria-label="Before you enroll" className="space-y-2">
          {advice.map((line) => (
            <li key={line} className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
              {line}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap gap-3 empty:hidden">
        {offersEnroll ? (
          <form action={enroll} onSubmit={onEnroll}>
            <input type="hidden" name="sectionId" value={sectionId} />
            <SubmitButton pendingLabel="Enrolling…">
              {opensAt ? `Enroll (${opensAt.replace(/^Your r/, 'r')})` : 'Enroll'}
            </SubmitButton>
          </form>
        ) : null}
        {status === 'enrolled' && leaveMode !== 'none' ? (
          <form action={leave}>
            <input type="hidden" name="sectionId" value={sectionId} />
            <LeaveButton mode={leaveMode} what={label} />
          </form>
        ) : null}
      </div>
      <FormMessage state={latest(enrollAnswer, leaveState)} />
    </section>
  );
}
