import { z } from 'zod';
import { OVERRIDABLE_RULES, type OverridableRuleCode } from '@/core/rules';
import { text } from './form-text';
import { idSchema } from '@/lib/ids';

export const placeHoldSchema = z.object({
  studentId: idSchema,
  reason: text(z.string().trim().min(1, 'Enter the reason the student will read').max(200, 'At most 200 characters')),
});

export const liftHoldSchema = z.object({ studentId: idSchema, holdId: idSchema });

export const creditMaximumSchema = z.object({
  studentId: idSchema,
  termId: idSchema,
  maxCredits: text(
    z
      .string()
      .trim()
      .regex(/^\d{1,2}$/, 'Enter a whole number of credits')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 40, 'Between 1 and 40 credits'),
  ),
});

const rule = z.enum(OVERRIDABLE_RULES.map(([code]) => code) as [OverridableRuleCode, ...OverridableRuleCode[]], 'Choose a rule');

export const grantOverrideSchema = z.object({
  studentId: idSchema,
  sectionId: text(z.string().min(1, 'Choose a section').pipe(idSchema)),
  rule,
  note: text(z.string().trim().max(200, 'At most 200 characters')),
});

export const revokeOverrideSchema = z.object({ studentId: idSchema, sectionId: idSchema, rule });
