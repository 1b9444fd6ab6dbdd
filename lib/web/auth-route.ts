import 'server-only';
import { NextRequest } from 'next/server';
import { signInRetryAfter } from '@/lib/domain/accounts';
import { clientAddress } from './client-address';
import { AUTH_BODY_LIMIT, parseUrl } from './request-guards';
import { errorResponse, route } from './route';

/**
 * Auth.js's route (sign-in, sign-out, session) behind the same body limit, and its throttled sign-in answered as
 * an API caller needs it: 429 with Retry-After, where Auth.js would redirect to the sign-in page.
 */
export function authJsRoute(handler: (request: NextRequest) => Promise<Response>) {
  return route({ roles: 'public', form: { limit: AUTH_BODY_LIMIT } }, async ({ request, form }) => {
    const { method, headers } = request;
    const response = await handler(new NextRequest(request.url, { method, headers, body: form || undefined }));
    const redirectedTo = parseUrl(response.headers.get('location') ?? '', request.url);
    if (redirectedTo?.searchParams.get('code') !== 'too_many_sign_ins') return response;
    const email = new URLSearchParams(form).get('email') ?? '';
    const retryAfter = await signInRetryAfter(email.trim(), clientAddress(headers)).catch(() => null);
    const refusal = errorResponse('too_many_sign_ins');
    refusal.headers.set('Retry-After', String(retryAfter ?? 60));
    return refusal;
  });
}
