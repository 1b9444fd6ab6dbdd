import { z } from 'zod';
import { idSchema } from '@/lib/ids';
import { LIVE_MAX_SECTIONS } from '@/lib/live/seats';

/**
 * The live routes' `?sections=1,2,3`: distinct section ids, at most LIVE_MAX_SECTIONS of them. Unknown ids are not
 * an error: they simply never change (a deleted section stops being sent).
 */
export const liveQuery = z.object({
  sections: z
    .string({ error: 'is required' })
    .max(LIVE_MAX_SECTIONS * 11, `names more than ${LIVE_MAX_SECTIONS} sections`)
    .transform((text) => text.split(','))
    .pipe(z.array(idSchema).min(1, 'names no section').max(LIVE_MAX_SECTIONS, `names more than ${LIVE_MAX_SECTIONS} sections`))
    .transform((ids) => [...new Set(ids)]),
});
