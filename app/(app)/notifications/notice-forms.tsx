'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { markReadAction, savePreferencesAction } from './actions';

export function MarkAllReadForm() {
  const [state, action] = useActionState(markReadAction, IDLE);
  return (
    <form action={action}>
      <input type="hidden" name="noticeId" value="all" />
      <SubmitButton pendingLabel="Marking…">Mark all as read</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

export function PreferencesForm({ kinds, mailed }: { kinds: { kind: string; label: string }[]; mailed: string[] }) {
  const [state, action] = useActionState(savePreferencesAction, IDLE);
  const checked = state.status === 'error' ? [state.values?.mail ?? []].flat() : mailed;
  return (
    <form action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <fieldset className="space-y-2">
        <legend className="font-semibold text-slate-900">E-mail me when</legend>
        <p className="text-sm text-slate-600">Promotions from a waitlist and pass-overs are always e-mailed.</p>
        {kinds.map((k) => (
          <label key={k.kind} className="flex items-center gap-2">
            <input type="checkbox" name="mail" value={k.kind} defaultChecked={checked.includes(k.kind)} />
            {k.label}
          </label>
        ))}
      </fieldset>
      <SubmitButton pendingLabel="Saving…">Save preferences</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
