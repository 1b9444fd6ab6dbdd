import { authSecretProblem } from './env';

// Refuse to serve production with a missing or guessable session secret (docs/decisions/0010).
if (process.env.NODE_ENV === 'production') {
  const problem = authSecretProblem(process.env.AUTH_SECRET);
  if (problem) {
    console.error(`Refusing to start: ${problem}.`);
    process.exit(1);
  }
}
