import { z } from 'zod';
import { idSchema } from '@/lib/ids';

/**
 * The body of an enrollment or waitlist request: `swapFrom` names the section whose seat is given up in the same
 * transaction (docs/decisions/0011). A number or digits; other fields are ignored (the student is the session's).
 */
export const swapBody = z.object({
  swapFrom: z.union([z.number().int().positive().max(2_147_483_647), idSchema]).optional(),
});
