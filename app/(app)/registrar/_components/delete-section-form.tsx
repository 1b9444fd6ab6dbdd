'use client';

import { SubmitButton } from '@/app/_components/submit-button';
import { useActionState, useState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { IDLE } from '@/lib/action-state';
import { deleteSectionAction } from '../actions';

/** Deleting asks once more; a section with enrollments is refused by the database with a clear message. */
export function DeleteSectionForm({ sectionId, label }: { sectionId: number; label: string }) {
  const [state, action] = useActionState(deleteSectionAction, IDLE);
  const [confirming, setConfirming] = useState(false);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="sectionId" value={sectionId} />
      {confirming ? (
        <span className="inline-flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-800">Delete {label}? This cannot be undone.</span>
          <SubmitButton pendingLabel="Deleting…" tone="danger">
            Confirm delete
          </SubmitButton>
          <button
            type="button"
            onClick={() => setConfirming(false)}
            className="rounded-md px-3 py-2 text-slate-700 hover:bg-slate-100"
          >
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="rounded-md border border-rose-300 px-4 py-2 font-medium text-rose-800 hover:bg-rose-50"
        >
          Delete section
        </button>
      )}
      <FormMessage state={state} />
    </form>
  );
}
