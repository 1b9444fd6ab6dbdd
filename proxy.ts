import NextAuth from 'next-auth';
import { authConfig } from './auth.config';

const { auth } = NextAuth(authConfig);

// Signed-out visitors of any page go to /login (with callbackUrl); API routes answer 401 themselves.
export default auth;

export const config = {
  matcher: ['/((?!api/|_next/|favicon\\.svg|robots\\.txt).*)'],
};
