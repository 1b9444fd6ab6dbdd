'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import {
  crossListAction,
  leaveCrossListAction,
  releaseReservationAction,
  removeReservationAction,
  reserveSeatsAction,
} from './priority-actions';

const box = 'space-y-3 rounded-lg border border-slate-200 bg-white p-5';

export interface ReservationRow {
  id: number;
  sentence: string;
  open: number;
  released: boolean;
}

/** Reserved seats on the section form (docs/decisions/0025): the list, release now or remove, and a new one. */
export function ReservationsForms({ sectionId, reservations }: { sectionId: number; reservations: ReservationRow[] }) {
  const [addState, add] = useActionState(reserveSeatsAction, IDLE);
  const [releaseState, release] = useActionState(releaseReservationAction, IDLE);
  const [removeState, remove] = useActionState(removeReservationAction, IDLE);
  const latest = [releaseState, removeState].sort((a, b) => (b.at ?? 0) - (a.at ?? 0))[0]!;
  return (
    <section aria-labelledby="reservations-heading" className={box}>
      <h2 id="reservations-heading" className="text-lg font-semibold text-slate-900">
        Reserved seats
      </h2>
      {reservations.length ? (
        <ul className="space-y-2">
          {reservations.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-3">
              <span>
                {r.sentence}
                {r.released ? ' (released)' : ` (${r.open} still open)`}
              </span>
              {!r.released ? (
                <form action={release}>
                  <input type="hidden" name="sectionId" value={sectionId} />
                  <input type="hidden" name="reservationId" value={r.id} />
                  <SubmitButton pendingLabel="Releasing…">Release now</SubmitButton>
                </form>
              ) : null}
              <form action={remove}>
                <input type="hidden" name="sectionId" value={sectionId} />
                <input type="hidden" name="reservationId" value={r.id} />
                <SubmitButton pendingLabel="Removing…">Remove</SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No seats are reserved in this section.</p>
      )}
      <FormMessage state={latest} />
      <form action={add} noValidate className="grid gap-3 sm:grid-cols-2">
        <input type="hidden" name="sectionId" value={sectionId} />
        <Field name="classStanding" label="Class standing" state={addState} defaultValue="">
          {(control) => (
            <select {...control} className={inputClass}>
              <option value="">Any</option>
              {['freshman', 'sophomore', 'junior', 'senior', 'graduate'].map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="major" label="Major (optional)" state={addState}>
          {(control) => <input {...control} type="text" maxLength={80} className={inputClass} />}
        </Field>
        <Field name="seats" label="Seats" state={addState}>
          {(control) => <input {...control} type="number" min={1} inputMode="numeric" required className={inputClass} />}
        </Field>
        <Field name="releasedAt" label="Released at (campus time)" state={addState}>
          {(control) => <input {...control} type="datetime-local" required className={inputClass} />}
        </Field>
        <div className="sm:col-span-2">
          <SubmitButton pendingLabel="Reserving…">Reserve seats</SubmitButton>
        </div>
        <div className="sm:col-span-2">
          <FormMessage state={addState} />
        </div>
      </form>
    </section>
  );
}

/** The cross-list on the section form: join one by code (created with a capacity when new), or leave it. */
export function CrossListForms({
  sectionId,
  current,
}: {
  sectionId: number;
  current: { code: string; sentence: string } | null;
}) {
  const [joinState, join] = useActionState(crossListAction, IDLE);
  const [leaveState, leave] = useActionState(leaveCrossListAction, IDLE);
  return (
    <section aria-labelledby="cross-list-heading" className={box}>
      <h2 id="cross-list-heading" className="text-lg font-semibold text-slate-900">
        Cross-list
      </h2>
      {current ? (
        <div className="flex flex-wrap items-center gap-3">
          <p>{current.sentence}</p>
          <form action={leave}>
            <input type="hidden" name="sectionId" value={sectionId} />
            <SubmitButton pendingLabel="Leaving…">Leave cross-list</SubmitButton>
          </form>
        </div>
      ) : (
        <p className="text-sm text-slate-600">This section has its own capacity.</p>
      )}
      <FormMessage state={leaveState} />
      <form action={join} noValidate className="grid gap-3 sm:grid-cols-2">
        <input type="hidden" name="sectionId" value={sectionId} />
        <Field name="code" label="Cross-list code" state={joinState} defaultValue={current?.code ?? ''}>
          {(control) => <input {...control} type="text" maxLength={40} required className={inputClass} />}
        </Field>
        <Field
          name="capacity"
          label="Shared capacity"
          hint="Required for a new cross-list; for an existing one, leave empty to keep it."
          state={joinState}
        >
          {(control) => <input {...control} type="number" min={0} inputMode="numeric" className={inputClass} />}
        </Field>
        <div className="sm:col-span-2">
          <SubmitButton pendingLabel="Saving…">{current ? 'Save cross-list' : 'Cross-list this section'}</SubmitButton>
        </div>
        <div className="sm:col-span-2">
          <FormMessage state={joinState} />
        </div>
      </form>
    </section>
  );
}
