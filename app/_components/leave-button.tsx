import { ConfirmSubmit } from './confirm-submit';

/** Drop and withdraw are not undoable once the section fills: asked once more before submitting. */
export function LeaveButton({ mode, what }: { mode: 'drop' | 'withdraw'; what: string }) {
  const verb = mode === 'drop' ? 'Drop' : 'Withdraw';
  return (
    <ConfirmSubmit
      label={verb}
      question={`${verb} ${what}?${mode === 'withdraw' ? ' It will show as withdrawn on your record.' : ''}`}
      confirmLabel={`Confirm ${verb.toLowerCase()}`}
      pendingLabel={mode === 'drop' ? 'Dropping…' : 'Withdrawing…'}
    />
  );
}
