'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { applyAppointmentsAction } from './actions';

/** The previewed plan, applied as shown: its fields travel as hidden inputs. */
export function ApplyAppointmentsForm({ plan, students }: { plan: Record<string, string>; students: number }) {
  const [state, apply] = useActionState(applyAppointmentsAction, IDLE);
  return (
    <form action={apply} className="space-y-3">
      {Object.entries(plan).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton pendingLabel="Applying…">Apply to {students === 1 ? '1 student' : `${students} students`}</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
