'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/auth';
import type { Result } from '@/lib/outcomes';
import { action } from '@/lib/web/action';
import { safeReturnPath, signInFormSchema } from '@/lib/auth/sign-in-form';

type SignInRefusal = Result<never> | { ok: false; reason: 'too_many_sign_ins'; retryAfterSeconds: number };

/** Auth.js rethrows what `authorize` threw: the throttle's refusal carries how long to wait (auth.ts TooManySignIns). */
const retryAfterOf = (error: AuthError) =>
  'retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : null;

/** A successful sign-in ends in Next's redirect, which the pipeline lets through. */
export const signInAction = action({
  roles: 'public',
  input: signInFormSchema,
  secret: ['password'],
  run: async ({ email, password, callbackUrl }): Promise<SignInRefusal> => {
    try {
      await signIn('credentials', { email, password, redirectTo: safeReturnPath(callbackUrl) });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      const retryAfterSeconds = retryAfterOf(error);
      if (retryAfterSeconds !== null) return { ok: false, reason: 'too_many_sign_ins', retryAfterSeconds };
      return { ok: false, reason: error.type === 'CredentialsSignin' ? 'invalid_credentials' : 'sign_in_unavailable' };
    }
    return { ok: false, reason: 'invalid_credentials' };
  },
  messageFor: (refusal) => {
    if (!('retryAfterSeconds' in refusal)) return undefined;
    const minutes = Math.ceil(refusal.retryAfterSeconds / 60);
    return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  },
  done: () => ({ redirect: '/' }),
});
