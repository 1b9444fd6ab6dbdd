'use client';

import { SubmitButton } from '@/app/_components/submit-button';
import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { IDLE } from '@/lib/action-state';
import { createSectionAction } from '../actions';
import { Field, inputClass, ScheduleFields } from './section-fields';
import { submitKeepingValues } from './use-keep-values';

interface Props {
  courses: { id: number; subject: string; number: string; title: string }[];
  terms: { id: number; name: string }[];
  defaultTermId?: number;
  instructors: { id: number; name: string; email: string }[];
}

export function CreateSectionForm({ courses, terms, defaultTermId, instructors }: Props) {
  const [state, action] = useActionState(createSectionAction, IDLE);
  const errors = state.fieldErrors ?? {};
  return (
    <form
      action={action}
      onSubmit={submitKeepingValues(action)}
      noValidate
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-6"
    >
      <div className="grid gap-5 sm:grid-cols-2">
        <Field name="courseId" label="Course" errors={errors}>
          {(aria) => (
            <select {...aria} required defaultValue="" className={inputClass}>
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
        <Field name="termId" label="Term" errors={errors}>
          {(aria) => (
            <select {...aria} required defaultValue={defaultTermId ?? ''} className={inputClass}>
              {terms.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="code" label="Section code" errors={errors} hint="Letters, digits and hyphens, e.g. A01">
          {(aria) => <input {...aria} type="text" required maxLength={10} autoComplete="off" className={inputClass} />}
        </Field>
        <ScheduleFields errors={errors} instructors={instructors} />
      </div>
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Creating…">Create section</SubmitButton>
    </form>
  );
}
