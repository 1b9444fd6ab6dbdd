'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { LeaveButton } from '@/app/_components/leave-button';
import { createSharedActionState } from '@/app/_components/shared-action-state';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { registrarDropAction, registrarEnrollAction } from './actions';

/** Registrar override: enroll a student, chosen by email. The database still decides whether a seat exists. */
export function RegistrarEnrollForm({ sectionId }: { sectionId: number }) {
  const [state, action] = useActionState(registrarEnrollAction, IDLE);
  return (
    <form action={action} noValidate className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 className="text-lg font-semibold text-slate-900">Enroll a student</h2>
      <p className="text-sm text-slate-600">
        As registrar you may enroll outside the registration window, but not beyond capacity.
      </p>
      <input type="hidden" name="sectionId" value={sectionId} />
      <Field name="studentEmail" label="Student email" state={state}>
        {(control) => <input {...control} type="email" autoComplete="off" required className={inputClass} />}
      </Field>
      <SubmitButton pendingLabel="Enrolling…">Enroll student</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

const registrarDrop = createSharedActionState(registrarDropAction, 'RosterDropForm');

/** Holds the message above the roster: the row it came from moves or disappears once the drop is done. */
export const RosterDropProvider = registrarDrop.Provider;

export function RosterDropForm({
  sectionId,
  student,
  mode,
}: {
  sectionId: number;
  student: { name: string; email: string };
  mode: 'drop' | 'withdraw';
}) {
  const run = registrarDrop.useRun();
  return (
    <form action={run}>
      <input type="hidden" name="sectionId" value={sectionId} />
      <input type="hidden" name="studentEmail" value={student.email} />
      <LeaveButton mode={mode} what={student.name} />
    </form>
  );
}
