import { NextResponse, type NextRequest } from 'next/server';
import { ACTION_BODY_LIMIT, READ_ONLY_METHODS, declaredTooLarge, isCrossSite } from './lib/web/request-guards';

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
  // A path that is not valid percent-encoded UTF-8 (/sections/%C0%80): Next would fail decoding it with a 500.
  if (!decodes(request.nextUrl.pathname)) return plainRefusal(400, 'The address is not valid');
  // A form post (a server action) from another site, or larger than any form: answered here, before Next buffers
  // its body (Next's own origin check would abort it too, but as a 500).
  if (!READ_ONLY_METHODS.has(request.method)) {
    if (isCrossSite(request)) return plainRefusal(403, 'This request must come from a page of this site');
    if (declaredTooLarge(request, ACTION_BODY_LIMIT)) return plainRefusal(413, 'The request body is too large');
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

function plainRefusal(status: number, message: string) {
  return new NextResponse(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' } });
}

export const config = {
  matcher: ['/((?!api/|_next/|favicon\\.svg|robots\\.txt).*)'],
};
