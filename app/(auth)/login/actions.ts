'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { signIn } from '@/auth';
import { failure, type ActionState } from '@/lib/action-state';

const loginSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email').email('Enter a valid email address').max(320),
  password: z.string().min(1, 'Enter your password').max(1024),
  callbackUrl: z.string().max(2048).optional(),
});

/** Only a path on this site: an absolute URL keeps its path and loses its host (no open redirect). */
function safeReturnPath(callbackUrl: string | undefined): string {
  if (!callbackUrl) return '/';
  try {
    const url = new URL(callbackUrl, 'http://local.invalid');
    const path = `${url.pathname}${url.search}`;
    return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/login') ? path : '/';
  } catch {
    return '/';
  }
}

export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = loginSchema.safeParse({
    email: formData.get('email'),
    password: formData.get('password'),
    callbackUrl: formData.get('callbackUrl') ?? undefined,
  });
  if (!parsed.success) {
    return failure('Please correct the highlighted fields', z.flattenError(parsed.error).fieldErrors);
  }
  try {
    await signIn('credentials', {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeReturnPath(parsed.data.callbackUrl),
    });
  } catch (error) {
    // A successful sign-in "throws" Next's redirect, which must propagate.
    if (error instanceof AuthError) {
      return failure(
        error.type === 'CredentialsSignin'
          ? 'Invalid email or password'
          : 'Sign-in is temporarily unavailable. Please try again in a moment.',
      );
    }
    throw error;
  }
  return failure('Invalid email or password');
}
