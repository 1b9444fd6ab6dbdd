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

/** Named priority groups, in the order typed ("Athletes, Honors"): at most 10, each named once. */
const groupNames = text(
  z
    .string()
    .trim()
    .max(1_000, 'At most 1000 characters')
    .transform((s) =>
      s
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .refine((names) => names.length <= 10, 'At most 10 groups')
    .refine((names) => names.every((n) => n.length <= 80), 'A group name has at most 80 characters')
    .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, 'Name each group once'),
);

/**
 * How a registrar assigns appointments (docs/decisions/0025): students in priority order (the named priority groups
 * first, in the order given; then an optional major; then earned credits, or class standing then earned credits),
 * `perSlot` of them every `everyMinutes` from `start`, a campus wall-clock time.
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
  groups: groupNames,
});

export type AppointmentPlan = z.output<typeof appointmentPlanSchema>;

/**
 * A priority group as the registrar saves it: its name and its members as a list of e-mail addresses (pasted from a
 * spreadsheet or a mailing list: separated by commas, semicolons, spaces or new lines). Saving a name that exists
 * replaces its members.
 */
export const priorityGroupSchema = z.object({
  name: text(
    z
      .string()
      .trim()
      .min(1, 'Name the group')
      .max(80, 'At most 80 characters')
      .refine((s) => !s.includes(','), 'A group name cannot contain a comma'),
  ),
  emails: text(
    z
      .string()
      .max(1_000_000, 'At most 1 MB of addresses')
      .transform((s) => [
        ...new Set(
          s
            .split(/[\s,;]+/)
            .filter(Boolean)
            .map((e) => e.toLowerCase()),
        ),
      ])
      .refine((list) => list.length > 0, 'List at least one student’s e-mail address')
      .refine((list) => list.length <= 20_000, 'At most 20000 students')
      .superRefine((list, ctx) => {
        const bad = list.filter((e) => !z.email().safeParse(e).success);
        if (bad.length) ctx.addIssue({ code: 'custom', message: `Not an e-mail address: ${bad.slice(0, 5).join(', ')}` });
      }),
  ),
});

export const priorityGroupIdSchema = z.object({ groupId: idSchema });
