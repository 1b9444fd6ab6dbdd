'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import type { SectionWaitlistEntry } from '@/db/queries/waitlists';
import { IDLE } from '@/lib/web/action-state';
import { removeFromWaitlistAction } from '../waitlist-actions';

/** The waitlist in order under the roster; a registrar can remove a student from it (docs/decisions/0011). */
export function RosterWaitlist({
  sectionId,
  capacity,
  entries,
  canRemove,
}: {
  sectionId: number;
  capacity: number;
  entries: (SectionWaitlistEntry & { passedOver: string | null })[];
  canRemove: boolean;
}) {
  const [state, remove] = useActionState(removeFromWaitlistAction, IDLE);
  return (
    <section aria-labelledby="waitlist-heading" className="space-y-3">
      <h2 id="waitlist-heading" className="text-lg font-semibold text-slate-900">
        Waitlist ({entries.length} of {capacity})
      </h2>
      {entries.length ? (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {entries.map((e) => (
            <li key={e.studentId} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <span>
                <span className="tabular-nums">{e.position}.</span> {e.name} ({e.email})
                {e.swapFromSectionId ? ' · swapping from another section' : ''}
                {e.passedOver ? <span className="block text-sm text-amber-800">Passed over: {e.passedOver}</span> : null}
              </span>
              {canRemove ? (
                <form action={remove}>
                  <input type="hidden" name="sectionId" value={sectionId} />
                  <input type="hidden" name="email" value={e.email} />
                  <SubmitButton pendingLabel="Removing…" tone="danger">
                    Remove<span className="sr-only"> {e.name} from the waitlist</span>
                  </SubmitButton>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-slate-600">Nobody is waiting.</p>
      )}
      <FormMessage state={state} />
    </section>
  );
}
