import { z } from 'zod';
import { idSchema } from './ids';

/** Day letters in the order a week is read; the database CHECK allows exactly these. */
export const WEEKDAYS = [
  ['M', 'Monday'],
  ['T', 'Tuesday'],
  ['W', 'Wednesday'],
  ['R', 'Thursday'],
  ['F', 'Friday'],
  ['S', 'Saturday'],
  ['U', 'Sunday'],
] as const;
const DAY_LETTERS = WEEKDAYS.map(([letter]) => letter);

const chosenId = (what: string) => z.string().min(1, `Choose ${what}`).pipe(idSchema);

const capacity = z
  .string()
  .trim()
  .min(1, 'Enter the number of seats')
  .regex(/^\d{1,5}$/, 'Enter a whole number of seats')
  .transform(Number)
  .refine((n) => n <= 2000, 'At most 2000 seats');

const optionalTime = z
  .string()
  .trim()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?)?$/, 'Enter a time like 09:30')
  .transform((t) => (t ? t.slice(0, 5) : null));

const scheduleFields = {
  instructorId: z
    .string()
    .transform((v) => v || null)
    .pipe(idSchema.nullable()),
  meetingDays: z
    .array(z.enum(DAY_LETTERS, 'Choose days of the week'))
    .transform((days) => DAY_LETTERS.filter((d) => days.includes(d)).join('')),
  startTime: optionalTime,
  endTime: optionalTime,
  location: z.string().trim().max(100, 'At most 100 characters'),
};

function checkTimes(value: { startTime: string | null; endTime: string | null }, ctx: z.RefinementCtx) {
  const { startTime, endTime } = value;
  if (startTime && !endTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'Enter an end time too' });
  if (endTime && !startTime) ctx.addIssue({ code: 'custom', path: ['startTime'], message: 'Enter a start time too' });
  if (startTime && endTime && startTime >= endTime) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'The end time must be after the start time' });
  }
}

export const createSectionSchema = z
  .object({
    courseId: chosenId('a course'),
    termId: chosenId('a term'),
    code: z
      .string()
      .trim()
      .toUpperCase()
      .min(1, 'Enter a section code')
      .max(10, 'At most 10 characters')
      .regex(/^[A-Z0-9-]+$/, 'Use letters, digits and hyphens only'),
    capacity,
    ...scheduleFields,
  })
  .superRefine(checkTimes);

export const updateSectionSchema = z.object({ sectionId: idSchema, capacity, ...scheduleFields }).superRefine(checkTimes);

/** The form as strings (a missing field is an empty one), checkboxes as a list. */
export function readSectionForm(formData: FormData) {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    sectionId: text('sectionId'),
    courseId: text('courseId'),
    termId: text('termId'),
    code: text('code'),
    capacity: text('capacity'),
    instructorId: text('instructorId'),
    meetingDays: formData.getAll('meetingDays').filter((v): v is string => typeof v === 'string'),
    startTime: text('startTime'),
    endTime: text('endTime'),
    location: text('location'),
  };
}

export const rosterOverrideSchema = z.object({
  sectionId: idSchema,
  studentEmail: z.string().trim().toLowerCase().min(1, "Enter the student's email").email('Enter a valid email address').max(320),
});
