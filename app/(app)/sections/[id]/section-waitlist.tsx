'use client';

import { useActionState } from 'react';
import { useLiveSeats } from '@/app/_components/live-seats';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE, type ActionState } from '@/lib/web/action-state';
import { SwapFromField, type HeldSeat } from './section-swap';
import { changeSwapFromAction, joinWaitlistAction, leaveWaitlistAction } from './waitlist-actions';
import { SwapChoice } from './swap-choice';
import type { SwapFromChoice } from '@/db/queries/waitlists';

interface Props {
  sectionId: number;
  full: boolean;
  /** The waitlist's size, how many wait, and the student's place (null when not waiting). */
  capacity: number;
  length: number;
  myPosition: number | null;
  canJoin: boolean;
  /** Seats the student holds this term: one may be released when their turn comes (a swap from the waitlist). */
  held: HeldSeat[];
  preferred?: number;
  /** The student's release choice while waiting (docs/decisions/0018). */
  swapChoice?: SwapFromChoice | null;
  label?: string;
}

const latest = (a: ActionState, b: ActionState) => ((a.at ?? 0) >= (b.at ?? 0) ? a : b);

/** A full section's waitlist, for a student without a seat in it (docs/decisions/0011), kept current by the stream. */
export function SectionWaitlist({ sectionId, canJoin, held, preferred, swapChoice = null, label = '', ...rendered }: Props) {
  const [joinState, join] = useActionState(joinWaitlistAction, IDLE);
  const [leaveState, leave] = useActionState(leaveWaitlistAction, IDLE);
  const [changeState, change] = useActionState(changeSwapFromAction, IDLE);
  // The stream's view once it has one (docs/decisions/0013): the place moves up as others leave, with no reload.
  const live = useLiveSeats(sectionId);
  const full = live ? live.seatsLeft === 0 : rendered.full;
  const capacity = live?.waitlist.capacity ?? rendered.capacity;
  const length = live?.waitlist.length ?? rendered.length;
  const myPosition = live && live.myPosition !== undefined ? live.myPosition : rendered.myPosition;
  if (!full && myPosition === null) return null;

  return (
    <section aria-labelledby="waitlist-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="waitlist-heading" className="text-lg font-semibold text-slate-900">
        Waitlist
      </h2>
      {/* Said once, before joining; a student in line reads their place instead. */}
      {full && myPosition === null ? <p className="font-medium text-slate-900">Section is full</p> : null}
      {myPosition !== null ? (
        <p className="text-slate-700">
          You are number {myPosition} of {length} on the waitlist.
        </p>
      ) : capacity === 0 ? (
        <p className="text-slate-700">This section has no waitlist.</p>
      ) : (
        <p className="text-slate-700">
          {length} of {capacity} waiting{length >= capacity ? ': the waitlist is full.' : '.'}
        </p>
      )}
      {myPosition === null && canJoin && capacity > length ? (
        <form action={join} className="space-y-3">
          <input type="hidden" name="sectionId" value={sectionId} />
          {held.length ? (
            <SwapFromField
              label="When your turn comes, release"
              hint="The seat is released in the same step that gives you this one, never before."
              held={held}
              preferred={preferred}
              none="Nothing: keep all my sections"
              state={joinState}
            />
          ) : null}
          <SubmitButton pendingLabel="Joining…">Join waitlist</SubmitButton>
        </form>
      ) : null}
      {myPosition !== null ? (
        <SwapChoice sectionId={sectionId} label={label} choice={swapChoice} held={held} state={changeState} change={change} />
      ) : null}
      {myPosition !== null ? (
        <form action={leave}>
          <input type="hidden" name="sectionId" value={sectionId} />
          <SubmitButton pendingLabel="Leaving…" tone="leave">
            Leave waitlist
          </SubmitButton>
        </form>
      ) : null}
      <FormMessage state={latest(latest(joinState, leaveState), changeState)} />
    </section>
  );
}
