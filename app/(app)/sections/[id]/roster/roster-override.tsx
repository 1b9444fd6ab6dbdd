'use client';

import { SubmitButton } from '@/app/_components/submit-button';
import { useActionState } from 'react';
import { FieldError, FormMessage } from '@/app/_components/form-message';
import { LeaveButton } from '@/app/_components/leave-button';
import { createSharedAnswer } from '@/app/_components/shared-answer';
import { IDLE } from '@/lib/action-state';
import { registrarDropAction, registrarEnrollAction } from './actions';

const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30';

/** Registrar override: enroll a student, chosen by email. The database still decides whether a seat exists. */
export function RegistrarEnrollForm({ sectionId }: { sectionId: number }) {
  const [state, action] = useActionState(registrarEnrollAction, IDLE);
  const errors = state.fieldErrors?.studentEmail;
  return (
    <form action={action} noValidate className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 className="text-lg font-semibold text-slate-900">Enroll a student</h2>
      <p className="text-sm text-slate-600">
        As registrar you may enroll outside the registration window, but not beyond capacity.
      </p>
      <input type="hidden" name="sectionId" value={sectionId} />
      <div>
        <label htmlFor="studentEmail" className="block text-sm font-medium text-slate-800">
          Student email
        </label>
        <input
          id="studentEmail"
          name="studentEmail"
          type="email"
          autoComplete="off"
          required
          className={inputClass}
          aria-invalid={errors ? true : undefined}
          aria-describedby={errors ? 'studentEmail-error' : undefined}
        />
        <FieldError id="studentEmail-error" errors={errors} />
      </div>
      <SubmitButton pendingLabel="Enrolling…">Enroll student</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

const registrarDrop = createSharedAnswer(registrarDropAction, 'RosterDropForm');

/** Holds the answer above the roster: the row it came from moves or disappears once the drop is done. */
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
