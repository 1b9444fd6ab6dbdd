import { NextResponse, type NextRequest } from 'next/server';
import { ACTION_BODY_LIMIT, READ_ONLY_METHODS, declaredTooLarge, isCrossSite } from './lib/web/request-guards';
import { API_HEADERS, SECURITY_HEADERS } from './lib/web/security-headers';

/**
 * The page's Content-Security-Policy, with this response's nonce: Next puts the nonce on its own scripts when it
 * finds it in the request's policy (docs/decisions/0010). No inline style is allowed either: the app has none.
 * Development adds what React's dev tooling and hot reload need.
 */
function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === 'development';
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' ${dev ? `'unsafe-inline'` : `'nonce-${nonce}'`}`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/**
 * Every page gets a fresh CSP nonce. Visitors without a session cookie go to /login (a convenience: pages, actions
 * and routes verify the session themselves). It deliberately does not decode or refresh the session: a refresh
 * racing a sign-out (a prefetch answered after the sign-out response) would set the cookie again.
 */
export function proxy(request: NextRequest) {
  const api = request.nextUrl.pathname.startsWith('/api/');
  // A path that is not valid percent-encoded UTF-8 (/sections/%C0%80, /api/sections/%): Next would fail decoding
  // it with a 500, before any route handler could answer.
  if (!decodes(request.nextUrl.pathname)) return refusal(api, 400, 'invalid_input', 'The address is not valid');
  if (api) {
    // The API's own pipeline (lib/web/route.ts) answers everything else; a server action aimed at an API path from
    // another site would be Next's 500.
    if (request.headers.has('next-action') && isCrossSite(request)) {
      return refusal(api, 403, 'cross_site_request', 'This request must come from a page of this site');
    }
    return NextResponse.next();
  }
  // A form post (a server action) from another site, or larger than any form: answered here, before Next buffers
  // its body (Next's own origin check would abort it too, but as a 500).
  if (!READ_ONLY_METHODS.has(request.method)) {
    if (isCrossSite(request)) return refusal(api, 403, 'cross_site_request', 'This request must come from a page of this site');
    if (declaredTooLarge(request, ACTION_BODY_LIMIT)) return refusal(api, 413, 'body_too_large', 'The request body is too large');
  }
  const hasSession = request.cookies
    .getAll()
    .some(({ name }) => name.startsWith('authjs.session-token') || name.startsWith('__Secure-authjs.session-token'));
  if (!hasSession && !request.nextUrl.pathname.startsWith('/login')) {
    const login = new URL('/login', request.nextUrl);
    login.searchParams.set('callbackUrl', `${request.nextUrl.pathname}${request.nextUrl.search}`);
    return NextResponse.redirect(login);
  }
  const policy = contentSecurityPolicy(Buffer.from(crypto.randomUUID()).toString('base64'));
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** Refused before Next reads the request: plain text for a page, the API's error shape under /api/; the usual headers. */
function refusal(api: boolean, status: number, code: string, message: string) {
  const headers = new Headers({ Connection: 'close', 'Cache-Control': 'no-store' });
  for (const { key, value } of [...SECURITY_HEADERS, ...(api ? API_HEADERS : [])]) headers.set(key, value);
  if (!api) {
    headers.set('Content-Type', 'text/plain; charset=utf-8');
    return new NextResponse(message, { status, headers });
  }
  return NextResponse.json({ error: code, message }, { status, headers });
}

export const config = {
  // Pages; under /api/ only what the route pipeline cannot answer (a path with a `%` that may not decode, a server
  // action): Next.js buffers a copy of the body for every request it runs this on.
  matcher: [
    '/((?!api/|_next/|favicon\\.svg|robots\\.txt).*)',
    '/api/(.*%.*)',
    { source: '/api/:path*', has: [{ type: 'header', key: 'next-action' }] },
  ],
};
