import { z } from 'zod';
import { OPTIONAL_NOTICE_KINDS } from '@/lib/notifications/compose';
import { idSchema } from '@/lib/ids';

/** The kinds to keep mailing: the checked boxes (one name sent once is a string, several a list). */
export const preferencesSchema = z.object({
  mail: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat()))
    .pipe(z.array(z.enum(OPTIONAL_NOTICE_KINDS, 'Choose from the listed notices'))),
});

export const markReadSchema = z.object({ noticeId: z.union([z.literal('all'), idSchema]) });

export const retryNoticeSchema = z.object({ noticeId: idSchema });
