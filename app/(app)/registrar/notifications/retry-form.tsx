'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { retryNoticeAction } from './actions';

export function RetryNoticeForm({ noticeId, label }: { noticeId: number; label: string }) {
  const [state, action] = useActionState(retryNoticeAction, IDLE);
  return (
    <form action={action}>
      <input type="hidden" name="noticeId" value={noticeId} />
      <SubmitButton pendingLabel="Queueing…">
        Send again<span className="sr-only"> {label}</span>
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
