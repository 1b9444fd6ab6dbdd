import { NextResponse, type NextRequest } from 'next/server';

/**
 * Sends visitors without a session cookie to /login (a convenience: pages, actions and routes verify the session
 * themselves). It deliberately does not decode or refresh the session: a refresh racing a sign-out (a prefetch
 * answered after the sign-out response) would set the cookie again and sign the user back in.
 */
export function proxy(request: NextRequest) {
  const hasSession = request.cookies
    .getAll()
    .some(({ name }) => name.startsWith('authjs.session-token') || name.startsWith('__Secure-authjs.session-token'));
  if (hasSession || request.nextUrl.pathname.startsWith('/login')) return NextResponse.next();
  const login = new URL('/login', request.nextUrl);
  login.searchParams.set('callbackUrl', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!api/|_next/|favicon\\.svg|robots\\.txt).*)'],
};
