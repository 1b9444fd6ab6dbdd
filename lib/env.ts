import { z } from 'zod';
import { databaseEnvSchema } from '@/db/env';

// Built on first use: lib/format (in client bundles too) imports this module for CAMPUS_TIME_ZONE alone.
const serverEnvSchema = () =>
  databaseEnvSchema.extend({
    // Checked for production by authSecretProblem (lib/startup-checks.ts); read through authSecrets().
    AUTH_SECRET: z.string().optional(),
    // docs/decisions/0026: notices are mailed only when SMTP_URL is set (npm run dev sets it to its own sink).
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/]+(:\d+)?\/?$/, 'SMTP_URL must look like smtp://host:port')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Curriculab <registrar@curriculab.test>'),
    /** The address links in e-mails point at (the balancer's public URL in production). */
    APP_URL: z.string().url().default('http://localhost:3000'),
    CAMPUS_TIME_ZONE: z
      .string()
      .optional()
      .refine(
        (zone) => zone === undefined || isTimeZone(zone),
        'CAMPUS_TIME_ZONE must be a time zone name, e.g. America/Chicago',
      ),
  });

export type ServerEnv = z.infer<ReturnType<typeof serverEnvSchema>>;

let cached: ServerEnv | undefined;

/** The database's settings (db/env.ts) and the app's, validated once, on first use: `next build` has neither. */
export function serverEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = serverEnvSchema().safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The campus time zone (instants are shown in it; history date filters are campus days): an IANA name the runtime
 * knows, UTC when unset. A name it does not know stops the process at start-up rather than show wrong times.
 */
export function campusTimeZoneFrom(value: string | undefined): string {
  const zone = value?.trim() || 'UTC';
  if (!isTimeZone(zone)) throw new Error(`Invalid environment: CAMPUS_TIME_ZONE must be a time zone name, got ${value}`);
  return zone;
}

export const CAMPUS_TIME_ZONE = campusTimeZoneFrom(process.env.CAMPUS_TIME_ZONE);

/** The session secrets (AUTH_SECRET; a comma-separated list while rotating, the first one signs), or undefined. */
export function authSecrets(value = process.env.AUTH_SECRET): string[] | undefined {
  const secrets = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return secrets?.length ? secrets : undefined;
}

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
