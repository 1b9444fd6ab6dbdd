import { z } from 'zod';

/** A database id as it appears in a URL or a form: a positive 32-bit integer written in plain digits. */
export const idSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'must be a positive whole number')
  .transform(Number)
  .refine((n) => n <= 2_147_483_647, 'is too large');

export function parseId(raw: unknown): number | null {
  const parsed = idSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
