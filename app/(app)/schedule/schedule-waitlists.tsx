'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { LiveSeatsProvider, LiveWaitlistPlace } from '@/app/_components/live-seats';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import type { StudentWaitlist } from '@/db/queries/waitlists';
import { IDLE } from '@/lib/web/action-state';
import { changeSwapFromAction, leaveWaitlistAction } from '../sections/[id]/waitlist-actions';
import type { HeldSeat } from '../sections/[id]/section-swap';
import { SwapChoice } from '../sections/[id]/swap-choice';

/** The sections the student waits for, with their place in each and a Leave button (docs/decisions/0011). */
export function ScheduleWaitlists({
  waitlists,
  held = [],
}: {
  waitlists: (StudentWaitlist & { label: string; swapFromLabel?: string; passedOver: string | null })[];
  /** Seats the student holds this term, for changing a release choice (docs/decisions/0018). */
  held?: HeldSeat[];
}) {
  const [leaveState, leave] = useActionState(leaveWaitlistAction, IDLE);
  const [changeState, change] = useActionState(changeSwapFromAction, IDLE);
  const state = (leaveState.at ?? 0) >= (changeState.at ?? 0) ? leaveState : changeState;
  if (!waitlists.length) return <FormMessage state={state} />;
  return (
    <section aria-labelledby="waitlists-heading" className="space-y-3">
      <h2 id="waitlists-heading" className="text-lg font-semibold text-slate-900">
        Your waitlists
      </h2>
      <LiveSeatsProvider
        sections={waitlists.map((w) => w.sectionId)}
        labels={Object.fromEntries(waitlists.map((w) => [w.sectionId, w.label]))}
      >
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {waitlists.map((w) => (
            <li key={w.sectionId} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <span>
                <Link href={`/sections/${w.sectionId}`} className="font-medium text-brand-700 hover:underline">
                  {w.label}
                </Link>{' '}
                {w.course.title}: <LiveWaitlistPlace id={w.sectionId} position={w.position} length={w.length} />
                {w.swapFromLabel && !w.swapFromStale ? (
                  <span className="block text-sm text-slate-600">In place of {w.swapFromLabel}</span>
                ) : null}
                {w.passedOver ? (
                  <span className="block text-sm text-amber-800">Passed over when a seat came free: {w.passedOver}</span>
                ) : null}
                <SwapChoice
                  sectionId={w.sectionId}
                  label={w.label}
                  choice={
                    w.swapFromSectionId === null
                      ? null
                      : { sectionId: w.swapFromSectionId, section: w.swapFromSection ?? '', stale: w.swapFromStale }
                  }
                  held={held.filter((seat) => seat.sectionId !== w.sectionId)}
                  // Field errors belong under the row that was sent only.
                  state={changeState.values?.sectionId === String(w.sectionId) ? changeState : IDLE}
                  change={change}
                />
              </span>
              <form action={leave}>
                <input type="hidden" name="sectionId" value={w.sectionId} />
                <SubmitButton pendingLabel="Leaving…" tone="leave">
                  Leave<span className="sr-only"> the waitlist for {w.label}</span>
                </SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      </LiveSeatsProvider>
      <FormMessage state={state} />
    </section>
  );
}
