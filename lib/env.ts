/** Session tokens are encrypted with a key derived from AUTH_SECRET: too short a secret can be guessed offline. */
export const AUTH_SECRET_MIN_BYTES = 32;

/**
 * Why production must not start with this AUTH_SECRET, or null when it may. A comma-separated list (rotation)
 * is checked entry by entry.
 */
export function authSecretProblem(secret: string | undefined): string | null {
  if (!secret?.trim()) return 'AUTH_SECRET is not set (generate one with `openssl rand -base64 32`)';
  const short = secret.split(',').some((s) => Buffer.byteLength(s.trim()) < AUTH_SECRET_MIN_BYTES);
  if (short) return `AUTH_SECRET must be at least ${AUTH_SECRET_MIN_BYTES} bytes (generate one with \`openssl rand -base64 32\`)`;
  return null;
}
