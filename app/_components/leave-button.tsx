'use client';

import { useState } from 'react';
import { SubmitButton } from './submit-button';

/** Drop and withdraw are not undoable once the section fills: ask once more before submitting. */
export function LeaveButton({ mode, what }: { mode: 'drop' | 'withdraw'; what: string }) {
  const [confirming, setConfirming] = useState(false);
  const verb = mode === 'drop' ? 'Drop' : 'Withdraw';
  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className="rounded-md border border-rose-300 px-4 py-2 font-medium text-rose-800 hover:bg-rose-50"
      >
        {verb}
      </button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="text-sm text-slate-800">
        {verb} {what}?{mode === 'withdraw' ? ' It will show as withdrawn on your record.' : ''}
      </span>
      <SubmitButton pendingLabel={mode === 'drop' ? 'Dropping…' : 'Withdrawing…'} tone="danger">
        Confirm {verb.toLowerCase()}
      </SubmitButton>
      <button
        type="button"
        onClick={() => setConfirming(false)}
        className="rounded-md px-3 py-2 text-slate-700 hover:bg-slate-100"
      >
        Cancel
      </button>
    </span>
  );
}
