'use client';

import { SubmitButton } from '@/app/_components/submit-button';
import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { IDLE } from '@/lib/action-state';
import { updateSectionAction } from '../actions';
import { ScheduleFields, type ScheduleDefaults } from './section-fields';
import { submitKeepingValues } from './use-keep-values';

interface Props {
  sectionId: number;
  defaults: ScheduleDefaults;
  instructors: { id: number; name: string; email: string }[];
}

export function EditSectionForm({ sectionId, defaults, instructors }: Props) {
  const [state, action] = useActionState(updateSectionAction, IDLE);
  return (
    <form
      action={action}
      onSubmit={submitKeepingValues(action)}
      noValidate
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-6"
    >
      <input type="hidden" name="sectionId" value={sectionId} />
      <div className="grid gap-5 sm:grid-cols-2">
        <ScheduleFields errors={state.fieldErrors ?? {}} instructors={instructors} defaults={defaults} />
      </div>
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}
