import { z } from 'zod';
import { text } from './form-text';
import { idSchema } from '@/lib/ids';

const whole = (label: string, min: number, max: number) =>
  text(
    z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, `Enter a whole number of ${label}`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `Between ${min} and ${max} ${label}`),
  );

/**
 * How a registrar assigns appointments (docs/decisions/0025): students in priority order (earned credits, or class
 * standing then earned credits; an optional major first), `perSlot` of them every `everyMinutes` from `start`, a
 * campus wall-clock time.
 */
export const appointmentPlanSchema = z.object({
  termId: idSchema,
  order: z.enum(['credits', 'standing'], { message: 'Choose an order' }),
  start: text(
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Enter a date and time')
      .refine((s) => !Number.isNaN(Date.parse(`${s}:00Z`)), 'Enter a real date and time'),
  ),
  perSlot: whole('students', 1, 10_000),
  everyMinutes: whole('minutes', 1, 1_440),
  priorityMajor: text(z.string().trim().max(80, 'At most 80 characters')).transform((s) => s || null),
});

export type AppointmentPlan = z.output<typeof appointmentPlanSchema>;
