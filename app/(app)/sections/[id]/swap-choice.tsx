'use client';

import { SubmitButton } from '@/app/_components/submit-button';
import type { SwapFromChoice } from '@/db/queries/waitlists';
import type { ActionState } from '@/lib/web/action-state';
import { SwapFromField, type HeldSeat } from './section-swap';

/**
 * A waiting student's release choice (docs/decisions/0018): a warning when it went stale (the seat was dropped or
 * swapped away, so the promotion cannot release it and the rules may pass the student over), and a form to change
 * or clear it while keeping the place. Open by itself when stale. The form posts to `changeSwapFromAction`, whose
 * state the caller holds and announces in its own message area (one live region per panel). Nothing when there is
 * no choice and no seat to name.
 */
export function SwapChoice({
  sectionId,
  label,
  choice,
  held,
  state,
  change,
}: {
  sectionId: number;
  label: string;
  choice: SwapFromChoice | null;
  held: HeldSeat[];
  state: ActionState;
  change: (form: FormData) => void;
}) {
  if (!choice && !held.length) return null;
  const stale = choice?.stale ?? false;
  const current = choice && !stale ? choice.sectionId : undefined;
  return (
    <div className="space-y-2 text-sm">
      {stale && choice ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
          <span className="font-medium">Your release choice is out of date.</span> You no longer hold {choice.section}, so nothing
          can be released when your turn comes for {label}, and you may be passed over. Choose the seat to release, or none.
        </p>
      ) : choice ? (
        <p className="text-slate-600">When your turn comes, {choice.section} is released.</p>
      ) : null}
      <details open={stale} className="group">
        <summary className="cursor-pointer font-medium text-brand-700">
          Change what is released<span className="sr-only"> for {label}</span>
        </summary>
        <form action={change} className="mt-2 space-y-2">
          <input type="hidden" name="sectionId" value={sectionId} />
          <SwapFromField
            label="When your turn comes, release"
            hint="You keep your place in line."
            held={held}
            preferred={current}
            none="Nothing: keep all my sections"
            state={state}
          />
          <SubmitButton pendingLabel="Saving…">Save choice</SubmitButton>
        </form>
      </details>
    </div>
  );
}
