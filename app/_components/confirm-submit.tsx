'use client';

import { useState } from 'react';
import { SubmitButton, BUTTON_TONES } from './submit-button';

/**
 * A destructive submit that asks once more: the first click shows the question with Confirm and Cancel,
 * and only Confirm submits the form it sits in.
 */
export function ConfirmSubmit({
  label,
  question,
  confirmLabel,
  pendingLabel,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  pendingLabel: string;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className={`rounded-md px-4 py-2 ${BUTTON_TONES.leave}`}>
        {label}
      </button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="text-sm text-slate-800">{question}</span>
      <SubmitButton pendingLabel={pendingLabel} tone="danger">
        {confirmLabel}
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
