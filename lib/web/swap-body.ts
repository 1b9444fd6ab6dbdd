import { z } from 'zod';
import { idSchema } from '@/lib/ids';

/**
 * The body of an enrollment or waitlist request: `swapFrom` names the section whose seat is given up in the same
 * transaction (docs/decisions/0011). A number or digits; other fields are ignored (the student is the session's).
 */
export const sectionIdValue = z.union([z.number().int().positive().max(2_147_483_647), idSchema]);
const sectionId = sectionIdValue;

export const swapBody = z.object({ swapFrom: sectionId.optional() });

/** Joining a waitlist may also name the rest of the set, taken with the seat at promotion (docs/decisions/0022). */
export const waitlistJoinBody = swapBody.extend({ with: z.array(sectionId).max(10).optional() });

/** A waiting student's new release choice (docs/decisions/0018): required, `null` for none. */
export const swapChoiceBody = z.object({ swapFrom: sectionId.nullable() });
