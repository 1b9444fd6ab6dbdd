'use client';

import { useActionState } from 'react';
import { ConfirmSubmit } from '@/app/_components/confirm-submit';
import { Field, inputClass } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { createSharedActionState } from '@/app/_components/shared-action-state';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { OVERRIDABLE_RULES } from '@/core/rules';
import { grantOverrideAction, liftHoldAction, placeHoldAction, revokeOverrideAction, setCreditMaximumAction } from './actions';

const box = 'space-y-3 rounded-lg border border-slate-200 bg-white p-5';

export function PlaceHoldForm({ studentId }: { studentId: number }) {
  const [state, action] = useActionState(placeHoldAction, IDLE);
  return (
    <form action={action} noValidate className={box}>
      <h3 className="font-semibold text-slate-900">Place a hold</h3>
      <input type="hidden" name="studentId" value={studentId} />
      <Field name="reason" label="Reason (the student reads it)" state={state}>
        {(control) => <input {...control} type="text" maxLength={200} required className={inputClass} />}
      </Field>
      <SubmitButton pendingLabel="Placing…">Place hold</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

const liftHold = createSharedActionState(liftHoldAction, 'LiftHoldForm');
export const HoldsProvider = liftHold.Provider;

export function LiftHoldForm({ studentId, holdId, reason }: { studentId: number; holdId: number; reason: string }) {
  const run = liftHold.useRun();
  return (
    <form action={run}>
      <input type="hidden" name="studentId" value={studentId} />
      <input type="hidden" name="holdId" value={holdId} />
      <ConfirmSubmit label="Lift" question={`Lift the hold “${reason}”?`} confirmLabel="Confirm lift" pendingLabel="Lifting…" />
    </form>
  );
}

export function CreditMaximumForm({ studentId, termId, maxCredits }: { studentId: number; termId: number; maxCredits: number }) {
  const [state, action] = useActionState(setCreditMaximumAction, IDLE);
  return (
    <form action={action} noValidate className={box}>
      <h3 className="font-semibold text-slate-900">Credit maximum this term</h3>
      <input type="hidden" name="studentId" value={studentId} />
      <input type="hidden" name="termId" value={termId} />
      <Field name="maxCredits" label="Maximum credits" state={state} defaultValue={String(maxCredits)}>
        {(control) => <input {...control} type="number" min={1} max={40} inputMode="numeric" required className={inputClass} />}
      </Field>
      <SubmitButton pendingLabel="Saving…">Set maximum</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

export function GrantOverrideForm({
  studentId,
  sections,
  hint,
}: {
  studentId: number;
  sections: { id: number; label: string }[];
  hint?: string | undefined;
}) {
  const [state, action] = useActionState(grantOverrideAction, IDLE);
  return (
    <form action={action} noValidate className={box}>
      <h3 className="font-semibold text-slate-900">Grant an override</h3>
      <p className="text-sm text-slate-600">Lets this student past one rule for one section. Never past capacity.</p>
      <input type="hidden" name="studentId" value={studentId} />
      <Field name="sectionId" label="Section" state={state} defaultValue="" {...(hint ? { hint } : {})}>
        {(control) => (
          <select {...control} required className={inputClass}>
            <option value="" disabled>
              Choose a section
            </option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="rule" label="Rule" state={state} defaultValue="time_conflict">
        {(control) => (
          <select {...control} className={inputClass}>
            {OVERRIDABLE_RULES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="note" label="Note (optional)" state={state}>
        {(control) => <input {...control} type="text" maxLength={200} className={inputClass} />}
      </Field>
      <SubmitButton pendingLabel="Granting…">Grant override</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

const revokeOverride = createSharedActionState(revokeOverrideAction, 'RevokeOverrideForm');
export const OverridesProvider = revokeOverride.Provider;

export function RevokeOverrideForm({ studentId, sectionId, rule }: { studentId: number; sectionId: number; rule: string }) {
  const run = revokeOverride.useRun();
  return (
    <form action={run}>
      <input type="hidden" name="studentId" value={studentId} />
      <input type="hidden" name="sectionId" value={sectionId} />
      <input type="hidden" name="rule" value={rule} />
      <SubmitButton pendingLabel="Revoking…" tone="danger">
        Revoke
      </SubmitButton>
    </form>
  );
}
