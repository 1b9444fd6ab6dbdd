'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { copyTermAction, createTermAction, updateTermAction } from './actions';

export interface TermDefaults {
  id?: number;
  code: string;
  name: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  dropDeadline: string;
  withdrawDeadline: string;
  classesStartOn: string;
  classesEndOn: string;
}

const MOMENTS = [
  ['registrationOpensAt', 'Registration opens'],
  ['registrationClosesAt', 'Registration closes'],
  ['dropDeadline', 'Drop deadline'],
  ['withdrawDeadline', 'Withdrawal deadline'],
] as const;

/** Create (no id) or edit a term; times are campus time. */
export function TermForm({ term, zone }: { term?: TermDefaults; zone: string }) {
  const [state, formAction] = useActionState(term?.id ? updateTermAction : createTermAction, IDLE);
  return (
    <form action={formAction} noValidate className="space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      {term?.id ? <input type="hidden" name="termId" value={term.id} /> : null}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field name="code" label="Code" state={state} defaultValue={term?.code ?? ''} hint="e.g. FALL-2026">
          {(control) => <input {...control} type="text" required maxLength={40} autoComplete="off" className={inputClass} />}
        </Field>
        <Field name="name" label="Name" state={state} defaultValue={term?.name ?? ''} hint="e.g. Fall 2026">
          {(control) => <input {...control} type="text" required maxLength={100} className={inputClass} />}
        </Field>
        {MOMENTS.map(([name, label]) => (
          <Field
            key={name}
            name={name}
            label={label}
            state={state}
            defaultValue={term?.[name] ?? ''}
            hint={`Campus time (${zone})`}
          >
            {(control) => <input {...control} type="datetime-local" required className={inputClass} />}
          </Field>
        ))}
        <Field name="classesStartOn" label="First day of classes" state={state} defaultValue={term?.classesStartOn ?? ''}>
          {(control) => <input {...control} type="date" required className={inputClass} />}
        </Field>
        <Field name="classesEndOn" label="Last day of classes" state={state} defaultValue={term?.classesEndOn ?? ''}>
          {(control) => <input {...control} type="date" required className={inputClass} />}
        </Field>
      </div>
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Saving…">{term?.id ? 'Save term' : 'Create term'}</SubmitButton>
    </form>
  );
}

/** Roll-over: copy every section of one term into another. */
export function CopyTermForm({ terms }: { terms: { id: number; name: string }[] }) {
  const [state, formAction] = useActionState(copyTermAction, IDLE);
  const select = (name: string, label: string) => (
    <Field name={name} label={label} state={state} defaultValue="">
      {(control) => (
        <select {...control} required className={inputClass}>
          <option value="" disabled>
            Choose a term
          </option>
          {terms.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <form action={formAction} noValidate className="space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      <div className="grid gap-5 sm:grid-cols-2">
        {select('fromTermId', 'Copy sections from')}
        {select('toTermId', 'Into')}
      </div>
      <p className="text-sm text-slate-600">
        Components, links, credits, capacities, waitlists, instructors and meetings are copied, meeting dates shifted to the new
        term’s classes; nobody is enrolled. All sections or none.
      </p>
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Copying…">Copy sections</SubmitButton>
    </form>
  );
}
