'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE, type ActionState } from '@/lib/web/action-state';
import { swapAction } from './actions';

/** A seat the student holds this term, which a swap may give up. */
export interface HeldSeat {
  sectionId: number;
  label: string;
  title: string;
}

/** The "in place of" field: which held seat a swap gives up (`none` adds a "nothing" choice first). */
export function SwapFromField({
  label,
  hint,
  held,
  preferred,
  none,
  state,
}: {
  label: string;
  hint?: string;
  held: HeldSeat[];
  preferred?: number;
  none?: string;
  state: ActionState;
}) {
  return (
    <Field name="swapFrom" label={label} hint={hint} state={state} defaultValue={preferred ? String(preferred) : ''}>
      {(control) => (
        <select {...control} required={!none} className={inputClass}>
          {none ? <option value="">{none}</option> : null}
          {held.map((seat) => (
            <option key={seat.sectionId} value={seat.sectionId}>
              {seat.label} {seat.title}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * "Enroll in place of…": the new seat is taken and the old one released in one transaction, or nothing changes
 * (docs/decisions/0011). Offered beside Enroll when the section has a seat; a full section offers the same choice
 * when joining its waitlist.
 */
export function SectionSwap({
  sectionId,
  held,
  preferred,
  open,
}: {
  sectionId: number;
  held: HeldSeat[];
  preferred?: number;
  /** Registration is open, the student has no seat here and the section has a free one. */
  open: boolean;
}) {
  const [state, swap] = useActionState(swapAction, IDLE);
  // After a swap the panel has nothing left to offer, but its answer stays on screen.
  if (!open || !held.length) return state.status === 'idle' ? null : <FormMessage state={state} />;
  return (
    <section aria-labelledby="swap-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="swap-heading" className="text-lg font-semibold text-slate-900">
        Swap a section
      </h2>
      <p className="text-sm text-slate-700">
        Take this section in place of one you hold. If this section refuses you, you keep the one you have.
      </p>
      <form action={swap} className="space-y-3">
        <input type="hidden" name="sectionId" value={sectionId} />
        <SwapFromField label="In place of" held={held} preferred={preferred ?? held[0]!.sectionId} state={state} />
        <SubmitButton pendingLabel="Swapping…">Swap</SubmitButton>
      </form>
      <FormMessage state={state} />
    </section>
  );
}
