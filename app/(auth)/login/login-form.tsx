'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { signInAction } from './actions';

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction] = useActionState(signInAction, IDLE);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Field name="email" label="Email" state={state}>
        {(control) => <input {...control} type="email" autoComplete="username" required className={inputClass} />}
      </Field>
      <Field name="password" label="Password" state={state}>
        {(control) => <input {...control} type="password" autoComplete="current-password" required className={inputClass} />}
      </Field>
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
