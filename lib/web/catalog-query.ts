import { z } from 'zod';
import { hasNul } from '@/lib/text';

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** Catalog search parameters from the URL (the term is read by termFromSearchParams): anything odd falls back to a default. */
export const catalogQuerySchema = z.object({
  q: z
    .preprocess(
      first,
      z
        .string()
        .trim()
        .max(100)
        .refine((q) => !hasNul(q))
        .catch(''),
    )
    .default(''),
  open: z.preprocess((v) => first(v) === '1' || first(v) === 'on', z.boolean()),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(10_000).catch(1)).default(1),
});

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .refine((text) => !hasNul(text), 'Contains a character that is not allowed');

/**
 * The JSON catalog's parameters (GET /api/sections): where the page falls back to a default, an API caller is told
 * what is wrong (400 with field errors).
 */
export const catalogApiQuerySchema = z.object({
  term: optionalText(40).pipe(z.string().min(1, 'Give a term code or leave term out')).optional(),
  q: optionalText(100).default(''),
  open: z.enum(['1', '0', 'true', 'false'], 'Use 1 or 0').optional(),
  page: z.coerce
    .number('Must be a page number')
    .int('Must be a whole number')
    .min(1, 'Pages start at 1')
    .max(10_000, 'At most 10000')
    .default(1),
});
