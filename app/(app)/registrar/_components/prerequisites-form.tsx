'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { setPrerequisitesAction } from '../prerequisite-actions';

/** The course's prerequisites, typed as the contract's expression and shown back as stored. */
export function PrerequisitesForm({ sectionId, course, expression }: { sectionId: number; course: string; expression: string }) {
  const [state, action] = useActionState(setPrerequisitesAction, IDLE);
  return (
    <section aria-labelledby="prerequisites-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="prerequisites-heading" className="text-lg font-semibold text-slate-900">
        Prerequisites of {course}
      </h2>
      <p className="text-sm text-slate-600">
        Stored now: <span className="font-mono">{expression || 'none'}</span>. They apply to every section of {course}; students
        already holding a seat keep it.
      </p>
      <form action={action} noValidate className="space-y-3">
        <input type="hidden" name="sectionId" value={sectionId} />
        <Field
          name="expression"
          label="Prerequisite expression"
          state={state}
          defaultValue={expression}
          hint="Course codes with an optional minimum grade in brackets, and, or, parentheses; and binds tighter. Example: (CS 1301 [C] or CS 1315 [C]) and MATH 1551. Leave empty for none."
        >
          {(control) => (
            <input {...control} type="text" autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} />
          )}
        </Field>
        <SubmitButton pendingLabel="Saving…">Save prerequisites</SubmitButton>
        <FormMessage state={state} />
      </form>
    </section>
  );
}
