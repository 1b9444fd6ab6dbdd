import { z } from 'zod';
import { classStanding, transcriptSource } from '@/db/schema';
import { idSchema } from '@/lib/ids';
import { text } from './form-text';
import { gradeSchema } from './grades-form';

export const addTranscriptLineSchema = z.object({
  studentId: idSchema,
  course: text(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z]+\s*[A-Za-z0-9]+$/, 'Enter a course code such as CS 1301'),
  ),
  grade: text(gradeSchema),
  termCode: text(
    z
      .string()
      .trim()
      .max(20, 'At most 20 characters')
      .transform((v) => v || null),
  ),
  source: text(z.enum(transcriptSource.enumValues, 'Choose transfer, exam or earlier')),
});

export const removeTranscriptLineSchema = z.object({ studentId: idSchema, lineId: idSchema });

export const studentProfileSchema = z.object({
  studentId: idSchema,
  earnedCredits: text(
    z
      .string()
      .trim()
      .regex(/^\d{1,4}(\.\d)?$/, 'Enter credits such as 45 or 45.5')
      .transform(Number),
  ),
  classStanding: text(z.enum(classStanding.enumValues, 'Choose a class standing')),
  major: text(
    z
      .string()
      .trim()
      .max(80, 'At most 80 characters')
      .transform((v) => v || null),
  ),
});
