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
