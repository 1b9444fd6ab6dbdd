import { authSecretProblem } from './lib/env';

/** Runs once when a Next.js server starts: refuse to serve production with a missing or guessable session secret. */
export function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NODE_ENV !== 'production') return;
  const problem = authSecretProblem(process.env.AUTH_SECRET);
  if (problem) {
    console.error(`Refusing to start: ${problem}.`);
    process.exit(1);
  }
}
