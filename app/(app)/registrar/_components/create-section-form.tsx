'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { createSectionAction } from '../actions';
import { SettingsFields } from './settings-fields';

interface Props {
  courses: { id: number; subject: string; number: string; title: string }[];
  terms: { id: number; name: string }[];
  defaultTermId?: number;
  instructors: { id: number; name: string; email: string }[];
  /** Sections of the term a new lab may be taken with (docs/decisions/0022). */
  linkOptions: { id: number; label: string }[];
}

export function CreateSectionForm({ courses, terms, defaultTermId, instructors, linkOptions }: Props) {
  const [state, action] = useActionState(createSectionAction, IDLE);
  return (
    <form action={action} noValidate className="space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      <div className="grid gap-5 sm:grid-cols-2">
        <Field name="courseId" label="Course" state={state} defaultValue="">
          {(control) => (
            <select {...control} required className={inputClass}>
              <option value="" disabled>
                Choose a course
              </option>
              {courses.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.subject} {c.number}: {c.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="termId" label="Term" state={state} defaultValue={defaultTermId?.toString() ?? ''}>
          {(control) => (
            <select {...control} required className={inputClass}>
              {terms.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="code" label="Section code" state={state} hint="Letters, digits and hyphens, e.g. A01">
          {(control) => <input {...control} type="text" required maxLength={10} autoComplete="off" className={inputClass} />}
        </Field>
        <SettingsFields state={state} instructors={instructors} linkOptions={linkOptions} />
      </div>
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Creating…">Create section</SubmitButton>
    </form>
  );
}
