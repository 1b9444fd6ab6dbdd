'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/auth';
import type { Result } from '@/lib/outcomes';
import { action } from '@/lib/web/action';
import { safeReturnPath, signInFormSchema } from '@/lib/web/sign-in-form';

/** A successful sign-in ends in Next's redirect, which the pipeline lets through. */
export const signInAction = action({
  roles: 'public',
  input: signInFormSchema,
  secret: ['password'],
  run: async ({ email, password, callbackUrl }): Promise<Result<never>> => {
    try {
      await signIn('credentials', { email, password, redirectTo: safeReturnPath(callbackUrl) });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return { ok: false, reason: error.type === 'CredentialsSignin' ? 'invalid_credentials' : 'sign_in_unavailable' };
    }
    return { ok: false, reason: 'invalid_credentials' };
  },
  done: () => ({ redirect: '/' }),
});
