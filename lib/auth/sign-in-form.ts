import { z } from 'zod';

/** Email and password as both the sign-in form and Auth.js's `authorize` read them: one schema, one set of limits. */
export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email').email('Enter a valid email address').max(320),
  password: z.string().min(1, 'Enter your password').max(1024),
});

export const signInFormSchema = credentialsSchema.extend({ callbackUrl: z.string().max(2048).optional() });

/** Only a path on this site: an absolute URL keeps its path and loses its host (no open redirect). */
export function safeReturnPath(callbackUrl: string | undefined): string {
  if (!callbackUrl) return '/';
  try {
    const url = new URL(callbackUrl, 'http://local.invalid');
    const path = `${url.pathname}${url.search}`;
    return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/login') ? path : '/';
  } catch {
    return '/';
  }
}
