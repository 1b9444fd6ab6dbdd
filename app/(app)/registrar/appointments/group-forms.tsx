'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { deletePriorityGroupAction, savePriorityGroupAction } from './actions';

/** A priority group from an e-mail list: a new name creates it, a name it already has replaces its members. */
export function SavePriorityGroupForm() {
  const [state, save] = useActionState(savePriorityGroupAction, IDLE);
  return (
    <form action={save} noValidate className="space-y-3">
      <Field name="name" label="Group name" state={state} hint="Athletes, Honors, Veterans…">
        {(control) => <input {...control} type="text" maxLength={80} className={inputClass} />}
      </Field>
      <Field
        name="emails"
        label="Members’ e-mail addresses"
        state={state}
        hint="One per line, or separated by commas: saving replaces the group’s members."
      >
        {(control) => <textarea {...control} rows={4} className={inputClass} />}
      </Field>
      <SubmitButton pendingLabel="Saving…">Save group</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

export function DeletePriorityGroupForm({ groupId, name }: { groupId: number; name: string }) {
  const [state, remove] = useActionState(deletePriorityGroupAction, IDLE);
  return (
    <form action={remove}>
      <input type="hidden" name="groupId" value={groupId} />
      <SubmitButton pendingLabel="Removing…" tone="leave">
        Remove<span className="sr-only"> {name}</span>
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
