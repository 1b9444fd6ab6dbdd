/** Runs once when a Next.js server starts: refuse to serve production without a session secret. */
export function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NODE_ENV === 'production' && !process.env.AUTH_SECRET) {
    console.error('Refusing to start: AUTH_SECRET is not set (generate one with `openssl rand -base64 32`).');
    process.exit(1);
  }
}
