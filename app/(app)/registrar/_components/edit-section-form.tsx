'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { updateSectionAction } from '../actions';
import { MoveConflicts } from './move-conflicts';
import { SettingsFields, type SettingsDefaults } from './settings-fields';

interface Props {
  sectionId: number;
  defaults: SettingsDefaults;
  instructors: { id: number; name: string; email: string }[];
  linkOptions: { id: number; label: string }[];
}

export function EditSectionForm({ sectionId, defaults, instructors, linkOptions }: Props) {
  const [state, action] = useActionState(updateSectionAction, IDLE);
  return (
    <form action={action} noValidate className="space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      <input type="hidden" name="sectionId" value={sectionId} />
      <div className="grid gap-5 sm:grid-cols-2">
        <SettingsFields state={state} instructors={instructors} defaults={defaults} linkOptions={linkOptions} />
      </div>
      <FormMessage state={state} />
      <MoveConflicts state={state} sectionId={sectionId} />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}
