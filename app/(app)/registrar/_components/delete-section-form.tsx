'use client';

import { useActionState } from 'react';
import { ConfirmSubmit } from '@/app/_components/confirm-submit';
import { FormMessage } from '@/app/_components/form-message';
import { IDLE } from '@/lib/web/action-state';
import { deleteSectionAction } from '../actions';

/** Deleting asks once more; a section with enrollments is refused by the database with a clear message. */
export function DeleteSectionForm({ sectionId, label }: { sectionId: number; label: string }) {
  const [state, action] = useActionState(deleteSectionAction, IDLE);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="sectionId" value={sectionId} />
      <ConfirmSubmit
        label="Delete section"
        question={`Delete ${label}? This cannot be undone.`}
        confirmLabel="Confirm delete"
        pendingLabel="Deleting…"
      />
      <FormMessage state={state} />
    </form>
  );
}
