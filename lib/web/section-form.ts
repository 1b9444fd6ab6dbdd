import { z } from 'zod';
import { idSchema } from '@/lib/ids';

/** A field the form did not send is an empty one (a browser leaves out an empty select or a disabled input). */
const text = <T extends z.ZodType>(schema: T) => z.preprocess((value) => value ?? '', schema);
/** A checkbox group: none checked sends nothing, one checked sends a single value. */
const list = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), schema);

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

const chosenId = (what: string) => text(z.string().min(1, `Choose ${what}`).pipe(idSchema));

const capacity = text(
  z
    .string()
    .trim()
    .min(1, 'Enter the number of seats')
    .regex(/^\d{1,5}$/, 'Enter a whole number of seats')
    .transform(Number)
    .refine((n) => n <= 2000, 'At most 2000 seats'),
);

const optionalTime = text(
  z
    .string()
    .trim()
    .regex(/^(([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?)?$/, 'Enter a time like 09:30')
    .transform((t) => (t ? t.slice(0, 5) : null)),
);

/** Capacity, instructor, meeting days and times, location: what a registrar may change on a section. */
const settingsFields = {
  capacity,
  instructorId: text(
    z
      .string()
      .transform((v) => v || null)
      .pipe(idSchema.nullable()),
  ),
  meetingDays: list(
    z
      .array(z.enum(DAY_LETTERS, 'Choose days of the week'))
      .transform((days) => DAY_LETTERS.filter((d) => days.includes(d)).join('')),
  ),
  startTime: optionalTime,
  endTime: optionalTime,
  location: text(z.string().trim().max(100, 'At most 100 characters')),
  /** Left out or empty: unchanged (0 for a new section). */
  waitlistCapacity: text(
    z
      .string()
      .trim()
      .regex(/^\d{0,4}$/, 'Enter a whole number of places')
      .transform((v) => (v === '' ? undefined : Number(v)))
      .refine((n) => n === undefined || n <= 1000, 'At most 1000 places'),
  ),
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
    code: text(
      z
        .string()
        .trim()
        .toUpperCase()
        .min(1, 'Enter a section code')
        .max(10, 'At most 10 characters')
        .regex(/^[A-Z0-9-]+$/, 'Use letters, digits and hyphens only'),
    ),
    ...settingsFields,
  })
  .superRefine(checkTimes);

export const updateSectionSchema = z.object({ sectionId: idSchema, ...settingsFields }).superRefine(checkTimes);

export const deleteSectionSchema = z.object({ sectionId: idSchema });

/** A registrar enrolls or drops a student, named by email. */
export const rosterOverrideSchema = z.object({
  sectionId: idSchema,
  studentEmail: text(
    z.string().trim().toLowerCase().min(1, "Enter the student's email").email('Enter a valid email address').max(320),
  ),
});
